// The parameter table and the one TOML reader: presets and defaults, every table parsed, messages
// of one form (FILE:LINE: key = value: expected ... (flag --x)), flags read with the table's
// types, and the rules that tie keys together.
#include "infoplane/config/parameter_table.hpp"

#include <gtest/gtest.h>

#include <set>

#include "infoplane/config/experiment_config.hpp"
#include "infoplane/core/error.hpp"

namespace infoplane {
namespace {

const Parameter* find_parameter_by_flag(const std::string& flag) {
  for (const auto& p : parameter_table())
    if (p.flag == flag) return &p;
  return nullptr;
}

std::string error_of(const std::string& text) {
  try {
    parse_run_config(text, "exp.toml");
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(ParameterTable, PresetsAndDefaults) {
  const RunConfig ref = preset_run_config("reference-code", "test");
  EXPECT_EQ(ref.train.optimizer.kind, OptimizerKind::kAdam);
  EXPECT_DOUBLE_EQ(ref.train.optimizer.learning_rate, 4e-4);
  EXPECT_EQ(ref.train.optimizer.batch_size, 512);
  EXPECT_EQ(ref.train.network.hidden_widths, (std::vector<int>{10, 7, 5, 4, 3}));
  EXPECT_EQ(ref.train.training.networks, 50);
  EXPECT_EQ(ref.train.training.epochs, 10000);
  EXPECT_EQ(ref.train.training.record.points, 400);
  EXPECT_EQ(ref, RunConfig{});
  const RunConfig paper = preset_run_config("paper", "test");
  EXPECT_EQ(paper.train.optimizer.kind, OptimizerKind::kSgd);
  EXPECT_DOUBLE_EQ(paper.train.optimizer.learning_rate, 0.01);
  EXPECT_EQ(paper.train.preset, "paper");
  EXPECT_THROW(preset_run_config("fast", "test"), Error);
}

TEST(ParameterTable, EveryKeyAndFlagIsDeclaredOnce) {
  std::set<std::string> keys, flags;
  for (const auto& p : parameter_table()) {
    EXPECT_TRUE(keys.insert(p.key).second) << p.key;
    if (!p.flag.empty()) {
      EXPECT_TRUE(flags.insert(p.flag).second) << p.flag;
    }
    EXPECT_FALSE(p.help.empty()) << p.key;
    EXPECT_FALSE(p.expected.empty()) << p.key;
    // The default passes the parameter's own check.
    RunConfig c;
    EXPECT_NO_THROW(apply_parameter(p, p.get(c), c, "default")) << p.key;
    EXPECT_EQ(c, RunConfig{}) << p.key;
  }
  EXPECT_EQ(find_parameter_by_flag("--lr")->key, "optimizer.learning_rate");
  EXPECT_EQ(find_parameter("nope"), nullptr);
}

TEST(ParameterTable, ParsesEveryTable) {
  const RunConfig c = parse_run_config(R"(
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
[info]
estimators = ["binning", "ksg"]
bins = 100
ksg_noise_var = 0.01
ksg_jitter = 0.0
dpi_tol_bits = 0.001
[ib]
points = 12
beta_star_epochs = [5, 20]
[output]
movie = false
)", "exp.toml");
  EXPECT_EQ(c.train.preset, "paper");
  EXPECT_EQ(c.train.task.rule, "committee");
  EXPECT_EQ(c.train.task.rule_seed, 3u);
  EXPECT_EQ(c.train.network.hidden_widths, (std::vector<int>{6, 4}));
  EXPECT_EQ(c.train.network.activation, Activation::kRelu);
  EXPECT_EQ(c.train.network.output, OutputKind::kSigmoid);
  EXPECT_FALSE(c.train.network.init.truncated);
  EXPECT_EQ(c.train.optimizer.kind, OptimizerKind::kAdam);
  EXPECT_EQ(c.train.optimizer.batch_size, 64);
  EXPECT_DOUBLE_EQ(c.train.optimizer.beta1, 0.8);
  EXPECT_EQ(c.train.training.record.mode, RecordMode::kList);
  EXPECT_EQ(c.train.training.record.epochs, (std::vector<int>{0, 5, 20}));
  EXPECT_EQ(c.info.estimators, (std::vector<std::string>{"binning", "ksg"}));
  EXPECT_EQ(c.info.options.bins, 100);
  EXPECT_DOUBLE_EQ(c.info.options.ksg_noise_var, 0.01);
  EXPECT_DOUBLE_EQ(c.info.options.ksg_jitter, 0.0);
  EXPECT_DOUBLE_EQ(c.info.dpi_tol_bits, 0.001);
  EXPECT_EQ(c.ib.curve_options.n_betas, 12);
  EXPECT_EQ(c.ib.beta_star_epochs, (std::vector<int>{5, 20}));
  EXPECT_FALSE(c.ib.beta_star_last);
  EXPECT_FALSE(c.output.movie);
}

TEST(ParameterTable, NoiseAndQuantizerKeys) {
  const RunConfig c = parse_run_config("[network]\nnoise_var = 0.01\nquantize_bits = 8\nquantize_range = [-2, 2.5]\n", "exp.toml");
  EXPECT_DOUBLE_EQ(c.train.network.noise_var, 0.01);
  EXPECT_EQ(c.train.network.quantize_bits, 8);
  EXPECT_EQ(c.train.network.quantize_range, (std::vector<double>{-2.0, 2.5}));
  EXPECT_TRUE(parse_run_config("[network]\nquantize_range = \"auto\"\n", "exp.toml").train.network.quantize_range.empty());
  EXPECT_EQ(error_of("[network]\nquantize_bits = 17\n"),
            "exp.toml:2: network.quantize_bits = 17: expected an integer in [0, 16] (flag --quantize-bits)");
  EXPECT_EQ(error_of("[network]\nquantize_bits = 4\nquantize_range = [1, 1]\n"),
            "exp.toml:3: network.quantize_range = [1, 1]: expected \"auto\" or [lo, hi], finite numbers with lo < hi (flag --quantize-range)");
  EXPECT_NE(error_of("[network]\nquantize_range = [0, 1, 2]\n").find("exp.toml:2: network.quantize_range"), std::string::npos);
  EXPECT_NE(error_of("[network]\nquantize_range = [0, 1]\n").find("while network.quantize_bits = 0"), std::string::npos);
  EXPECT_NE(error_of("[network]\nnoise_var = -0.1\n").find("network.noise_var = -0.1: expected"), std::string::npos);
  const Parameter* range = find_parameter("network.quantize_range");
  EXPECT_EQ(parse_flag_text(*range, "-1,0.5").list.size(), 2u);
  EXPECT_EQ(parse_flag_text(*range, "auto").string, "auto");
  EXPECT_THROW(parse_flag_text(*range, "-1,x"), Error);
}

TEST(ParameterTable, ErrorsNameTheFileLineKeyExpectationAndFlag) {
  EXPECT_EQ(error_of("[optimizer]\nbatch_size = 0\n"),
            "exp.toml:2: optimizer.batch_size = 0: expected an integer in [1, 1000000] (flag --batch)");
  EXPECT_NE(error_of("[optimizer]\nbatch = 5\n").find("exp.toml:2: unknown key 'optimizer.batch'"), std::string::npos);
  EXPECT_NE(error_of("[model]\nx = 1\n").find("unknown key or table 'model'"), std::string::npos);
  EXPECT_NE(error_of("[network]\nactivation = \"gelu\"\n").find("network.activation = \"gelu\""), std::string::npos);
  EXPECT_NE(error_of("[training]\nepochs = \"ten\"\n").find("training.epochs = \"ten\": expected an integer"), std::string::npos);
  EXPECT_NE(error_of("[task]\ntrain_fraction = 1.5\n").find("task.train_fraction = 1.5: expected a number in (0, 1]"), std::string::npos);
  EXPECT_NE(error_of("[training]\nepochs = 10\nrecord = [0, 11]\n").find("exp.toml:3: training.record = 11"), std::string::npos)
      << error_of("[training]\nepochs = 10\nrecord = [0, 11]\n");
  EXPECT_NE(error_of("[training]\nrecord = \"sometimes\"\n").find("training.record"), std::string::npos);
  EXPECT_NE(error_of("[network]\nwidths = [3, 0]\n").find("network.widths"), std::string::npos);
  EXPECT_NE(error_of("[optimizer]\nlearning_rate = -1.0\n").find("optimizer.learning_rate = -1.0: expected a number in (0, 10]"), std::string::npos);
  EXPECT_NE(error_of("preset = \"fast\"\n").find("exp.toml:1: preset = \"fast\""), std::string::npos);
  EXPECT_NE(error_of("[task\n").find("exp.toml:1: not valid TOML"), std::string::npos);
  EXPECT_NE(error_of("[info]\nestimators = [\"binning\", \"binning\"]\n").find("info.estimators"), std::string::npos);
  EXPECT_NE(error_of("[info]\nbins = 70000\n").find("info.bins = 70000: expected an integer in [2, 65535] (flag --bins)"), std::string::npos);
  EXPECT_NE(error_of("[ib]\nbeta_min = 10.0\nbeta_max = 1.0\n").find("exp.toml:3: ib.beta_max = 1.0"), std::string::npos);
  EXPECT_NE(error_of("[training]\nseed = -1\n").find("training.seed = -1: expected an integer >= 0"), std::string::npos);
  EXPECT_THROW(load_run_config("/nonexistent/exp.toml"), Error);
}

TEST(ParameterTable, SettingErrorsGiveTheLineInTheUsersFile) {
  const std::string text =
      "name = \"x\"\n[training]\nepochs = 5\n\n[[setting]]\nlabel = \"a\"\n\n[[setting]]\nlabel = \"b\"\n"
      "network.activation = \"swish\"\n";
  try {
    parse_experiment(text, "x.toml");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("x.toml:10 [setting \"b\"]: network.activation = \"swish\"", 0), 0u) << e.what();
  }
}

TEST(ParameterTable, FlagTextIsReadWithTheParametersType) {
  RunConfig c;
  auto apply = [&](const std::string& flag, const std::string& text) {
    const Parameter& p = *find_parameter_by_flag(flag);
    apply_parameter(p, parse_flag_text(p, text), c, "command line");
  };
  apply("--widths", "8,4");
  apply("--record", "0,3,9");
  apply("--estimators", "binning,kde");
  apply("--lr", "1e-3");
  apply("--record-points", "50");
  EXPECT_EQ(c.train.network.hidden_widths, (std::vector<int>{8, 4}));
  EXPECT_EQ(c.train.training.record.epochs, (std::vector<int>{0, 3, 9}));
  EXPECT_EQ(c.info.estimators, (std::vector<std::string>{"binning", "kde"}));
  EXPECT_DOUBLE_EQ(c.train.optimizer.learning_rate, 1e-3);
  apply("--record", "log");
  EXPECT_EQ(c.train.training.record.mode, RecordMode::kLog);
  auto error = [&](const std::string& flag, const std::string& text) {
    try {
      apply(flag, text);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_EQ(error("--widths", "10,x"),
            "command line: network.widths = 10,x: expected a list of 1 to 64 widths, each an integer in [1, 4096] (flag --widths)");
  // Unsigned values do not wrap: -1 and 2^64 are refused, not turned into 18446744073709551615.
  EXPECT_NE(error("--seed", "-1").find("training.seed = -1: expected an integer >= 0"), std::string::npos);
  EXPECT_NE(error("--seed", "18446744073709551616").find("expected an integer >= 0"), std::string::npos);
  EXPECT_NE(error("--lr", "1e30").find("expected a number in (0, 10]"), std::string::npos);
  EXPECT_NE(error("--dpi-tol", "nan").find("info.dpi_tol_bits = nan"), std::string::npos);
  EXPECT_NE(error("--estimators", "kde,kde_upper").find("kde already records"), std::string::npos);
}

}  // namespace
}  // namespace infoplane
