// Round trips of the configuration: parse(write(config)) == config for every preset and every
// setting of experiments/*.toml, and the configuration stored in a results file, given back to
// `infoplane run`, reproduces the run bit for bit.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "infoplane/config/experiment_config.hpp"
#include "infoplane/config/parameter_table.hpp"
#include "infoplane/io/results_store.hpp"
#include "infoplane/run/experiment_runner.hpp"
#include "support/results_equal.hpp"
#include "support/scratch_dir.hpp"

namespace infoplane {
namespace {

namespace fs = std::filesystem;

void expect_round_trip(const std::string& name, const std::string& label, const RunConfig& config) {
  const std::string text = resolved_experiment_toml(name, label, "a description", config);
  const ExperimentConfig back = parse_experiment(text, name + " (resolved)");
  ASSERT_EQ(back.settings.size(), 1u);
  EXPECT_EQ(back.name, name);
  EXPECT_EQ(back.settings[0].label, label);
  EXPECT_EQ(back.settings[0].config, config) << text;
  EXPECT_EQ(resolved_experiment_toml(name, label, "a description", back.settings[0].config), text);
  EXPECT_EQ(parse_run_config(to_toml(config), "plain"), config);
}

TEST(RoundTrip, EveryPreset) {
  for (const auto& name : preset_names()) expect_round_trip("preset", name, preset_run_config(name, "test"));
}

TEST(RoundTrip, EverySettingOfEveryExperimentFile) {
  int settings = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(INFOPLANE_SOURCE_DIR) / "experiments")) {
    if (entry.path().extension() != ".toml") continue;
    const ExperimentConfig experiment = load_experiment(entry.path().string());
    for (const auto& s : experiment.settings) {
      SCOPED_TRACE(entry.path().string() + " [" + s.label + "]");
      expect_round_trip(experiment.name, s.label, s.config);
      ++settings;
    }
  }
  EXPECT_GE(settings, 20);
}

TEST(RoundTrip, ValuesAwayFromTheDefaults) {
  RunConfig c = preset_run_config("paper", "test");
  c.train.task.train_fraction = 0.1 + 0.2;  // not a short decimal
  c.train.optimizer.learning_rate = 1.0 / 3.0;
  c.train.training.record.mode = RecordMode::kList;
  c.train.training.record.epochs = {0, 7, 9};
  c.info.estimators = {"kde", "ksg"};
  c.info.options.range = "data";
  c.info.dpi_tol_bits = 1e-7;
  c.ib.beta_star_last = false;
  c.ib.beta_star_epochs = {3, 8};
  c.ib.curve_options.seed = 9007199254740993ull;  // above 2^53: must not pass through a double
  c.output.movie = false;
  expect_round_trip("odd", "odd values", c);
  c.ib.beta_star_epochs.clear();  // "none"
  expect_round_trip("odd", "none", c);
}

const char* kTwoSettings = R"(
name = "stored"
description = "two settings; the second one is rerun from its stored configuration"
[network]
widths = [5, 3]
[training]
networks = 2
epochs = 30
seed = 3
record_points = 12
[ib]
points = 8
[output]
figures = false
[[setting]]
label = "half"
task.train_fraction = 0.5
[[setting]]
label = "20%"
task.train_fraction = 0.2
info.estimators = ["binning", "kde"]
)";

TEST(RoundTrip, StoredConfigurationReproducesTheRun) {
  testing::ScratchDir dir;
  RunOptions options;
  options.quiet = true;
  options.out_root = (dir.path() / "first").string();
  const auto outcomes = run_experiment(parse_experiment(kTwoSettings, "stored.toml"), options);
  const RunResults original = read_results(outcomes.at(1).results_path);
  const std::string stored = original.metadata.config_toml;

  const std::string file = dir.write("stored-again.toml", stored);
  options.out_root = (dir.path() / "again").string();
  const auto again = run_experiment(load_experiment(file), options);
  ASSERT_EQ(again.size(), 1u);
  const RunResults rerun = read_results(again.at(0).results_path);
  testing::expect_same_measurements(original, rerun);
  EXPECT_EQ(rerun.metadata.config_toml, stored);
  ASSERT_EQ(rerun.info.size(), 3u);  // binning, kde_upper, kde_lower
}

}  // namespace
}  // namespace infoplane
