#pragma once
// The estimator grid of `infoplane verdict` (issue 16): every estimator and parameter the
// information plane is computed under, built from the [verdict] keys (verdict_settings.hpp)
// over the run's own [info] options. One computation can give two series (KDE: the upper and
// the lower bound of one pass).
#include <string>
#include <vector>

#include "infoplane/info/estimator.hpp"
#include "infoplane/nn/network_spec.hpp"
#include "infoplane/verdict/verdict_settings.hpp"

namespace infoplane {

// One estimator call per layer: make_estimator(estimator, options), on the activations
// quantized to quantize_bits first when that is > 0 (exact counting).
struct GridComputation {
  std::string estimator;  // binning, adaptive, kde, ksg, noisy, exact
  EstimatorOptions options;
  int quantize_bits = 0;
};

// Which value of a computation's estimate a series takes.
enum class GridValue { kPoint, kUpper, kLower };

// One series of the grid: an information plane per network, epoch and layer.
struct GridSeries {
  std::string label;   // unique, e.g. "binning-30-fixed", "kde_upper-0.001", "ksg-3", "exact-8"
  std::string family;  // the figure's panel: binning-fixed, binning-data, adaptive, kde_upper,
                       // kde_lower, ksg, noisy, exact
  int computation = 0; // index into EstimatorGrid::computations
  GridValue value = GridValue::kPoint;
};

struct EstimatorGrid {
  std::vector<GridComputation> computations;
  std::vector<GridSeries> series;
};

// The grid in a fixed order: binning (each range, each bin count), adaptive, KDE (each sigma2:
// upper then lower), KSG (each k), noisy (each sigma2), exact (each bit count). `base`: the run's
// [info] options (fixed range, adaptive bins, Monte-Carlo samples, seeds); estimator threads 1
// (networks run in parallel instead).
EstimatorGrid make_estimator_grid(const VerdictSettings& settings, const EstimatorOptions& base);

// The families in the grid's order, each once.
std::vector<std::string> grid_families(const EstimatorGrid& grid);

// The quantizer's range for exact counting of layer `layer` of `n_layers` (the last is the
// output's probabilities: [0, 1]): the run's quantize range for a quantized network, else the
// activation's default (nn/hidden_perturbation.hpp).
std::pair<double, double> exact_quantize_range(int layer, int n_layers, Activation activation,
                                               int run_quantize_bits,
                                               const std::vector<double>& run_quantize_range);

}  // namespace infoplane
