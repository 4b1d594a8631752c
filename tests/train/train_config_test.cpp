#include "infoplane/train/train_config.hpp"

#include <gtest/gtest.h>

#include "infoplane/core/error.hpp"

namespace infoplane {
namespace {

std::string error_of(const std::string& text, const std::vector<std::string>& other = {}) {
  try {
    parse_train_config(text, "exp.toml", other);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(TrainConfig, PresetsAndDefaults) {
  const TrainConfig ref = preset_config("reference-code");
  EXPECT_EQ(ref.optimizer.kind, OptimizerKind::kAdam);
  EXPECT_DOUBLE_EQ(ref.optimizer.learning_rate, 4e-4);
  EXPECT_EQ(ref.optimizer.batch_size, 512);
  EXPECT_EQ(ref.network.hidden_widths, (std::vector<int>{10, 7, 5, 4, 3}));
  EXPECT_EQ(ref.training.networks, 50);
  EXPECT_EQ(ref.training.epochs, 10000);
  EXPECT_EQ(ref.training.record.points, 400);
  EXPECT_EQ(preset_config("paper").optimizer.kind, OptimizerKind::kSgd);
  EXPECT_THROW(preset_config("fast"), Error);
}

TEST(TrainConfig, ParsesEveryTableAndRoundTripsThroughToml) {
  const TrainConfig c = parse_train_config(R"(
preset = "paper"
[task]
rule = "committee"
rule_seed = 3
train_fraction = 0.5
[network]
widths = [6, 4]
activation = "relu"
output = "sigmoid"
init_scale = 0.5
init_truncated = false
[optimizer]
name = "adam"
learning_rate = 0.001
batch_size = 64
beta1 = 0.8
[training]
networks = 3
epochs = 20
seed = 7
threads = 2
record = [0, 5, 20]
)", "exp.toml");
  EXPECT_EQ(c.preset, "paper");
  EXPECT_EQ(c.task.rule, "committee");
  EXPECT_EQ(c.task.rule_seed, 3u);
  EXPECT_EQ(c.network.hidden_widths, (std::vector<int>{6, 4}));
  EXPECT_EQ(c.network.activation, Activation::kRelu);
  EXPECT_EQ(c.network.output, OutputKind::kSigmoid);
  EXPECT_FALSE(c.network.init.truncated);
  EXPECT_EQ(c.optimizer.kind, OptimizerKind::kAdam);
  EXPECT_EQ(c.optimizer.batch_size, 64);
  EXPECT_DOUBLE_EQ(c.optimizer.beta1, 0.8);
  EXPECT_EQ(c.training.record.mode, RecordMode::kList);
  EXPECT_EQ(c.training.record.epochs, (std::vector<int>{0, 5, 20}));
  const TrainConfig back = parse_train_config(to_toml(c), "resolved.toml");
  EXPECT_EQ(to_toml(back), to_toml(c));
}

TEST(TrainConfig, ErrorsNameTheFileKeyAndExpectation) {
  EXPECT_NE(error_of("[optimizer]\nbatch_size = 0\n").find("exp.toml: optimizer.batch_size = 0: must be >= 1"), std::string::npos)
      << error_of("[optimizer]\nbatch_size = 0\n");
  EXPECT_NE(error_of("[optimizer]\nbatch = 5\n").find("unknown key 'optimizer.batch'"), std::string::npos);
  EXPECT_NE(error_of("[model]\nx = 1\n").find("unknown key or table 'model'"), std::string::npos);
  EXPECT_EQ(error_of("[info]\nx = 1\n", {"info"}), "");
  EXPECT_NE(error_of("[network]\nactivation = \"gelu\"\n").find("network.activation = \"gelu\""), std::string::npos);
  EXPECT_NE(error_of("[training]\nepochs = \"ten\"\n").find("training.epochs = \"ten\": expected an integer"), std::string::npos);
  EXPECT_NE(error_of("[task]\ntrain_fraction = 1.5\n").find("task.train_fraction = 1.5: must be in (0, 1]"), std::string::npos);
  EXPECT_NE(error_of("[training]\nepochs = 10\nrecord = [0, 11]\n").find("training.record = 11"), std::string::npos);
  EXPECT_NE(error_of("[training]\nrecord = \"sometimes\"\n").find("training.record"), std::string::npos);
  EXPECT_NE(error_of("[network]\nwidths = [3, 0]\n").find("network.widths"), std::string::npos);
  EXPECT_NE(error_of("[optimizer]\nlearning_rate = -1.0\n").find("optimizer.learning_rate = -1: must be > 0"), std::string::npos);
  EXPECT_NE(error_of("preset = \"fast\"\n").find("exp.toml: preset = \"fast\""), std::string::npos);
  EXPECT_NE(error_of("[task\n").find("exp.toml:1: not valid TOML"), std::string::npos);
  EXPECT_THROW(load_train_config("/nonexistent/exp.toml"), Error);
}

}  // namespace
}  // namespace infoplane
