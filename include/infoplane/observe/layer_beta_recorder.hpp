#pragma once
// A TrainingObserver that fits beta* (paper, Eq. 12) for every layer at chosen recorded
// epochs: each layer's encoder is its binned symbol per pattern (the binning estimator's),
// its decoder comes from the task's p(x) p(y|x). Results go to a LayerBetaSeries
// (run/results.hpp); networks beyond `max_networks` are left NaN. Each network writes its own
// slots, so the result does not depend on the thread count.
#include <vector>

#include "infoplane/ib/layer_beta.hpp"
#include "infoplane/info/binning.hpp"
#include "infoplane/results/run_results.hpp"
#include "infoplane/task/task.hpp"
#include "infoplane/train/observer.hpp"

namespace infoplane {

class LayerBetaRecorder : public TrainingObserver {
 public:
  // epochs: ascending recorded epochs at which to fit; max_networks: 0 = all.
  LayerBetaRecorder(const Task& task, std::vector<int> epochs, int n_networks, int n_layers,
                    int max_networks, const BinningOptions& binning,
                    const LayerBetaOptions& options = {});

  void on_recorded_epoch(int network, int epoch, const std::vector<Matrix<float>>& activations,
                         const EpochMetrics& metrics) override;

  const LayerBetaSeries& series() const { return series_; }
  // Values of an interrupted run (same epochs and shape), else infoplane::Error.
  void restore(const LayerBetaSeries& saved);

 private:
  const Task& task_;
  int n_layers_;
  int max_networks_;
  BinningOptions binning_;
  LayerBetaOptions options_;
  LayerBetaSeries series_;
  std::vector<BinningWorkspace> workspaces_;  // one per network
};

}  // namespace infoplane
