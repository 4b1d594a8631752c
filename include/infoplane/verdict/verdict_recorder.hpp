#pragma once
// The observer of a verdict's rerun: at the chosen recorded epochs, places every layer of every
// rerun network in the information plane under every series of the estimator grid; at every
// recorded epoch, checks that the rerun reproduces the stored run (loss and accuracy bit for
// bit), so that the verdict is about the networks of the results file.
//
// Threading: calls for different networks may run concurrently; each network writes only its
// own slots.
#include <memory>
#include <vector>

#include "infoplane/info/estimator.hpp"
#include "infoplane/results/run_results.hpp"
#include "infoplane/task/task.hpp"
#include "infoplane/train/observer.hpp"
#include "infoplane/verdict/estimator_grid.hpp"

namespace infoplane {

// Values of every series, shape = [n_networks, epochs.size(), n_layers] each, bits.
struct GridPlanes {
  std::vector<int> epochs;                  // the chosen recorded epochs, ascending
  int n_networks = 0;                       // networks 0 .. n_networks - 1
  int n_layers = 0;
  std::vector<std::vector<double>> i_xt;    // [series][network, epoch, layer]
  std::vector<std::vector<double>> i_ty;
};

// How to quantize layer l for the grid's exact counts: [lo, hi] per layer.
using QuantizeRanges = std::vector<std::pair<double, double>>;

class VerdictRecorder : public TrainingObserver {
 public:
  // stored: the results file's values (its metrics are the check); epochs: a subset of
  // stored.recorded_epochs; networks 0 .. n_networks - 1 are rerun. Throws infoplane::Error for
  // estimator options out of range.
  VerdictRecorder(const Task& task, const EstimatorGrid& grid, const RunResults& stored,
                  std::vector<int> epochs, int n_networks, QuantizeRanges exact_ranges);

  void on_recorded_epoch(int network, int epoch, const std::vector<Matrix<float>>& activations,
                         const EpochMetrics& metrics) override;

  const GridPlanes& planes() const { return planes_; }

 private:
  void check_reproduced(int network, int epoch, const EpochMetrics& metrics) const;

  const Task& task_;
  const EstimatorGrid& grid_;
  const RunResults& stored_;
  QuantizeRanges exact_ranges_;
  std::vector<std::unique_ptr<Estimator>> estimators_;  // one per grid computation
  GridPlanes planes_;
};

// The chosen epochs: every k-th recorded epoch (0, k, 2k, ... of the recorded list), plus the
// last one always.
std::vector<int> every_kth_epoch(const std::vector<int>& recorded, int k);

}  // namespace infoplane
