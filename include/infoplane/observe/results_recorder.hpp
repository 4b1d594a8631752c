#pragma once
// An observer that fills RunResults (run/results.hpp) with the metrics at the recorded epochs
// and the gradient statistics of every epoch. Each network writes its own slots, so the
// recorder is safe with concurrent networks and independent of the thread count.
#include <vector>

#include "infoplane/results/run_results.hpp"
#include "infoplane/train/observer.hpp"

namespace infoplane {

class ResultsRecorder : public TrainingObserver {
 public:
  // Sizes results' metric arrays [n_networks, n_recorded] and gradient arrays
  // [n_networks, n_epochs, n_layers], and sets n_networks, n_epochs, layer_widths (hidden then
  // output widths) and recorded_epochs. `results` must outlive the recorder.
  ResultsRecorder(RunResults& results, int n_networks, int n_epochs,
                  const std::vector<int>& recorded_epochs, const std::vector<int>& layer_widths);

  void on_recorded_epoch(int network, int epoch, const std::vector<Matrix<float>>& activations,
                         const EpochMetrics& metrics) override;
  void on_gradient_stats(int network, int epoch,
                         const std::vector<LayerGradientStats>& stats) override;

 private:
  RunResults& results_;
};

// Mean over networks of the metrics at the last recorded epoch (the train command's summary).
EpochMetrics ensemble_mean_final_metrics(const RunResults& results);

}  // namespace infoplane
