// `infoplane verdict` end to end on a tiny run (2 networks, 40 epochs, a 128-pattern IDX task),
// its binning series checked against the run's own stored plane (so the rerun is the run), and
// the command's errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "infoplane/io/results_store.hpp"
#include "infoplane/results/series_index.hpp"
#include "support/cli.hpp"
#include "support/scratch_dir.hpp"

namespace infoplane {
namespace {

using testing::run_cli;
using testing::ScratchDir;

std::string idx_bytes(const std::vector<std::uint32_t>& dims, const std::vector<std::uint8_t>& values) {
  std::string b = {0, 0, 0x08, static_cast<char>(dims.size())};
  for (std::uint32_t d : dims) {
    for (int shift = 24; shift >= 0; shift -= 8) b.push_back(static_cast<char>((d >> shift) & 0xFF));
  }
  b.append(values.begin(), values.end());
  return b;
}

// 128 patterns of 7 binary pixels; label = majority of the first three pixels.
std::string tiny_experiment(const ScratchDir& dir) {
  std::vector<std::uint8_t> pixels, labels;
  for (int p = 0; p < 128; ++p) {
    int ones = 0;
    for (int b = 0; b < 7; ++b) {
      pixels.push_back(((p >> b) & 1) ? 255 : 0);
      if (b < 3) ones += (p >> b) & 1;
    }
    labels.push_back(ones >= 2 ? 1 : 0);
  }
  const std::string images = dir.write("img.idx", idx_bytes({128, 7, 1}, pixels));
  const std::string label_file = dir.write("lab.idx", idx_bytes({128}, labels));
  return dir.write("tiny.toml", "name = \"tiny\"\npreset = \"reference-code\"\n[task]\nrule = \"idx:" + images + "," +
                                    label_file + "\"\n[network]\nwidths = [5, 3]\n[optimizer]\nlearning_rate = 0.01\n"
                                    "batch_size = 16\n[training]\nnetworks = 3\nepochs = 40\nseed = 4\nrecord_points = 12\n"
                                    "[info]\nestimators = [\"binning\"]\nbins = 30\n[ib]\ncurve = false\n"
                                    "beta_star_epochs = \"none\"\n[output]\nfigures = false\nmovie = false\n");
}

TEST(VerdictCli, TinyRunEndToEnd) {
  ScratchDir dir;
  const std::string exp = tiny_experiment(dir);
  const auto r = run_cli("run " + exp + " --out " + dir.file("out") + " --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string folder = dir.file("out/tiny");
  const auto v = run_cli("verdict " + folder + " --first-networks 2 --epochs-every 2 --verdict-bins 10,30 "
                         "--verdict-kde-sigma2 0.01 --verdict-ksg-k 3 --verdict-noisy-sigma2 0.01 "
                         "--verdict-exact-bits 4 --resamples 200 --threads 2 --no-figure");
  ASSERT_EQ(v.exit_code, 0) << v.output;
  EXPECT_NE(v.output.find("layer 1: compresses under"), std::string::npos) << v.output;
  std::ifstream in(folder + "/verdict.json");
  ASSERT_TRUE(in.good());
  const nlohmann::json j = nlohmann::json::parse(in);
  EXPECT_EQ(j["networks"], 2);
  EXPECT_EQ(j["networks_in_run"], 3);
  // binning x {10, 30} x {fixed, data}, adaptive, kde upper + lower, ksg, noisy, exact.
  ASSERT_EQ(j["series"].size(), 10u);
  EXPECT_EQ(j["families"].size(), 8u);
  EXPECT_TRUE(std::filesystem::is_regular_file(folder + "/verdict.md"));

  // The run's own plane (30 bins, fixed range) at the measured epochs, averaged over the two
  // networks, is the verdict's binning-30-fixed trajectory: the rerun reproduced the networks.
  const RunResults stored = read_results(folder + "/results.h5");
  const auto& epochs = j["epochs"];
  ASSERT_GE(epochs.size(), 4u);
  EXPECT_EQ(epochs.back(), stored.recorded_epochs.back());
  const nlohmann::json* binning = nullptr;
  for (const auto& s : j["series"])
    if (s["label"] == "binning-30-fixed") binning = &s;
  ASSERT_NE(binning, nullptr);
  const int n_layers = stored.n_layers();
  for (std::size_t t = 0; t < epochs.size(); ++t) {
    const auto row = std::find(stored.recorded_epochs.begin(), stored.recorded_epochs.end(), epochs[t].get<int>()) -
                     stored.recorded_epochs.begin();
    for (int l = 0; l < n_layers; ++l) {
      double mean = 0;
      for (int k = 0; k < 2; ++k) mean += stored.info[0].i_xt[series_index(k, static_cast<int>(row), l, stored.n_recorded(), n_layers)] / 2;
      EXPECT_NEAR((*binning)["mean_i_xt"][t][l].get<double>(), mean, 1e-12) << "epoch " << epochs[t] << " layer " << l;
    }
  }
  // Every compression is the peak minus the final of its mean trajectory, inside its interval.
  for (const auto& s : j["series"]) {
    for (int l = 0; l < n_layers; ++l) {
      const auto& c = s["layers"][l];
      double peak = -1e300;
      for (const auto& row : s["mean_i_xt"]) peak = std::max(peak, row[l].get<double>());
      const double final_value = s["mean_i_xt"].back()[l].get<double>();
      EXPECT_NEAR(c["compression_bits"].get<double>(), peak - final_value, 1e-9) << s["label"];
      EXPECT_LE(c["ci95_bits"][0].get<double>(), c["ci95_bits"][1].get<double>() + 1e-12);
    }
  }
  // An earlier verdict is not replaced without --force.
  const auto again = run_cli("verdict " + folder + " --first-networks 2 --verdict-bins none --verdict-ranges fixed "
                             "--no-verdict-adaptive --verdict-kde-sigma2 none --verdict-ksg-k none "
                             "--verdict-noisy-sigma2 none --verdict-exact-bits 2 --no-figure");
  EXPECT_EQ(again.exit_code, 2) << again.output;
  EXPECT_NE(again.output.find("verdict.json"), std::string::npos) << again.output;
  EXPECT_NE(again.output.find("--force"), std::string::npos) << again.output;

  // Bad input: each message names the flag and what was expected.
  const auto too_many = run_cli("verdict " + folder + " --first-networks 4 --no-figure --force");
  EXPECT_EQ(too_many.exit_code, 2);
  EXPECT_NE(too_many.output.find("verdict.networks = 4: expected at most the run's 3 networks (flag --first-networks)"),
            std::string::npos) << too_many.output;
  const auto bins = run_cli("verdict " + folder + " --verdict-bins 1,30 --no-figure --force");
  EXPECT_EQ(bins.exit_code, 2);
  EXPECT_NE(bins.output.find("command line: verdict.bins = [1, 30]: expected \"none\" or a list of distinct integers, each in [2, 65535] (flag --verdict-bins)"),
            std::string::npos) << bins.output;
  const auto nothing = run_cli("verdict " + dir.file("nowhere") + " --no-figure");
  EXPECT_EQ(nothing.exit_code, 2);
  EXPECT_NE(nothing.output.find("expected a results file, or a run folder holding results.h5"), std::string::npos)
      << nothing.output;
  const std::string bad_config = dir.write("bad.toml", "[verdict]\nresamples = 5\n");
  const auto config = run_cli("verdict " + folder + " --config " + bad_config + " --no-figure --force");
  EXPECT_EQ(config.exit_code, 2);
  EXPECT_NE(config.output.find("bad.toml:2: verdict.resamples = 5: expected an integer in [100, 1000000] (flag --resamples)"),
            std::string::npos) << config.output;
  const std::string empty_grid = dir.write("empty.toml", "[verdict]\nbins = \"none\"\nadaptive = false\nkde_sigma2 = []\n"
                                                         "ksg_k = []\nnoisy_sigma2 = []\nexact_bits = []\n");
  const auto none = run_cli("verdict " + folder + " --config " + empty_grid + " --no-figure --force");
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.output.find("the estimator grid is empty"), std::string::npos) << none.output;
}

}  // namespace
}  // namespace infoplane
