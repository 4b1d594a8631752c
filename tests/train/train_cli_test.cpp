// infoplane train from the command line: a small run, config files, error messages, .npy output.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

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
  EXPECT_NE(r.output.find("optimizer.batch_size = 0: must be >= 1 (flag --batch)"), std::string::npos) << r.output;
  r = run_cli("train --widths 10,x");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("--widths 10,x"), std::string::npos) << r.output;
  r = run_cli("train --optimizer rmsprop");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("--optimizer = \"rmsprop\""), std::string::npos) << r.output;
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
  const auto size = std::filesystem::file_size(std::filesystem::path(dir) / "network_001/epoch_000002_layer_0.npy");
  EXPECT_EQ(size, 128u + 4096u * 5u * 4u);
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(dir) / "network_000"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace infoplane
