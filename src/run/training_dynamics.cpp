#include "infoplane/run/training_dynamics.hpp"

#include <algorithm>
#include <cmath>

#include "infoplane/results/series_index.hpp"

namespace infoplane {
namespace {

double mean_over(const std::vector<double>& v, std::size_t from, std::size_t to) {
  double sum = 0.0;
  int n = 0;
  for (std::size_t k = from; k < to; ++k)
    if (std::isfinite(v[k])) sum += v[k], ++n;
  return n > 0 ? sum / n : std::nan("");
}

// The in-weight cosines of every layer at recorded epoch `row`, over the networks.
std::vector<MeanSe> cosines_at(const RunResults& r, int row) {
  std::vector<MeanSe> per_layer;
  for (int l = 0; l < r.n_layers(); ++l) {
    std::vector<double> values;
    for (int net = 0; net < r.n_networks; ++net)
      values.push_back(r.metrics.in_weight_cosine[series_index(net, row, l, r.n_recorded(), r.n_layers())]);
    per_layer.push_back(mean_and_se(values));
  }
  return per_layer;
}

}  // namespace

TrainingDynamics training_dynamics(const RunResults& r) {
  TrainingDynamics d;
  const int n_net = r.n_networks, n_ep = r.n_epochs, n_lay = r.n_layers();
  if (r.n_recorded() > 0 && n_net > 0 &&
      r.metrics.in_weight_cosine.size() == static_cast<std::size_t>(n_net) * r.n_recorded() * n_lay) {
    d.in_weight_cosine_first = cosines_at(r, 0);
    d.in_weight_cosine_last = cosines_at(r, r.n_recorded() - 1);
  }
  const auto& g = r.gradients;
  const std::size_t size = static_cast<std::size_t>(n_net) * n_ep * n_lay;
  if (n_ep < 1 || n_lay < 1 || g.weight_norm.size() != size || g.mean_norm.size() != size ||
      g.std_norm.size() != size)
    return d;
  for (int l = 0; l < n_lay; ++l) {
    std::vector<double> factors;
    for (int net = 0; net < n_net; ++net) {
      const double first = g.weight_norm[series_index(net, 0, l, n_ep, n_lay)];
      const double last = g.weight_norm[series_index(net, n_ep - 1, l, n_ep, n_lay)];
      if (first > 0.0) factors.push_back(last / first);
    }
    d.weight_growth.push_back(factors.empty() ? MeanSe{std::nan(""), std::nan(""), 0} : mean_and_se(factors));
  }
  d.log10_snr_spread.assign(static_cast<std::size_t>(n_ep), std::nan(""));
  for (int e = 0; e < n_ep; ++e) {
    std::vector<double> logs;
    for (int l = 0; l < n_lay; ++l) {
      double snr = 0.0;
      for (int net = 0; net < n_net; ++net) {
        const std::size_t k = series_index(net, e, l, n_ep, n_lay);
        snr += g.std_norm[k] > 0.0 ? g.mean_norm[k] / g.std_norm[k] : std::nan("");
      }
      if (std::isfinite(snr) && snr > 0.0) logs.push_back(std::log10(snr / n_net));
    }
    if (logs.size() < 2 || static_cast<int>(logs.size()) < n_lay) continue;
    double mean = 0.0, var = 0.0;
    for (double v : logs) mean += v / logs.size();
    for (double v : logs) var += (v - mean) * (v - mean) / logs.size();
    d.log10_snr_spread[static_cast<std::size_t>(e)] = std::sqrt(var);
  }
  const std::size_t tenth = std::max<std::size_t>(1, static_cast<std::size_t>(n_ep) / 10);
  d.spread_early = mean_over(d.log10_snr_spread, 0, tenth);
  d.spread_late = mean_over(d.log10_snr_spread, static_cast<std::size_t>(n_ep) - tenth, static_cast<std::size_t>(n_ep));
  return d;
}

}  // namespace infoplane
