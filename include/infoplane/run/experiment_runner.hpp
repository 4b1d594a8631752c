#pragma once
// Runs a named experiment end to end, setting by setting: train the ensemble with the online
// information plane, gradient statistics and beta* fits, compute the task's IB curve, write
// one results file per setting, its summary (Markdown and JSON) and figures, and for several
// settings a grid of information planes and an experiment summary.
//
// Output layout, under options.out_root / <experiment name>:
//   <setting>/results.h5           the RunResults (docs/file-format.md)
//   <setting>/summary.md, .json    run/summary.hpp
//   <setting>/figures/             infoplane plot's figures and movie
//   <setting>/checkpoint*.bin, checkpoint-results*.h5  only while interrupted (one part per
//                                  rank of a distributed run: run/checkpoint_parts.hpp)
//   summary.md, summary.json       every setting's summary
//   grid/                          information planes of all settings side by side
//
// Interruption: when *options.stop becomes true (SIGINT/SIGTERM in the CLI), the networks stop
// at the end of their current epoch, a checkpoint is written and RunInterrupted is thrown;
// rerunning with resume = true continues from it and gives the results of an uninterrupted run.
// A checkpoint is also written every options.checkpoint_seconds while training, so that a run
// killed outright (SIGKILL, power loss) resumes from its last one, to the same results.
// Existing results are never overwritten unless force (resume skips finished settings whose
// stored configuration equals the current one). The experiment's folder is locked for the run
// (io/folder_lock.hpp), and every setting (its task and data files, its destination) is checked
// before the first one trains.
#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "infoplane/config/experiment_config.hpp"
#include "infoplane/run/ranks.hpp"
#include "infoplane/run/summary.hpp"
#include "infoplane/train/observer.hpp"

namespace infoplane {

struct RunOptions {
  std::string out_root = "results";
  bool resume = false;
  bool force = false;
  // Values given on the command line for every setting (`--epochs 5`, `--no-movie`), applied
  // and checked before any setting starts.
  std::vector<ParameterOverride> overrides;
  bool progress_bar = false;   // a bar on stderr (a terminal); plain lines otherwise
  bool quiet = false;          // no progress at all (tests)
  double checkpoint_seconds = 600;  // periodic checkpoints while training; 0 = only on a stop
  std::atomic<bool>* stop = nullptr;
  // The processes of a distributed run (MPI ranks): each trains its share of the experiment's
  // networks and rank 0 gathers them and writes every file but the checkpoint parts; the files
  // equal a single process's (docs/distributed.md). Null or size 1: this process alone.
  Ranks* ranks = nullptr;
  std::vector<TrainingObserver*> observers;     // extra observers of every setting's training
  std::function<void(const std::string&)> log;  // one line of narration; null = silent
};

struct SettingOutcome {
  std::string label;
  std::string directory;
  std::string results_path;
  bool skipped = false;        // resume found it finished
  RunSummary summary;
};

class RunInterrupted : public Error {
 public:
  explicit RunInterrupted(const std::string& message) : Error(message) {}
};

std::vector<SettingOutcome> run_experiment(const ExperimentConfig& config,
                                           const RunOptions& options);

// The configuration of a setting as run and stored in its results file: every parameter
// explicit, the thread count left out (it never changes results, so a run interrupted on 2
// threads resumes on 1 with the same configuration).
std::string resolved_setting_toml(const ExperimentConfig& config, const ExperimentSetting& setting);

}  // namespace infoplane
