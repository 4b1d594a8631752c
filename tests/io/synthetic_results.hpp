#pragma once
// A synthetic RunResults with every field filled and paper-like shapes: I(X;T) rises then
// falls (compression), I(T;Y) rises towards 1 bit, deeper layers sit lower and to the left,
// gradient means fall below their stds after a drift phase. The values are a smooth formula
// plus deterministic per-network wiggles, so tests can compare them exactly after a round trip
// and the figures drawn from them look like the paper's.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "infoplane/results/run_results.hpp"

namespace infoplane::testing {

struct SyntheticShape {
  int n_networks = 5;
  int n_layers = 6;
  int n_recorded = 30;
  int n_epochs = 1000;
  bool with_ib = true;
  std::vector<std::string> estimators = {"binning", "kde_upper"};
};

// Deterministic wiggle in [-1, 1] for (network, index, layer).
inline double wiggle(int network, int index, int layer) {
  return std::sin(12.9898 * network + 78.233 * index + 37.719 * layer + 0.5 * network * layer);
}

// The recorded epochs: 0 then roughly log-spaced to n_epochs, strictly ascending.
inline std::vector<int> log_spaced_epochs(int n_recorded, int n_epochs) {
  std::vector<int> epochs = {0};
  for (int i = 1; i < n_recorded; ++i) {
    const double e = std::pow(double(n_epochs), double(i) / (n_recorded - 1));
    epochs.push_back(std::max(epochs.back() + 1, static_cast<int>(std::lround(e))));
  }
  return epochs;
}

inline RunResults make_synthetic_results(const SyntheticShape& shape = {}) {
  RunResults r;
  r.metadata = {"0.1.0-test", "0123456789ab", "[task]\nname = \"spherical\"\nseed = 7\n",
                "testhost", "2026-11-05T12:00:00Z", 0xFEDCBA9876543210ULL};
  r.n_networks = shape.n_networks;
  r.n_epochs = shape.n_epochs;
  for (int l = 0; l < shape.n_layers; ++l) r.layer_widths.push_back(std::max(2, 10 - 2 * l));
  r.recorded_epochs = log_spaced_epochs(shape.n_recorded, shape.n_epochs);
  const int nn = shape.n_networks, nr = shape.n_recorded, nl = shape.n_layers;
  const double log_end = std::log1p(double(shape.n_epochs));

  for (std::size_t k = 0; k < shape.estimators.size(); ++k) {
    InfoPlaneSeries s{shape.estimators[k], {}, {}};
    for (int n = 0; n < nn; ++n) {
      for (int i = 0; i < nr; ++i) {
        const double t = std::log1p(double(r.recorded_epochs[i])) / log_end;  // 0..1
        for (int l = 0; l < nl; ++l) {
          const double depth = double(l) / std::max(1, nl - 1);
          const double start = 11.8 - 8.0 * depth, peak = 11.95 - 6.0 * depth;
          const double compress = (1.5 + 3.0 * depth) * std::pow(std::max(0.0, t - 0.45) / 0.55, 2);
          const double xt = start + (peak - start) * (1 - std::exp(-t / 0.15)) - compress +
                            0.15 * wiggle(n, i, l) - 0.3 * double(k);
          const double ty0 = 0.55 - 0.4 * depth, ty1 = 0.98 - 0.06 * depth;
          const double ty = ty0 + (ty1 - ty0) * (1 - std::exp(-t / 0.3)) + 0.01 * wiggle(n, l, i);
          s.i_xt.push_back(std::clamp(xt, 0.0, 12.0));
          s.i_ty.push_back(std::clamp(ty, 0.0, 1.0));
        }
      }
    }
    r.info.push_back(std::move(s));
  }

  for (int n = 0; n < nn; ++n) {
    for (int i = 0; i < nr; ++i) {
      const double t = std::log1p(double(r.recorded_epochs[i])) / log_end;
      r.metrics.train_loss.push_back(0.69 * std::exp(-3 * t) + 0.01 * (1 + wiggle(n, i, 0)));
      r.metrics.train_accuracy.push_back(std::min(1.0, 0.5 + 0.49 * (1 - std::exp(-4 * t))));
      r.metrics.test_loss.push_back(0.69 * std::exp(-2.5 * t) + 0.02);
      r.metrics.test_accuracy.push_back(std::min(1.0, 0.5 + 0.45 * (1 - std::exp(-4 * t))));
      for (int l = 0; l < nl; ++l) r.metrics.in_weight_cosine.push_back(0.2 + 0.05 * wiggle(n, i, l));
    }
  }

  // Drift: mean ~ const >> std; after epoch e_l the mean falls as a power law below the std.
  for (int n = 0; n < nn; ++n) {
    for (int e = 1; e <= shape.n_epochs; ++e) {
      for (int l = 0; l < nl; ++l) {
        const double transition = 60.0 + 25.0 * l;
        const double mean = 0.5 / (1 + std::pow(e / transition, 1.2)) *
                            std::exp(0.25 * wiggle(n, e, l));
        const double stdv = 0.08 * std::pow(double(e), -0.05) * std::exp(0.1 * wiggle(e, n, l));
        r.gradients.mean_norm.push_back(mean);
        r.gradients.std_norm.push_back(stdv);
        r.gradients.weight_norm.push_back(1.0 + 0.3 * std::log1p(double(e)) + 0.05 * l);
      }
    }
  }

  if (shape.with_ib) {
    // A concave curve i_ty = c (1 - exp(-i_xt / s)) whose slope is 1/beta.
    const double c = 1.0, scale = 0.6;
    IBCurveSeries curve;
    for (int p = 0; p < 60; ++p) {
      const double x = 12.0 * p / 59.0;
      curve.i_xt.push_back(x);
      curve.i_ty.push_back(c * (1 - std::exp(-x / scale)));
      curve.beta.push_back(scale / c * std::exp(x / scale));
      curve.n_clusters.push_back(1 + p / 20);  // splits after points 19 and 39
    }
    r.ib_curve = curve;
    // The sample's curve: 45 points, a little lower (fewer patterns, same rule).
    IBCurveSeries sample;
    for (int p = 0; p < 45; ++p) {
      const double x = 10.0 * p / 44.0;
      sample.i_xt.push_back(x);
      sample.i_ty.push_back(0.98 * c * (1 - std::exp(-x / scale)));
      sample.beta.push_back(scale / c * std::exp(x / scale));
      sample.n_clusters.push_back(1 + p / 15);
    }
    r.ib_sample_curve = sample;
    LayerBetaSeries lb;
    lb.epochs = {r.recorded_epochs[nr / 2], r.recorded_epochs.back()};
    const int idx[2] = {nr / 2, nr - 1};
    for (int n = 0; n < nn; ++n) {
      for (int j = 0; j < 2; ++j) {
        for (int l = 0; l < nl; ++l) {
          const double x = r.info[0].i_xt[(std::size_t(n) * nr + idx[j]) * nl + l];
          lb.beta_star.push_back(scale / c * std::exp(x / scale));
          lb.kl_at_beta.push_back(0.01 + 0.005 * l);
        }
      }
    }
    r.layer_beta = lb;
  }
  return r;
}

// A small run (2 networks, 3 layers, 6 recorded epochs, 40 epochs) for the store's tests.
inline RunResults small_synthetic_results() {
  SyntheticShape shape;
  shape.n_networks = 2;
  shape.n_layers = 3;
  shape.n_recorded = 6;
  shape.n_epochs = 40;
  return make_synthetic_results(shape);
}

}  // namespace infoplane::testing
