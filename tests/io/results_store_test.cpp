// The results file: exact round trip of every field, safe writes, refusal to overwrite.
#include "infoplane/io/results_store.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "infoplane/core/error.hpp"
#include "infoplane/io/results_destination.hpp"
#include "io/store_test_support.hpp"
#include "io/synthetic_results.hpp"
#include "support/results_equal.hpp"

namespace infoplane {
namespace {

using testing::make_synthetic_results;
using testing::ScratchDir;
using testing::SyntheticShape;
namespace fs = std::filesystem;

void expect_equal(const RunResults& a, const RunResults& b) {
  EXPECT_EQ(a.metadata.program_version, b.metadata.program_version);
  EXPECT_EQ(a.metadata.git_commit, b.metadata.git_commit);
  EXPECT_EQ(a.metadata.config_toml, b.metadata.config_toml);
  EXPECT_EQ(a.metadata.host, b.metadata.host);
  EXPECT_EQ(a.metadata.date_utc, b.metadata.date_utc);
  EXPECT_EQ(a.metadata.seed, b.metadata.seed);
  testing::expect_same_measurements(a, b);
}

// Files left in the folder other than `keep` (a temporary file would show up here).
std::vector<std::string> other_files(const ScratchDir& dir, const std::string& keep) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    if (entry.path().filename() != keep) names.push_back(entry.path().filename().string());
  }
  return names;
}

TEST(ResultsStore, RoundTripIsExactForEveryField) {
  ScratchDir dir;
  const RunResults written = make_synthetic_results();
  ASSERT_EQ(written.gradients.mean_norm.size(), 5u * 1000u * 6u);  // the generator is complete
  write_results(dir.file("run.h5"), written, false);
  expect_equal(written, read_results(dir.file("run.h5")));
  EXPECT_TRUE(other_files(dir, "run.h5").empty());
}

TEST(ResultsStore, EstimatorOrderIsKeptNotAlphabetised) {
  ScratchDir dir;
  SyntheticShape shape;
  shape.estimators = {"ksg", "binning", "adaptive"};
  shape.n_epochs = 20;
  write_results(dir.file("run.h5"), make_synthetic_results(shape), false);
  const RunResults read = read_results(dir.file("run.h5"));
  ASSERT_EQ(read.info.size(), 3u);
  EXPECT_EQ(read.info[0].estimator, "ksg");
  EXPECT_EQ(read.info[1].estimator, "binning");
  EXPECT_EQ(read.info[2].estimator, "adaptive");
}

TEST(ResultsStore, OptionalPartsAbsentStayAbsent) {
  ScratchDir dir;
  SyntheticShape shape;
  shape.with_ib = false;
  shape.n_epochs = 10;
  RunResults written = make_synthetic_results(shape);
  written.gradients = {};                 // no gradient statistics recorded
  written.metrics.test_loss.clear();      // no test set
  written.metrics.test_accuracy.clear();
  write_results(dir.file("run.h5"), written, false);
  const RunResults read = read_results(dir.file("run.h5"));
  expect_equal(written, read);
  EXPECT_FALSE(read.ib_curve.has_value());
  EXPECT_TRUE(read.gradients.mean_norm.empty());
  EXPECT_FALSE(read.metrics.train_loss.empty());
}

TEST(ResultsStore, LongConfigAndUnicodeSurvive) {
  ScratchDir dir;
  SyntheticShape shape;
  shape.n_epochs = 5;
  RunResults written = make_synthetic_results(shape);
  written.metadata.config_toml.clear();
  for (int i = 0; i < 5000; ++i) {  // ~150 KB: beyond HDF5's 64 KiB compact attribute limit
    written.metadata.config_toml += "key_" + std::to_string(i) + " = \"β ≥ 1\"\n";
  }
  written.metadata.host = "höst-λ";
  write_results(dir.file("run.h5"), written, false);
  expect_equal(written, read_results(dir.file("run.h5")));
}

TEST(ResultsStore, RefusesToOverwriteWithoutForce) {
  ScratchDir dir;
  SyntheticShape shape;
  shape.n_epochs = 5;
  RunResults first = make_synthetic_results(shape);
  write_results(dir.file("run.h5"), first, false);
  RunResults second = first;
  second.metadata.seed = 99;
  try {
    write_results(dir.file("run.h5"), second, false);
    FAIL() << "expected infoplane::Error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("--force"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("run.h5"), std::string::npos) << e.what();
  }
  EXPECT_THROW(check_results_destination(dir.file("run.h5"), false), Error);
  EXPECT_EQ(read_results(dir.file("run.h5")).metadata.seed, first.metadata.seed);
  write_results(dir.file("run.h5"), second, true);  // --force
  EXPECT_EQ(read_results(dir.file("run.h5")).metadata.seed, 99u);
  EXPECT_TRUE(other_files(dir, "run.h5").empty());
}

TEST(ResultsStore, InconsistentShapesAreRefusedBeforeAnyFileExists) {
  ScratchDir dir;
  SyntheticShape shape;
  shape.n_epochs = 5;
  RunResults bad = make_synthetic_results(shape);
  bad.info[1].i_ty.pop_back();
  try {
    write_results(dir.file("run.h5"), bad, false);
    FAIL() << "expected infoplane::Error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("info/kde_upper/i_ty"), std::string::npos) << e.what();
  }
  RunResults bad_name = make_synthetic_results(shape);
  bad_name.info[0].estimator = "a/b";
  EXPECT_THROW(write_results(dir.file("run.h5"), bad_name, false), Error);
  EXPECT_TRUE(fs::is_empty(dir.path()));
}

TEST(ResultsStore, BadDestinationsAreClearErrors) {
  ScratchDir dir;
  SyntheticShape shape;
  shape.n_epochs = 5;
  const RunResults r = make_synthetic_results(shape);
  EXPECT_THROW(write_results(dir.file("missing_folder/run.h5"), r, false), Error);
  EXPECT_THROW(write_results(dir.path().string(), r, true), Error);  // a folder
  EXPECT_THROW(write_results("", r, false), Error);
  EXPECT_NO_THROW(check_results_destination(dir.file("new.h5"), false));
}

}  // namespace
}  // namespace infoplane
