#include "infoplane/observe/layer_beta_recorder.hpp"

#include <algorithm>
#include <limits>

#include "infoplane/core/error.hpp"
#include "infoplane/results/series_index.hpp"

namespace infoplane {

LayerBetaRecorder::LayerBetaRecorder(const Task& task, std::vector<int> epochs, int n_networks,
                                     int n_layers, int max_networks,
                                     const BinningOptions& binning, const LayerBetaOptions& options)
    : task_(task), n_layers_(n_layers),
      max_networks_(max_networks > 0 ? std::min(max_networks, n_networks) : n_networks),
      binning_(binning), options_(options), workspaces_(static_cast<std::size_t>(n_networks)) {
  validate_layer_beta_options(options_);
  series_.epochs = std::move(epochs);
  const std::size_t size = static_cast<std::size_t>(n_networks) * series_.epochs.size() * n_layers;
  series_.beta_star.assign(size, std::numeric_limits<double>::quiet_NaN());
  series_.kl_at_beta.assign(size, std::numeric_limits<double>::quiet_NaN());
}

void LayerBetaRecorder::on_recorded_epoch(int network, int epoch,
                                          const std::vector<Matrix<float>>& activations,
                                          const EpochMetrics&) {
  if (network >= max_networks_) return;
  const auto it = std::find(series_.epochs.begin(), series_.epochs.end(), epoch);
  if (it == series_.epochs.end()) return;
  const std::size_t k = static_cast<std::size_t>(it - series_.epochs.begin());
  BinningWorkspace& ws = workspaces_[network];
  for (int l = 0; l < n_layers_; ++l) {
    bin_symbols(activations[l], binning_, ws);
    const LayerBeta fit = layer_beta(task_.p_x, task_.p_y_given_x, ws.t_of_x(), options_);
    const std::size_t at =
        series_index(network, static_cast<int>(k), l, static_cast<int>(series_.epochs.size()), n_layers_);
    series_.beta_star[at] = fit.beta_star;
    series_.kl_at_beta[at] = fit.kl_bits;
  }
}

void LayerBetaRecorder::restore(const LayerBetaSeries& saved) {
  if (saved.epochs != series_.epochs || saved.beta_star.size() != series_.beta_star.size())
    throw Error("beta*: the checkpoint's beta* epochs differ from the experiment's");
  series_ = saved;
}

}  // namespace infoplane
