#include "infoplane/observe/results_recorder.hpp"

#include <algorithm>

#include "infoplane/core/error.hpp"
#include "infoplane/results/series_index.hpp"

namespace infoplane {

ResultsRecorder::ResultsRecorder(RunResults& results, int n_networks, int n_epochs,
                                 const std::vector<int>& recorded_epochs,
                                 const std::vector<int>& layer_widths)
    : results_(results) {
  results_.n_networks = n_networks;
  results_.n_epochs = n_epochs;
  results_.recorded_epochs = recorded_epochs;
  results_.layer_widths = layer_widths;
  const std::size_t n_metric = static_cast<std::size_t>(n_networks) * recorded_epochs.size();
  for (auto* v : {&results_.metrics.train_loss, &results_.metrics.train_accuracy,
                  &results_.metrics.test_loss, &results_.metrics.test_accuracy}) {
    v->assign(n_metric, 0.0);
  }
  results_.metrics.in_weight_cosine.assign(n_metric * layer_widths.size(), 0.0);
  const std::size_t n_grad = static_cast<std::size_t>(n_networks) * static_cast<std::size_t>(n_epochs) * layer_widths.size();
  for (auto* v : {&results_.gradients.mean_norm, &results_.gradients.std_norm, &results_.gradients.weight_norm}) {
    v->assign(n_grad, 0.0);
  }
}

void ResultsRecorder::on_recorded_epoch(int network, int epoch, const std::vector<Matrix<float>>&,
                                        const EpochMetrics& metrics) {
  const auto& rec = results_.recorded_epochs;
  const auto it = std::lower_bound(rec.begin(), rec.end(), epoch);
  INFOPLANE_ASSERT(it != rec.end() && *it == epoch && network >= 0 && network < results_.n_networks);
  const std::size_t k = static_cast<std::size_t>(network) * rec.size() + static_cast<std::size_t>(it - rec.begin());
  results_.metrics.train_loss[k] = metrics.train_loss;
  results_.metrics.train_accuracy[k] = metrics.train_accuracy;
  results_.metrics.test_loss[k] = metrics.test_loss;
  results_.metrics.test_accuracy[k] = metrics.test_accuracy;
  const std::size_t n_layers = results_.layer_widths.size();
  INFOPLANE_ASSERT(metrics.in_weight_cosine.size() == n_layers);
  std::copy(metrics.in_weight_cosine.begin(), metrics.in_weight_cosine.end(),
            results_.metrics.in_weight_cosine.begin() + static_cast<std::ptrdiff_t>(k * n_layers));
}

void ResultsRecorder::on_gradient_stats(int network, int epoch,
                                        const std::vector<LayerGradientStats>& stats) {
  const std::size_t n_layers = results_.layer_widths.size();
  INFOPLANE_ASSERT(stats.size() == n_layers && epoch >= 1 && epoch <= results_.n_epochs);
  const std::size_t base =
      series_index(network, epoch - 1, 0, results_.n_epochs, static_cast<int>(n_layers));
  for (std::size_t l = 0; l < n_layers; ++l) {
    results_.gradients.mean_norm[base + l] = stats[l].mean_norm;
    results_.gradients.std_norm[base + l] = stats[l].std_norm;
    results_.gradients.weight_norm[base + l] = stats[l].weight_norm;
  }
}

EpochMetrics ensemble_mean_final_metrics(const RunResults& r) {
  EpochMetrics m;
  const std::size_t n_rec = r.recorded_epochs.size();
  if (r.n_networks == 0 || n_rec == 0) return m;
  for (int i = 0; i < r.n_networks; ++i) {
    const std::size_t k = static_cast<std::size_t>(i) * n_rec + n_rec - 1;
    m.train_loss += r.metrics.train_loss[k];
    m.train_accuracy += r.metrics.train_accuracy[k];
    m.test_loss += r.metrics.test_loss[k];
    m.test_accuracy += r.metrics.test_accuracy[k];
  }
  const double inv = 1.0 / r.n_networks;
  m.train_loss *= inv;
  m.train_accuracy *= inv;
  m.test_loss *= inv;
  m.test_accuracy *= inv;
  return m;
}

}  // namespace infoplane
