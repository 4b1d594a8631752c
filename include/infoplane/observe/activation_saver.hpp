#pragma once
// An observer that writes the recorded activations of chosen networks as float32 .npy files:
// DIR/network_<i>/epoch_<e>_layer_<l>.npy, shape = [n_patterns, width_l] (layer 0 = first
// hidden layer; the last layer holds the output probabilities). Numbers are zero-padded
// (network 3 digits, epoch 6) so files sort in order. Files are written by io/npy.hpp.
#include <string>
#include <vector>

#include "infoplane/train/observer.hpp"

namespace infoplane {

class ActivationSaver : public TrainingObserver {
 public:
  // Creates `directory` (and parents). Throws infoplane::Error naming it on failure, and when it
  // holds files already unless `overwrite` (--force): earlier activations are not replaced.
  ActivationSaver(std::string directory, std::vector<int> networks, bool overwrite);

  void on_recorded_epoch(int network, int epoch, const std::vector<Matrix<float>>& activations,
                         const EpochMetrics& metrics) override;

 private:
  std::string directory_;
  std::vector<int> networks_;
};

}  // namespace infoplane
