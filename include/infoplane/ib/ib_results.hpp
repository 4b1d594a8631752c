#pragma once
// Small conversions between the IB module's value types and the run results
// (infoplane/results/run_results.hpp), plus the ensemble summary of beta* per layer.
#include <span>
#include <vector>

#include "infoplane/ib/ib_curve.hpp"
#include "infoplane/ib/layer_beta.hpp"
#include "infoplane/results/run_results.hpp"

namespace infoplane {

// beta, I(X;T), I(T;Y) (bits) of every point.
IBCurveSeries to_ib_curve_series(const IBCurve& curve);

// Back to a curve (points without encoders or iteration counts), e.g. to measure a layer's gap
// from a results file. Throws infoplane::Error if the three arrays differ in length.
IBCurve from_ib_curve_series(const IBCurveSeries& series);

// Packs beta* and the KL at beta* of every (network, epoch, layer).
// values: shape = [n_networks, epochs.size(), n_layers], row-major.
// Throws infoplane::Error if the sizes disagree.
LayerBetaSeries make_layer_beta_series(const std::vector<int>& epochs, int n_networks,
                                       int n_layers, std::span<const LayerBeta> values);

// Ensemble mean and standard error (sample std / sqrt(n_networks); NaN for one network) per
// recorded epoch and layer. beta spans decades, so its summary is over log10(beta*).
struct LayerBetaSummary {
  std::vector<int> epochs;
  int n_layers = 0;
  std::vector<double> mean_log10_beta;  // shape = [epochs.size(), n_layers]
  std::vector<double> se_log10_beta;    // shape = [epochs.size(), n_layers]
  std::vector<double> mean_kl;          // shape = [epochs.size(), n_layers], bits
  std::vector<double> se_kl;            // shape = [epochs.size(), n_layers], bits
};

// Throws infoplane::Error if the series' sizes are not n_networks * epochs * n_layers.
LayerBetaSummary summarize_layer_beta(const LayerBetaSeries& series, int n_networks,
                                      int n_layers);

}  // namespace infoplane
