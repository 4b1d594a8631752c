#pragma once
// One setting of an experiment run, in the phases that `infoplane run` takes it through, on one
// process or on one rank of several (experiment_runner.cpp, distributed_runner.cpp):
//   prepare()  every check that can refuse it, before any setting trains (every rank);
//   start()    its pipeline, with the checkpoint parts put back when resuming;
//   train()    this process's networks, with periodic checkpoints, RunInterrupted on a stop;
//   finish()   (one process, or rank 0 with every rank's networks gathered) the results file,
//              the summaries and the figures, and the checkpoint parts removed.
#include <atomic>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "infoplane/run/experiment_runner.hpp"
#include "infoplane/run/ranks.hpp"
#include "infoplane/run/setting_pipeline.hpp"
#include "infoplane/task/task.hpp"

namespace infoplane::detail {

class SettingRun {
 public:
  // This process is rank `rank` of `ranks` (1 for a single process).
  SettingRun(const ExperimentConfig& experiment, const ExperimentSetting& setting,
             const RunOptions& options, const std::filesystem::path& dir, int rank, int ranks);

  void prepare();
  // Resume found the setting's results from an earlier run with the same configuration.
  bool finished_earlier() const { return finished_earlier_; }
  // Temporary files of a run killed while writing (call while no process writes here).
  void remove_temporary_files() const;

  void start();
  SettingPipeline& pipeline() { return *pipeline_; }
  const std::string& label() const { return setting_.label; }

  // Trains `networks` (empty: all) to the last epoch. On a stop (options.stop) saves this
  // process's checkpoint part and throws RunInterrupted; every options.checkpoint_seconds
  // saves it and goes on.
  void train(std::span<const int> networks);
  // This process's checkpoint part (its networks' states and what they recorded).
  void save_checkpoint() const;

  // The results of all networks (`recorded`, gathered) to the results file, then the summaries
  // and figures; the checkpoint parts are removed once the results are in place.
  SettingOutcome finish(RunResults recorded);
  // The outcome of a setting finished earlier, with any tidying its run left undone.
  SettingOutcome skip();

 private:
  RunSummary summary_of(const RunResults& results) const;
  void write_summaries(const RunSummary& summary) const;
  void say(const std::string& line) const;

  const ExperimentConfig& experiment_;
  const ExperimentSetting& setting_;
  const RunOptions& options_;
  int rank_, ranks_;
  std::filesystem::path dir_, results_path_, summary_md_, summary_json_, figures_;
  std::string resolved_;
  std::uint64_t fingerprint_ = 0;
  bool has_checkpoint_ = false;
  bool finished_earlier_ = false;
  Task task_;
  std::unique_ptr<SettingPipeline> pipeline_;
};

// Every setting of `config` as this process (rank `rank` of `ranks`) runs it, each prepared
// (checked) before any trains. A setting's folder is options.out_root/NAME for one setting,
// options.out_root/NAME/<label> for several.
std::vector<SettingRun> prepare_settings(const ExperimentConfig& config, const RunOptions& options,
                                         int rank, int ranks);

// The experiment's summary.md/.json of every setting and the grid figure (several settings).
void write_experiment_outputs(const ExperimentConfig& config, const std::filesystem::path& root,
                              const std::vector<SettingOutcome>& outcomes);

// run_experiment over several ranks (distributed_runner.cpp); `config` has its overrides
// applied. Rank 0 returns the outcomes, the other ranks an empty list.
std::vector<SettingOutcome> run_experiment_on_ranks(const ExperimentConfig& config,
                                                    const RunOptions& options, Ranks& ranks);

}  // namespace infoplane::detail
