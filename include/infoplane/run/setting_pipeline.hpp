#pragma once
// One setting trained and measured: the one path from a RunConfig to its RunResults, taken by
// `infoplane train`, by every setting of `infoplane run` and by the Python module. It draws each
// network's training sample, trains the ensemble with the results recorder (metrics, gradient
// statistics), the online information plane of every requested estimator and the beta* fits
// as observers, and, once every network has finished, solves the task's IB curve.
//
// Resumable: resume() puts back a checkpoint's network states and recorded values; train()
// stops every network at the end of its epoch when *stop becomes true and leaves states() ready
// for the next checkpoint.
#include <atomic>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "infoplane/config/run_config.hpp"
#include "infoplane/results/run_results.hpp"
#include "infoplane/task/task.hpp"
#include "infoplane/train/observer.hpp"
#include "infoplane/train/trainer.hpp"

namespace infoplane {

class ResultsRecorder;
class InfoPlaneRecorder;
class LayerBetaRecorder;

class SettingPipeline {
 public:
  // `config` has passed the parameter table's checks; `task` outlives the pipeline;
  // `resolved_toml` is stored as the results' config_toml (config/experiment_config.hpp).
  SettingPipeline(const RunConfig& config, const Task& task, std::string resolved_toml);
  ~SettingPipeline();

  int n_networks() const { return config_.train.training.networks; }
  int epochs() const { return trainer_.epochs; }

  // Puts back an interrupted run: its network states and what it had recorded (the partial
  // RunResults of its checkpoint). Throws infoplane::Error when they do not fit this setting.
  void resume(std::vector<NetworkState> states, const RunResults& saved);

  // Trains every network (or only `networks`, one rank's share) to the last epoch, reporting
  // also to `observers`; returns false when *stop became true first. Throws infoplane::Error
  // (divergence).
  bool train(const std::vector<TrainingObserver*>& observers, std::atomic<bool>* stop = nullptr,
             std::span<const int> networks = {});

  // Estimated cost of training and measuring network `network` (run/unit_assignment.hpp).
  double network_cost(int network) const;

  const std::vector<NetworkState>& states() const { return states_; }
  // What has been recorded so far (everything but the IB curve).
  RunResults recorded() const;
  // After train() returned true: the run's results with the IB curve when [ib] curve is set.
  RunResults finish() const { return finish(recorded()); }
  // The same for recorded values gathered from several processes (every network's slices).
  RunResults finish(RunResults recorded) const;

 private:
  RunConfig config_;
  const Task& task_;
  TrainerOptions trainer_;
  std::vector<Split> splits_;
  std::vector<NetworkState> states_;
  std::unique_ptr<RunResults> results_;  // filled by the recorder
  std::unique_ptr<ResultsRecorder> recorder_;
  std::unique_ptr<InfoPlaneRecorder> info_;
  std::unique_ptr<LayerBetaRecorder> betas_;
};

// Recorded epochs at which beta* is fitted: each requested epoch snaps to the nearest recorded
// one (the log schedule skips most epochs), plus the last recorded epoch when asked.
std::vector<int> beta_star_epochs(const IBSettings& ib, const std::vector<int>& recorded);

}  // namespace infoplane
