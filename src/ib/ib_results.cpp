#include "infoplane/ib/ib_results.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "infoplane/core/error.hpp"

namespace infoplane {
namespace {

void check_shape(std::size_t actual, int n_networks, std::size_t n_epochs, int n_layers,
                 const std::string& what) {
  if (n_networks < 1 || n_layers < 1) {
    throw Error("ib results: " + what + ": n_networks = " + std::to_string(n_networks) +
                ", n_layers = " + std::to_string(n_layers) + ": expected both >= 1");
  }
  const std::size_t expected = static_cast<std::size_t>(n_networks) * n_epochs *
                               static_cast<std::size_t>(n_layers);
  if (actual != expected) {
    throw Error("ib results: " + what + " has " + std::to_string(actual) +
                " values: expected n_networks * n_epochs * n_layers = " +
                std::to_string(expected));
  }
}

// Mean and standard error over networks of values[net, e, l] for every (e, l).
void summarise(const std::vector<double>& values, int n_networks, std::size_t n_epochs,
               int n_layers, bool log10_values, std::vector<double>& mean,
               std::vector<double>& se) {
  const std::size_t cells = n_epochs * static_cast<std::size_t>(n_layers);
  mean.assign(cells, 0.0);
  se.assign(cells, std::numeric_limits<double>::quiet_NaN());
  for (std::size_t cell = 0; cell < cells; ++cell) {
    double sum = 0.0, sum_sq = 0.0;
    for (int net = 0; net < n_networks; ++net) {
      double v = values[static_cast<std::size_t>(net) * cells + cell];
      if (log10_values) v = std::log10(v);
      sum += v;
      sum_sq += v * v;
    }
    const double n = n_networks;
    mean[cell] = sum / n;
    if (n_networks >= 2) {
      const double var = std::max(0.0, (sum_sq - n * mean[cell] * mean[cell]) / (n - 1.0));
      se[cell] = std::sqrt(var / n);
    }
  }
}

}  // namespace

IBCurveSeries to_ib_curve_series(const IBCurve& curve) {
  IBCurveSeries s;
  for (const auto& p : curve.points) {
    s.beta.push_back(p.beta);
    s.i_xt.push_back(p.i_xt);
    s.i_ty.push_back(p.i_ty);
    s.n_clusters.push_back(p.n_clusters);
  }
  return s;
}

IBCurve from_ib_curve_series(const IBCurveSeries& series) {
  if (series.i_xt.size() != series.beta.size() || series.i_ty.size() != series.beta.size()) {
    throw Error("ib results: ib_curve arrays beta, i_xt, i_ty have lengths " +
                std::to_string(series.beta.size()) + ", " + std::to_string(series.i_xt.size()) +
                ", " + std::to_string(series.i_ty.size()) + ": expected equal lengths");
  }
  IBCurve curve;
  for (std::size_t k = 0; k < series.beta.size(); ++k) {
    IBCurvePoint p;
    p.beta = series.beta[k];
    p.i_xt = series.i_xt[k];
    p.i_ty = series.i_ty[k];
    p.n_clusters = k < series.n_clusters.size() ? series.n_clusters[k] : 0;
    p.converged = true;
    curve.points.push_back(std::move(p));
  }
  return curve;
}

LayerBetaSeries make_layer_beta_series(const std::vector<int>& epochs, int n_networks,
                                       int n_layers, std::span<const LayerBeta> values) {
  check_shape(values.size(), n_networks, epochs.size(), n_layers, "layer beta values");
  LayerBetaSeries s;
  s.epochs = epochs;
  s.beta_star.reserve(values.size());
  s.kl_at_beta.reserve(values.size());
  for (const auto& v : values) {
    s.beta_star.push_back(v.beta_star);
    s.kl_at_beta.push_back(v.kl_bits);
  }
  return s;
}

LayerBetaSummary summarize_layer_beta(const LayerBetaSeries& series, int n_networks,
                                      int n_layers) {
  check_shape(series.beta_star.size(), n_networks, series.epochs.size(), n_layers, "beta_star");
  check_shape(series.kl_at_beta.size(), n_networks, series.epochs.size(), n_layers,
              "kl_at_beta");
  LayerBetaSummary out;
  out.epochs = series.epochs;
  out.n_layers = n_layers;
  summarise(series.beta_star, n_networks, series.epochs.size(), n_layers, true,
            out.mean_log10_beta, out.se_log10_beta);
  summarise(series.kl_at_beta, n_networks, series.epochs.size(), n_layers, false, out.mean_kl,
            out.se_kl);
  return out;
}

}  // namespace infoplane
