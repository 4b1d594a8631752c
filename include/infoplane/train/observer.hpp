#pragma once
// What the trainer tells the rest of the program while it trains. The trainer knows nothing
// of mutual information or files: observers (information plane, results, progress bar) do.
//
// Threading: networks of an ensemble train on worker threads, one network per task. Calls for
// one network come in epoch order from one thread at a time; calls for different networks may
// run concurrently, so an observer keeps per-network state indexed by `network` and takes no
// data-dependent order across networks (results must not depend on the thread count).
#include <vector>

#include "infoplane/core/matrix.hpp"

namespace infoplane {

// Loss is the mean cross-entropy in nats; accuracy in [0, 1].
struct EpochMetrics {
  double train_loss = 0.0;
  double train_accuracy = 0.0;
  double test_loss = 0.0;
  double test_accuracy = 0.0;
  // Per weight layer (hidden, then output): the mean |cosine| between the in-weight vectors of
  // its neurons (nn/weight_geometry.hpp).
  std::vector<double> in_weight_cosine;
};

// One layer's weight-gradient statistics over the mini-batches of one epoch (paper, Fig. 4).
// mean_norm = ||mean_b g_b||_2, std_norm = ||std_b g_b||_2 (element-wise std across batches),
// weight_norm = ||W||_2 (Frobenius) at the end of the epoch. Normalised values and SNR are
// derived: mean_norm / weight_norm, std_norm / weight_norm, mean_norm / std_norm.
struct LayerGradientStats {
  double mean_norm = 0.0;
  double std_norm = 0.0;
  double weight_norm = 0.0;
};

class TrainingObserver {
 public:
  virtual ~TrainingObserver() = default;

  // At each recorded epoch (epoch 0 = the untrained network): every layer's activations on all
  // task patterns. activations[l] has shape = [n_patterns, width_l]; layers are the hidden
  // layers in order, then the output layer (softmax probabilities or sigmoid output).
  virtual void on_recorded_epoch(int network, int epoch,
                                 const std::vector<Matrix<float>>& activations,
                                 const EpochMetrics& metrics) {
    (void)network, (void)epoch, (void)activations, (void)metrics;
  }

  // After every training epoch (epoch >= 1): per-layer gradient statistics,
  // stats.size() == number of weight layers (hidden + output).
  virtual void on_gradient_stats(int network, int epoch,
                                 const std::vector<LayerGradientStats>& stats) {
    (void)network, (void)epoch, (void)stats;
  }
};

}  // namespace infoplane
