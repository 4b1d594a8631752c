#pragma once
// A test observer that sets `stop` (as a signal would) when network 1 finishes epoch 50.
#include <atomic>
#include <vector>

#include "infoplane/train/observer.hpp"

namespace infoplane::testing {

class StopAtEpoch : public TrainingObserver {
 public:
  explicit StopAtEpoch(std::atomic<bool>& stop) : stop_(stop) {}
  void on_gradient_stats(int network, int epoch, const std::vector<LayerGradientStats>&) override {
    if (network == 1 && epoch == 50) stop_.store(true);
  }

 private:
  std::atomic<bool>& stop_;
};

}  // namespace infoplane::testing
