#pragma once
// One training experiment end to end, for the CLI and the run module: draw each network's
// training sample from the task (network i: draw_split(task, train_fraction, sample_seed(seed,
// i))), train the ensemble, and collect metrics and gradient statistics into RunResults.
#include <vector>

#include "infoplane/run/results.hpp"
#include "infoplane/task/split.hpp"
#include "infoplane/task/task.hpp"
#include "infoplane/train/observer.hpp"
#include "infoplane/train/train_config.hpp"

namespace infoplane {

std::vector<Split> draw_ensemble_splits(const Task& task, const TrainConfig& config);

// Program version, git commit, resolved configuration (TOML), host, UTC date and seed.
RunMetadata make_run_metadata(const TrainConfig& config);

// Trains the ensemble of `config` on `task`, reporting also to `extra_observers` (information
// plane, progress bar, activation files). Fills every RunResults field it owns: metadata
// (version, commit, resolved config, host, date, seed), n_networks, n_epochs, layer_widths,
// recorded_epochs, metrics, gradients. Throws infoplane::Error (bad config, divergence).
RunResults run_training(const TrainConfig& config, const Task& task,
                        const std::vector<TrainingObserver*>& extra_observers = {});

}  // namespace infoplane
