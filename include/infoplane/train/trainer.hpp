#pragma once
// Trains an ensemble of networks side by side: one network per thread task (an atomic counter
// hands out network indices), nothing reduced across networks, so a seed gives bit-identical
// results whatever the thread count. Each network has its own streams derived from the ensemble
// seed: Rng::derive(seed, {network, kStreamInit}) for its initial weights,
// {network, kStreamSample} for its training sample (see sample_seed), {network, kStreamBatches}
// for its batch order, and with hidden-layer noise {network, kStreamHiddenNoise, epoch, batch,
// sample, layer} (nn/hidden_perturbation.hpp).
//
// Per epoch: shuffle the training sample, run the mini-batches (gradient of the mean
// cross-entropy over the batch, optimizer step), then report per-layer gradient statistics to
// the observers; at recorded epochs, forward all task patterns and report every layer's
// activations with train/test loss and accuracy. A network whose weights, activations or loss
// become non-finite stops the run with an infoplane::Error naming the network and epoch.
#include <atomic>
#include <cstdint>
#include <span>
#include <vector>

#include "infoplane/core/rng.hpp"
#include "infoplane/nn/fast_network.hpp"
#include "infoplane/nn/hidden_perturbation.hpp"
#include "infoplane/nn/network_spec.hpp"
#include "infoplane/task/split.hpp"
#include "infoplane/task/task.hpp"
#include "infoplane/train/observer.hpp"
#include "infoplane/train/train_config.hpp"

namespace infoplane {

inline constexpr std::uint64_t kStreamInit = 1;
inline constexpr std::uint64_t kStreamSample = 2;
inline constexpr std::uint64_t kStreamBatches = 3;

// The seed that network `network`'s training sample is drawn with (draw_split(task, f, seed)).
std::uint64_t sample_seed(std::uint64_t ensemble_seed, int network);

// Everything the trainer needs besides the task and the samples.
struct TrainerOptions {
  NetworkSpec spec;
  InitOptions init;
  OptimizerSettings optimizer;
  int epochs = 10000;
  std::uint64_t seed = 0;
  int threads = 0;                  // 0 = std::thread::hardware_concurrency()
  std::vector<int> record_epochs;   // ascending, within [0, epochs]
  bool gradient_stats = true;       // false: skip on_gradient_stats (benchmarks of its cost)
  HiddenPerturbationSettings perturbation;  // noise / quantization of the hidden layers; default off
};

// Builds the options from a checked config (config/parameter_table.hpp) and the task (input and
// label counts).
TrainerOptions make_trainer_options(const TrainConfig& config, const Task& task);

// The training sample of every network: network i gets
// draw_split(task, train_fraction, sample_seed(seed, i)).
std::vector<Split> draw_ensemble_splits(const Task& task, const TrainConfig& config);

// One network's training state: a plain value (checkpoint/resume). Training from a state to
// epoch E gives the same result as training from scratch to E.
struct NetworkState {
  int network = 0;
  int epoch = 0;                    // epochs completed
  std::vector<float> params;        // NetworkSpec layout
  std::vector<float> adam_m;        // Adam first moments, same layout (empty for sgd/gd)
  std::vector<float> adam_v;        // Adam second moments
  std::int64_t steps = 0;           // optimizer steps taken
  std::vector<int> order;           // current permutation of training-sample positions
  Rng::State batch_rng{};           // the batch-order stream
};

// The untrained state of network `network`: initial weights from its init stream.
NetworkState initial_state(const TrainerOptions& options, int network, std::size_t n_train);

// Trains one network from `state` up to epoch `until_epoch`, reporting to `observers` (called
// on this thread). Stops early, leaving a consistent state, when `stop` becomes true.
// Records epoch 0 when state.epoch == 0 and 0 is a recorded epoch. Throws infoplane::Error on
// divergence. `inputs`: the task's inputs laid out for the kernels (FeatureMajorInputs of
// task.inputs), shared read-only by the networks of an ensemble; null: built for this call
// (a copy of the inputs: 188 MB for the 60,000 Fashion-MNIST training images).
void train_network(const Task& task, const Split& split, const TrainerOptions& options,
                   NetworkState& state, int until_epoch,
                   std::span<TrainingObserver* const> observers,
                   const std::atomic<bool>* stop = nullptr,
                   const FeatureMajorInputs* inputs = nullptr);

// Trains networks 0..splits.size()-1 to options.epochs on options.threads threads and returns
// their final states. On an error in any network the others stop at their next epoch and the
// error of the lowest-numbered failing network is rethrown. The inputs' kernel layout
// (FeatureMajorInputs) is built once and shared by all networks.
std::vector<NetworkState> train_ensemble(const Task& task, const std::vector<Split>& splits,
                                         const TrainerOptions& options,
                                         const std::vector<TrainingObserver*>& observers);

// The resumable form: trains each network from states[i] (an empty `params` means "not started":
// its initial state is made first) to options.epochs. When `stop` becomes true (a signal), every
// network stops at the end of its current epoch and `states` holds where each one is, ready for
// a checkpoint; returns true if all networks finished. A failing network also sets `stop` (so
// the others end early) before its error is rethrown. states.size() == splits.size().
// `networks`, when not empty, names the only networks to train (ascending; one rank's share of
// a distributed run): the others are left as they are and do not count towards "all finished".
bool train_ensemble_from(const Task& task, const std::vector<Split>& splits,
                         const TrainerOptions& options,
                         const std::vector<TrainingObserver*>& observers,
                         std::vector<NetworkState>& states, std::atomic<bool>* stop,
                         std::span<const int> networks = {});

}  // namespace infoplane
