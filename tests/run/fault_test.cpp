// Faults during a run: a second run into the same folder, a run killed outright (SIGKILL) over
// and over, a bad setting found before any training, a changed configuration over finished
// results. Nothing is lost, nothing stray is left, and the resumed results equal a straight run's.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "infoplane/core/error.hpp"
#include "infoplane/io/folder_lock.hpp"
#include "infoplane/io/results_store.hpp"
#include "infoplane/run/experiment_runner.hpp"
#include "support/cli.hpp"
#include "support/results_equal.hpp"
#include "support/scratch_dir.hpp"

namespace infoplane {
namespace {

namespace fs = std::filesystem;

const char* kExperiment = R"(
name = "faults"
[task]
train_fraction = 0.5
[network]
widths = [6, 4]
[training]
networks = 3
epochs = 30000
seed = 11
record_points = 30
[ib]
points = 10
[output]
figures = false
)";

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(Faults, ASecondRunIntoTheSameFolderIsRefused) {
  testing::ScratchDir dir;
  const FolderLock held((dir.path() / "faults").string());  // as if another run held it
  RunOptions options;
  options.quiet = true;
  options.out_root = dir.path().string();
  const std::string m = message_of([&] { run_experiment(parse_experiment(kExperiment, "f.toml"), options); });
  EXPECT_NE(m.find("another infoplane run (process " + std::to_string(::getpid()) + ")"), std::string::npos) << m;
  EXPECT_FALSE(fs::exists(dir.path() / "faults" / "results.h5"));
}

TEST(Faults, EverySettingIsCheckedBeforeAnyTrains) {
  testing::ScratchDir dir;
  RunOptions options;
  options.quiet = true;
  options.out_root = dir.path().string();
  const std::string text = std::string(kExperiment) +
                           "[[setting]]\nlabel = \"fine\"\n[[setting]]\nlabel = \"missing data\"\n"
                           "task.rule = \"mat:/nonexistent/var_u.mat\"\n";
  const std::string m = message_of([&] { run_experiment(parse_experiment(text, "f.toml"), options); });
  EXPECT_NE(m.find("var_u.mat"), std::string::npos) << m;
  EXPECT_FALSE(fs::exists(dir.path() / "faults" / "fine" / "results.h5"));  // nothing trained
}

TEST(Faults, ChangedConfigurationOverFinishedResultsIsRefused) {
  testing::ScratchDir dir;
  RunOptions options;
  options.quiet = true;
  options.out_root = dir.path().string();
  options.overrides = {{"training.epochs", ConfigValue::of(5)}};
  const ExperimentConfig config = parse_experiment(kExperiment, "f.toml");
  run_experiment(config, options);
  options.resume = true;
  EXPECT_TRUE(run_experiment(config, options).at(0).skipped);
  options.overrides = {{"training.epochs", ConfigValue::of(7)}};
  const std::string m = message_of([&] { run_experiment(config, options); });
  EXPECT_NE(m.find("finished earlier with another configuration"), std::string::npos) << m;
}

TEST(Faults, KilledOverAndOverResumesToTheStraightResults) {
  testing::ScratchDir dir;
  const std::string file = dir.write("faults.toml", kExperiment);
  const std::string base = "run " + file + " --quiet --threads 2 --out ";
  const auto straight = testing::run_cli(base + (dir.path() / "straight").string());
  ASSERT_EQ(straight.exit_code, 0) << straight.output;
  const fs::path killed = dir.path() / "killed";
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> delay(0.15, 0.9);
  int kills = 0;
  for (int attempt = 0; attempt < 6; ++attempt) {
    char prefix[64];
    std::snprintf(prefix, sizeof prefix, "timeout -s KILL %.3f", delay(rng));
    const auto r = testing::run_cli_prefixed(prefix, base + killed.string() + " --resume --checkpoint-every 0.1");
    if (r.exit_code == 0) break;  // finished before the kill
    ++kills;
  }
  const auto resumed = testing::run_cli(base + killed.string() + " --resume");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  EXPECT_GE(kills, 3);
  testing::expect_same_measurements(read_results((dir.path() / "straight" / "faults" / "results.h5").string()),
                                    read_results((killed / "faults" / "results.h5").string()));
  for (const auto& entry : fs::directory_iterator(killed / "faults")) {
    const std::string name = entry.path().filename().string();
    EXPECT_TRUE(name == "results.h5" || name == "summary.md" || name == "summary.json" ||
                name == ".infoplane.lock")
        << "stray file " << name;
  }
}

TEST(Faults, AFullDiskAtTheEndKeepsTheTrainingForTheResume) {
  testing::ScratchDir dir;
  const std::string file = dir.write("faults.toml", kExperiment);
  const std::string base = "run " + file + " --quiet --epochs 300 --out ";
  const auto straight = testing::run_cli(base + (dir.path() / "straight").string());
  ASSERT_EQ(straight.exit_code, 0) << straight.output;
  const fs::path full = dir.path() / "full";
  const auto failed = testing::run_cli_prefixed("env INFOPLANE_INJECT_WRITE_ERROR=results.h5",
                                                base + full.string());
  EXPECT_EQ(failed.exit_code, 2);
  EXPECT_NE(failed.output.find("results.h5: write failed: No space left on device"), std::string::npos)
      << failed.output;
  EXPECT_NE(failed.output.find("--resume"), std::string::npos) << failed.output;
  EXPECT_TRUE(fs::exists(full / "faults" / "checkpoint.bin"));
  EXPECT_FALSE(fs::exists(full / "faults" / "results.h5"));
  const auto resumed = testing::run_cli(base + full.string() + " --resume");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  testing::expect_same_measurements(read_results((dir.path() / "straight" / "faults" / "results.h5").string()),
                                    read_results((full / "faults" / "results.h5").string()));
  EXPECT_FALSE(fs::exists(full / "faults" / "checkpoint.bin"));
}

}  // namespace
}  // namespace infoplane
