// `infoplane plot`: figures from synthetic results files, the movie, and clear errors for bad
// files. Drawing tests are skipped where /usr/bin/python3 lacks h5py or matplotlib.
#include <gtest/gtest.h>

#include <filesystem>

#include "infoplane/io/results_store.hpp"
#include "io/store_test_support.hpp"
#include "io/synthetic_results.hpp"
#include "support/cli.hpp"

namespace infoplane {
namespace {

using testing::run_cli;
using testing::ScratchDir;
namespace fs = std::filesystem;

bool can_draw() { return testing::python_has("h5py, matplotlib"); }

// A non-empty PNG (checked by its 8-byte signature).
void expect_png(const std::string& path) {
  ASSERT_TRUE(fs::exists(path)) << path;
  const std::string bytes = testing::read_text(path);
  EXPECT_GT(bytes.size(), 1000u) << path;
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8)) << path;
}

void expect_nonempty(const std::string& path) {
  ASSERT_TRUE(fs::exists(path)) << path;
  EXPECT_GT(fs::file_size(path), 1000u) << path;
}

TEST(PlotCli, DrawsEveryFigureAndTheGrid) {
  if (!can_draw()) GTEST_SKIP() << "/usr/bin/python3 lacks h5py or matplotlib";
  ScratchDir dir;
  testing::SyntheticShape shape;  // 5 networks, 6 layers, 30 recorded epochs, 1000 epochs
  shape.estimators = {"binning"};
  write_results(dir.file("deep.h5"), testing::make_synthetic_results(shape), false);
  shape.n_layers = 4;
  shape.n_recorded = 12;
  shape.with_ib = false;
  RunResults shallow = testing::make_synthetic_results(shape);
  shallow.gradients = {};  // no gradient statistics: no Fig. 4 for this run
  write_results(dir.file("shallow.h5"), shallow, false);

  const auto out = dir.file("figures");
  const auto result = run_cli("plot " + dir.file("deep.h5") + " " + dir.file("shallow.h5") +
                              " --out " + out + " --no-movie");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  for (const char* run : {"deep", "shallow"}) {
    const std::string sub = out + "/" + run + "/";
    expect_png(sub + "fig3_infoplane_binning.png");
    expect_nonempty(sub + "fig3_infoplane_binning.svg");
    expect_png(sub + "fig2_snapshots_binning.png");
  }
  expect_png(out + "/deep/fig4_gradients.png");
  EXPECT_FALSE(fs::exists(out + "/shallow/fig4_gradients.png"));
  expect_png(out + "/deep/fig6_ib_curve_binning.png");
  EXPECT_FALSE(fs::exists(out + "/shallow/fig6_ib_curve_binning.png"));  // no IB curve there
  expect_png(out + "/fig5_grid_infoplane.png");
  expect_nonempty(out + "/fig5_grid_infoplane.svg");
  EXPECT_NE(result.output.find("wrote " + out + "/fig5_grid_infoplane.png"), std::string::npos)
      << result.output;

  // --grid-only: the grid alone, no per-run folders.
  const auto grid = dir.file("grid");
  const auto only = run_cli("plot " + dir.file("deep.h5") + " " + dir.file("shallow.h5") +
                            " --out " + grid + " --grid-only");
  ASSERT_EQ(only.exit_code, 0) << only.output;
  expect_png(grid + "/fig5_grid_infoplane.png");
  EXPECT_FALSE(fs::exists(grid + "/deep"));
}

TEST(PlotCli, MakesAMovie) {
  if (!can_draw()) GTEST_SKIP() << "/usr/bin/python3 lacks h5py or matplotlib";
  ScratchDir dir;
  testing::SyntheticShape shape;
  shape.n_layers = 3;
  shape.n_recorded = 6;
  shape.n_epochs = 50;
  shape.estimators = {"binning"};
  shape.with_ib = false;
  RunResults r = testing::make_synthetic_results(shape);
  r.gradients = {};  // no gradient figure: keeps this test short
  write_results(dir.file("run.h5"), r, false);
  const auto result = run_cli("plot " + dir.file("run.h5") + " --out " + dir.file("out"));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const bool mp4 = fs::exists(dir.file("out/infoplane_movie_binning.mp4"));
  const bool gif = fs::exists(dir.file("out/infoplane_movie_binning.gif"));
  ASSERT_TRUE(mp4 || gif) << result.output;
  expect_nonempty(dir.file(mp4 ? "out/infoplane_movie_binning.mp4"
                               : "out/infoplane_movie_binning.gif"));
  expect_png(dir.file("out/fig3_infoplane_binning.png"));
}

TEST(PlotCli, BadResultsFilesAreClearErrors) {
  ScratchDir dir;
  testing::SyntheticShape shape;
  shape.n_epochs = 100;
  write_results(dir.file("good.h5"), testing::make_synthetic_results(shape), false);
  const std::string bytes = testing::read_text(dir.file("good.h5"));
  testing::write_text(dir.file("cut.h5"), bytes.substr(0, bytes.size() / 2));
  testing::write_text(dir.file("text.h5"), "not hdf5 at all\n");

  for (const char* name : {"cut.h5", "text.h5", "missing.h5"}) {
    SCOPED_TRACE(name);
    const auto result = run_cli("plot " + dir.file(name) + " --out " + dir.file("out"));
    EXPECT_EQ(result.exit_code, 2) << result.output;
    EXPECT_NE(result.output.find("infoplane: error: " + dir.file(name)), std::string::npos)
        << result.output;
  }
  // A bad file among good ones: refused before anything is drawn.
  const auto mixed = run_cli("plot " + dir.file("good.h5") + " " + dir.file("cut.h5") +
                             " --out " + dir.file("out2"));
  EXPECT_EQ(mixed.exit_code, 2) << mixed.output;
  EXPECT_FALSE(fs::exists(dir.file("out2")));
  // --out is required (a usage error from the command-line parser).
  const auto no_out = run_cli("plot " + dir.file("good.h5"));
  EXPECT_NE(no_out.exit_code, 0);
  EXPECT_NE(no_out.output.find("--out"), std::string::npos) << no_out.output;
}

}  // namespace
}  // namespace infoplane
