// The verdict's estimator grid; see include/infoplane/verdict/estimator_grid.hpp.
#include "infoplane/verdict/estimator_grid.hpp"

#include <sstream>

#include "infoplane/nn/hidden_perturbation.hpp"

namespace infoplane {
namespace {

// Shortest round-trip text of a parameter value for labels ("0.001", "10").
std::string number_text(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

}  // namespace

EstimatorGrid make_estimator_grid(const VerdictSettings& s, const EstimatorOptions& base) {
  EstimatorGrid g;
  EstimatorOptions o = base;
  o.threads = 1;
  auto add = [&](GridComputation c, std::vector<GridSeries> series) {
    for (auto& x : series) {
      x.computation = static_cast<int>(g.computations.size());
      g.series.push_back(x);
    }
    g.computations.push_back(std::move(c));
  };
  for (const auto& range : s.ranges) {
    for (int bins : s.bins) {
      GridComputation c{"binning", o, 0};
      c.options.bins = bins;
      c.options.range = range;
      add(c, {{"binning-" + std::to_string(bins) + "-" + range, "binning-" + range, 0, GridValue::kPoint}});
    }
  }
  if (s.adaptive) add({"adaptive", o, 0}, {{"adaptive-" + std::to_string(o.bins), "adaptive", 0, GridValue::kPoint}});
  for (double sigma2 : s.kde_sigma2) {
    GridComputation c{"kde", o, 0};
    c.options.sigma2 = sigma2;
    add(c, {{"kde_upper-" + number_text(sigma2), "kde_upper", 0, GridValue::kUpper},
            {"kde_lower-" + number_text(sigma2), "kde_lower", 0, GridValue::kLower}});
  }
  for (int k : s.ksg_k) {
    GridComputation c{"ksg", o, 0};
    c.options.k = k;
    add(c, {{"ksg-" + std::to_string(k), "ksg", 0, GridValue::kPoint}});
  }
  for (double sigma2 : s.noisy_sigma2) {
    GridComputation c{"noisy", o, 0};
    c.options.sigma2 = sigma2;
    add(c, {{"noisy-" + number_text(sigma2), "noisy", 0, GridValue::kPoint}});
  }
  for (int bits : s.exact_bits) {
    add({"exact", o, bits}, {{"exact-" + std::to_string(bits), "exact", 0, GridValue::kPoint}});
  }
  return g;
}

std::vector<std::string> grid_families(const EstimatorGrid& grid) {
  std::vector<std::string> out;
  for (const auto& s : grid.series) {
    bool seen = false;
    for (const auto& f : out) seen = seen || f == s.family;
    if (!seen) out.push_back(s.family);
  }
  return out;
}

std::pair<double, double> exact_quantize_range(int layer, int n_layers, Activation activation,
                                               int run_quantize_bits,
                                               const std::vector<double>& run_quantize_range) {
  if (layer + 1 == n_layers) return {0.0, 1.0};  // output probabilities
  if (run_quantize_bits > 0 && run_quantize_range.size() == 2) return {run_quantize_range[0], run_quantize_range[1]};
  return default_quantize_range(activation);
}

}  // namespace infoplane
