#include "infoplane/run/setting_pipeline.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>

#include "infoplane/core/error.hpp"
#include "infoplane/ib/ib_curve.hpp"
#include "infoplane/ib/ib_problem.hpp"
#include "infoplane/ib/ib_results.hpp"
#include "infoplane/observe/info_plane_recorder.hpp"
#include "infoplane/observe/layer_beta_recorder.hpp"
#include "infoplane/observe/results_recorder.hpp"
#include "infoplane/run/unit_assignment.hpp"
#include "infoplane/version.hpp"

namespace infoplane {
namespace {

std::string host_name() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "unknown";
  return buf;
}

std::string utc_now() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

std::vector<int> beta_star_epochs(const IBSettings& ib, const std::vector<int>& recorded) {
  std::vector<int> epochs;
  if (recorded.empty()) return epochs;
  for (int e : ib.beta_star_epochs) {
    const auto after = std::lower_bound(recorded.begin(), recorded.end(), e);
    if (after == recorded.end()) epochs.push_back(recorded.back());
    else if (after == recorded.begin() || *after - e <= e - *(after - 1)) epochs.push_back(*after);
    else epochs.push_back(*(after - 1));
  }
  if (ib.beta_star_last) epochs.push_back(recorded.back());
  std::sort(epochs.begin(), epochs.end());
  epochs.erase(std::unique(epochs.begin(), epochs.end()), epochs.end());
  return epochs;
}

SettingPipeline::SettingPipeline(const RunConfig& config, const Task& task, std::string resolved_toml)
    : config_(config), task_(task), trainer_(make_trainer_options(config.train, task)),
      splits_(draw_ensemble_splits(task, config.train)), states_(splits_.size()),
      results_(std::make_unique<RunResults>()) {
  const int n_networks = config.train.training.networks;
  const std::vector<int> widths(trainer_.spec.widths.begin() + 1, trainer_.spec.widths.end());
  const int n_layers = static_cast<int>(widths.size());
  RunMetadata& m = results_->metadata;
  m.program_version = kVersion;
  m.git_commit = kGitCommit;
  m.config_toml = std::move(resolved_toml);
  m.host = host_name();
  m.date_utc = utc_now();
  m.seed = config.train.training.seed;
  recorder_ = std::make_unique<ResultsRecorder>(*results_, n_networks, trainer_.epochs,
                                                trainer_.record_epochs, widths);
  info_ = std::make_unique<InfoPlaneRecorder>(task, trainer_.record_epochs, n_networks, n_layers,
                                              config.info.estimators, config.info.options,
                                              config.info.dpi_tol_bits,
                                              evaluation_rows(task, static_cast<std::size_t>(config.info.eval_rows),
                                                              config.info.options.seed));
  betas_ = std::make_unique<LayerBetaRecorder>(
      task, beta_star_epochs(config.ib, trainer_.record_epochs), n_networks, n_layers,
      config.ib.beta_star_networks, binning_options_from(config.info.options));
}

SettingPipeline::~SettingPipeline() = default;

void SettingPipeline::resume(std::vector<NetworkState> states, const RunResults& saved) {
  if (states.size() != splits_.size())
    throw Error("the checkpoint holds " + std::to_string(states.size()) + " networks, the setting " +
                std::to_string(splits_.size()));
  // Each network then overwrites only the slots of the epochs it still trains, so the final
  // arrays equal an uninterrupted run's.
  if (saved.recorded_epochs != results_->recorded_epochs ||
      saved.metrics.train_loss.size() != results_->metrics.train_loss.size() ||
      saved.gradients.mean_norm.size() != results_->gradients.mean_norm.size())
    throw Error("the checkpoint's recorded epochs or shapes differ from the setting's");
  states_ = std::move(states);
  results_->metrics = saved.metrics;
  results_->gradients = saved.gradients;
  info_->restore(saved.info);
  if (saved.layer_beta) betas_->restore(*saved.layer_beta);
}

bool SettingPipeline::train(const std::vector<TrainingObserver*>& observers, std::atomic<bool>* stop,
                            std::span<const int> networks) {
  std::vector<TrainingObserver*> all{recorder_.get(), info_.get(), betas_.get()};
  all.insert(all.end(), observers.begin(), observers.end());
  return train_ensemble_from(task_, splits_, trainer_, all, states_, stop, networks);
}

double SettingPipeline::network_cost(int network) const {
  return infoplane::network_cost(trainer_.spec.widths, trainer_.epochs,
                                 static_cast<int>(trainer_.record_epochs.size()),
                                 splits_[static_cast<std::size_t>(network)].train.pattern.size(),
                                 task_.p_x.size(), config_.info.estimators);
}

RunResults SettingPipeline::recorded() const {
  RunResults r = *results_;
  r.info = info_->series();
  if (!betas_->series().epochs.empty()) r.layer_beta = betas_->series();
  return r;
}

RunResults SettingPipeline::finish(RunResults r) const {
  if (config_.ib.curve) {
    const bool classes = !task_.pattern_class.empty();
    r.ib_curve = to_ib_curve_series(
        compute_ib_curve(ib_problem_from_task(task_, classes), config_.ib.curve_options));
    // The finite-sample curve (Section 3.9) of network 0's sample, as `infoplane ib
    // --train-fraction F --seed S` gives it.
    if (splits_.front().train.pattern.size() < task_.p_x.size()) {
      const Task sample = sample_task(task_, splits_.front().train, SampleLabels::kTrue);
      r.ib_sample_curve = to_ib_curve_series(compute_ib_curve(
          ib_problem_from_task(sample, !sample.pattern_class.empty()), config_.ib.curve_options));
    }
  }
  return r;
}

}  // namespace infoplane
