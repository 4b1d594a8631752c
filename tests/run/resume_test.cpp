// An interrupted run, resumed from its checkpoint, gives the results of an uninterrupted run.
#include <gtest/gtest.h>

#include <atomic>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "infoplane/core/error.hpp"
#include "infoplane/io/results_store.hpp"
#include "infoplane/run/experiment_runner.hpp"
#include "support/cli.hpp"
#include "support/results_equal.hpp"
#include "support/stop_at_epoch.hpp"

namespace infoplane {
namespace {

namespace fs = std::filesystem;

const char* kExperiment = R"(
name = "tiny"
[task]
rule = "spherical"
train_fraction = 0.5
[network]
widths = [6, 4, 3]
[training]
networks = 3
epochs = 120
seed = 5
record_points = 40
[ib]
points = 20
[output]
figures = false
)";

// testing::StopAtEpoch stops network 1 at epoch 50: with one thread, network 0 has finished and
// network 2 has not started, so the checkpoint holds all three kinds of state.
using testing::StopAtEpoch;

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("infoplane_resume_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  return dir;
}

void expect_same_results(const RunResults& a, const RunResults& b) {
  ASSERT_TRUE(a.layer_beta && a.ib_curve);  // the run fits beta* and solves the IB curve
  testing::expect_same_measurements(a, b);
  EXPECT_EQ(a.metadata.config_toml, b.metadata.config_toml);
}

TEST(Resume, InterruptedRunResumesToTheUninterruptedResults) {
  const ExperimentConfig config = parse_experiment(kExperiment, "tiny.toml");
  RunOptions options;
  options.quiet = true;
  options.overrides = {{"training.threads", ConfigValue::of(1)}};

  options.out_root = fresh_dir("straight").string();
  const auto straight = run_experiment(config, options);
  const RunResults expected = read_results(straight.at(0).results_path);

  options.out_root = fresh_dir("interrupted").string();
  std::atomic<bool> stop{false};
  StopAtEpoch stopper(stop);
  options.stop = &stop;
  options.observers = {&stopper};
  EXPECT_THROW(run_experiment(config, options), RunInterrupted);
  const fs::path dir = fs::path(options.out_root) / "tiny";
  EXPECT_TRUE(fs::exists(dir / "checkpoint.bin"));
  EXPECT_FALSE(fs::exists(dir / "results.h5"));
  // Without --resume or --force the checkpoint is not thrown away.
  stop.store(false);
  options.observers.clear();
  EXPECT_THROW(run_experiment(config, options), Error);

  options.resume = true;
  options.overrides = {{"training.threads", ConfigValue::of(2)}};  // the thread count may change across a resume
  const auto resumed = run_experiment(config, options);
  EXPECT_FALSE(fs::exists(dir / "checkpoint.bin"));
  expect_same_results(expected, read_results(resumed.at(0).results_path));

  // A finished setting is skipped by --resume and refused without --force.
  EXPECT_TRUE(run_experiment(config, options).at(0).skipped);
  options.resume = false;
  EXPECT_THROW(run_experiment(config, options), Error);
  fs::remove_all(fs::path(options.out_root));
  fs::remove_all(fs::path(straight.at(0).directory).parent_path());
}

TEST(Resume, CommandLineSigintSavesACheckpointAndResumes) {
  const fs::path dir = fresh_dir("cli");
  fs::create_directories(dir);
  const fs::path file = dir / "exp.toml";
  {
    std::ofstream out(file);
    out << kExperiment;
  }
  const std::string run = "run " + file.string() + " --quiet --epochs 20000 --out ";
  const std::string base = run + dir.string();
  // SIGINT once the run has made its folder (its signal handlers are installed by then; a fixed
  // delay could fall before them on a loaded machine, where the default action also exits 130):
  // the run (3 networks x 20,000 epochs, a few seconds) is still training. At most 20 s of waiting.
  const std::string setting_dir = (dir / "tiny").string();
  const auto interrupted = testing::run_shell(
      "sh -c '" + std::string(INFOPLANE_CLI_PATH) + " " + base + " & pid=$!; i=0; " +
      "while [ ! -d " + setting_dir + " ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i+1)); done; " +
      "sleep 0.2; kill -INT $pid; wait $pid'");
  ASSERT_EQ(interrupted.exit_code, 130) << interrupted.output;
  EXPECT_NE(interrupted.output.find("--resume"), std::string::npos);
  const auto resumed = testing::run_cli(base + " --resume");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  const RunResults a = read_results((dir / "tiny" / "results.h5").string());
  const auto straight = testing::run_cli(run + (dir / "straight").string());
  ASSERT_EQ(straight.exit_code, 0) << straight.output;
  expect_same_results(read_results((dir / "straight" / "tiny" / "results.h5").string()), a);
  fs::remove_all(dir);
}

TEST(RunCommand, BadExperimentsNameTheProblem) {
  auto r = testing::run_cli("run no-such-experiment");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("no-such-experiment"), std::string::npos);
  EXPECT_NE(r.output.find("headline"), std::string::npos);  // lists the known names
  EXPECT_THROW(parse_experiment("name = \"x\"\n[info]\nbinz = 3\n", "x.toml"), Error);
  try {
    parse_experiment("name = \"x\"\n[training]\nepochs = 0\n", "x.toml");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("x.toml"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("epochs"), std::string::npos);
  }
  try {
    parse_experiment("name = \"x\"\n[[setting]]\nlabel = \"a\"\nnetwork.activation = \"swish\"\n", "x.toml");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("setting \"a\""), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("swish"), std::string::npos) << e.what();
  }
  EXPECT_THROW(parse_experiment("name = \"x\"\n[ib]\nbeta_star_epochs = \"first\"\n", "x.toml"), Error);
  EXPECT_THROW(parse_experiment("name = \"x\"\n[info]\nestimators = [\"magic\"]\n", "x.toml"), Error);
  EXPECT_THROW(parse_experiment("name = [1\n", "x.toml"), Error);
}

TEST(RunCommand, SettingsOverrideTheBase) {
  const auto c = parse_experiment(
      "name = \"s\"\n[task]\ntrain_fraction = 0.85\n[[setting]]\nlabel = \"5%\"\n"
      "task.train_fraction = 0.05\n[[setting]]\nlabel = \"85%\"\n",
      "s.toml");
  ASSERT_EQ(c.settings.size(), 2u);
  EXPECT_DOUBLE_EQ(c.settings[0].config.train.task.train_fraction, 0.05);
  EXPECT_DOUBLE_EQ(c.settings[1].config.train.task.train_fraction, 0.85);
  EXPECT_EQ(label_to_folder("5%"), "5pct");
}

}  // namespace
}  // namespace infoplane
