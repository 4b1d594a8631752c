#include "infoplane/train/experiment.hpp"

#include <unistd.h>

#include <chrono>
#include <ctime>

#include "infoplane/train/results_recorder.hpp"
#include "infoplane/train/trainer.hpp"
#include "infoplane/version.hpp"

namespace infoplane {

std::vector<Split> draw_ensemble_splits(const Task& task, const TrainConfig& config) {
  std::vector<Split> splits;
  splits.reserve(static_cast<std::size_t>(config.training.networks));
  for (int i = 0; i < config.training.networks; ++i) {
    splits.push_back(draw_split(task, config.task.train_fraction, sample_seed(config.training.seed, i)));
  }
  return splits;
}

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

RunMetadata make_run_metadata(const TrainConfig& config) {
  RunMetadata m;
  m.program_version = kVersion;
  m.git_commit = kGitCommit;
  m.config_toml = to_toml(config);
  m.host = host_name();
  m.date_utc = utc_now();
  m.seed = config.training.seed;
  return m;
}

RunResults run_training(const TrainConfig& config, const Task& task,
                        const std::vector<TrainingObserver*>& extra_observers) {
  const TrainerOptions options = make_trainer_options(config, task);
  const std::vector<Split> splits = draw_ensemble_splits(task, config);
  RunResults results;
  results.metadata = make_run_metadata(config);
  std::vector<int> widths(options.spec.widths.begin() + 1, options.spec.widths.end());
  ResultsRecorder recorder(results, config.training.networks, config.training.epochs,
                           options.record_epochs, widths);
  std::vector<TrainingObserver*> observers{&recorder};
  observers.insert(observers.end(), extra_observers.begin(), extra_observers.end());
  train_ensemble(task, splits, options, observers);
  return results;
}

}  // namespace infoplane
