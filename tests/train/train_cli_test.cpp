// infoplane train from the command line: a small run, config files, error messages, .npy output.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "infoplane/io/npy.hpp"
#include "infoplane/io/results_store.hpp"
#include "support/cli.hpp"

namespace infoplane {
namespace {

using testing::run_cli;

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("infoplane_train_cli_" + name)).string();
}

TEST(TrainCli, SmallRunPrintsFinalMetrics) {
  const auto r = run_cli("train --rule spherical --networks 2 --epochs 3 --threads 2 --widths 6,4 --record every --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("trained 2 networks x 3 epochs"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("final (epoch 3, ensemble mean): train loss"), std::string::npos) << r.output;
}

TEST(TrainCli, PlainProgressLinesWhenStderrIsNotATerminal) {
  const auto r = run_cli("train --rule spherical --networks 1 --epochs 2 --widths 4");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("progress: 2/2 network-epochs (100.0%)"), std::string::npos) << r.output;
}

TEST(TrainCli, BadFlagValuesNameTheKeyAndFlag) {
  auto r = run_cli("train --batch 0 --epochs 1");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("command line: optimizer.batch_size = 0: expected an integer in [1, 1000000] (flag --batch)"),
            std::string::npos) << r.output;
  r = run_cli("train --widths 10,x");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("network.widths = 10,x: expected"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("(flag --widths)"), std::string::npos) << r.output;
  r = run_cli("train --optimizer rmsprop");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("optimizer.name = \"rmsprop\": expected one of sgd, adam, gd (flag --optimizer)"),
            std::string::npos) << r.output;
}

TEST(TrainCli, ConfigFileWithFlagOverridesAndUnknownKeys) {
  const std::string path = temp_path("exp.toml");
  std::ofstream(path) << "[training]\nnetworks = 1\nepochs = 5\n[optimizer]\nname = \"sgd\"\nlearning_rate = 0.1\n";
  auto r = run_cli("train --config " + path + " --epochs 2 --print-config");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("epochs = 2"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("name = \"sgd\""), std::string::npos) << r.output;
  std::ofstream(path) << "[optimizer]\nbatch_sise = 5\n";
  r = run_cli("train --config " + path);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("unknown key 'optimizer.batch_sise'"), std::string::npos) << r.output;
  std::filesystem::remove(path);
}

TEST(TrainCli, SavesActivationsAsNpy) {
  const std::string dir = temp_path("acts");
  std::filesystem::remove_all(dir);
  const auto r = run_cli("train --rule spherical --networks 2 --epochs 2 --widths 5,3 --record every --save-activations " +
                         dir + " --save-networks 1 --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  // Epochs 0, 1, 2; layers 5, 3 and the 2-unit output.
  for (int e = 0; e <= 2; ++e) {
    for (int l = 0; l < 3; ++l) {
      char name[64];
      std::snprintf(name, sizeof name, "network_001/epoch_%06d_layer_%d.npy", e, l);
      EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(dir) / name)) << name;
    }
  }
  const Matrix<float> a = read_npy_matrix((std::filesystem::path(dir) / "network_001/epoch_000002_layer_0.npy").string());
  EXPECT_EQ(a.rows(), 4096u);
  EXPECT_EQ(a.cols(), 5u);
  for (float v : a.values()) EXPECT_LE(std::abs(v), 1.0f);  // tanh units
  const Matrix<float> out = read_npy_matrix((std::filesystem::path(dir) / "network_001/epoch_000000_layer_2.npy").string());
  ASSERT_EQ(out.cols(), 2u);
  EXPECT_NEAR(out(17, 0) + out(17, 1), 1.0f, 1e-6f);  // softmax probabilities
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(dir) / "network_000"));
  // A second run into the same folder is refused unless --force.
  const std::string again = "train --rule spherical --networks 2 --epochs 1 --widths 5,3 --save-activations " + dir +
                            " --save-networks 1 --quiet";
  auto refused = run_cli(again);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.output.find("--force"), std::string::npos) << refused.output;
  EXPECT_EQ(run_cli(again + " --force").exit_code, 0);
  std::filesystem::remove_all(dir);
}

TEST(TrainCli, WritesTheResultsFile) {
  const std::string path = temp_path("run.h5");
  std::filesystem::remove(path);
  auto r = run_cli("train --rule spherical --networks 2 --epochs 4 --widths 5,3 --record every --quiet --out " + path);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const RunResults back = read_results(path);
  EXPECT_EQ(back.n_networks, 2);
  EXPECT_EQ(back.n_epochs, 4);
  EXPECT_EQ(back.layer_widths, (std::vector<int>{5, 3, 2}));
  EXPECT_EQ(back.recorded_epochs, (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_EQ(back.gradients.mean_norm.size(), 2u * 4u * 3u);
  // The information plane is recorded online with binning by default.
  ASSERT_EQ(back.info.size(), 1u);
  EXPECT_EQ(back.info[0].estimator, "binning");
  ASSERT_EQ(back.info[0].i_xt.size(), 2u * 5u * 3u);
  EXPECT_GT(back.info[0].i_xt[0], 0.0);
  EXPECT_NE(back.metadata.config_toml.find("epochs = 4"), std::string::npos);
  // An existing file is refused before training unless --force.
  r = run_cli("train --rule spherical --networks 1 --epochs 1 --quiet --out " + path);
  EXPECT_EQ(r.exit_code, 2);
  r = run_cli("train --rule spherical --networks 1 --epochs 1 --quiet --force --out " + path);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace infoplane
