#include "infoplane/run/phase_transition.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "infoplane/core/error.hpp"
#include "infoplane/results/series_index.hpp"

namespace infoplane {
namespace {

// Ensemble-mean normalised gradient mean and std at each epoch; layer -1 = whole network.
void normalised_gradient_curves(const RunResults& r, int layer, std::vector<double>& mean_curve,
                                std::vector<double>& std_curve) {
  const int n_net = r.n_networks, n_ep = r.n_epochs, n_lay = r.n_layers();
  const auto& g = r.gradients;
  INFOPLANE_ASSERT(g.mean_norm.size() == static_cast<std::size_t>(n_net) * n_ep * n_lay);
  mean_curve.assign(n_ep, 0.0);
  std_curve.assign(n_ep, 0.0);
  for (int net = 0; net < n_net; ++net) {
    for (int e = 0; e < n_ep; ++e) {
      const std::size_t base = series_index(net, e, 0, n_ep, n_lay);
      double m2 = 0, s2 = 0, w2 = 0;
      const int first = layer < 0 ? 0 : layer, last = layer < 0 ? n_lay : layer + 1;
      for (int l = first; l < last; ++l) {
        m2 += g.mean_norm[base + l] * g.mean_norm[base + l];
        s2 += g.std_norm[base + l] * g.std_norm[base + l];
        w2 += g.weight_norm[base + l] * g.weight_norm[base + l];
      }
      const double w = std::sqrt(w2);
      if (w > 0) {
        mean_curve[e] += std::sqrt(m2) / w / n_net;
        std_curve[e] += std::sqrt(s2) / w / n_net;
      }
    }
  }
}

}  // namespace

std::vector<double> smoothed_snr(const RunResults& r, int layer, double log10_window) {
  std::vector<double> m, s;
  normalised_gradient_curves(r, layer, m, s);
  const int n = static_cast<int>(m.size());
  // log SNR per epoch; a zero std (full-batch descent: one batch) gives SNR = +inf, kept
  // finite at a large value so that it never counts as a crossing.
  std::vector<double> log_snr(n), prefix(n + 1, 0.0);
  for (int i = 0; i < n; ++i) {
    log_snr[i] = (s[i] > 0 && m[i] > 0) ? std::log(m[i] / s[i]) : (s[i] > 0 ? -50.0 : 50.0);
    prefix[i + 1] = prefix[i] + log_snr[i];
  }
  const double factor = std::pow(10.0, log10_window);
  std::vector<double> out(n);
  for (int i = 0; i < n; ++i) {
    const double epoch = i + 1;
    const int lo = std::max(1, static_cast<int>(std::ceil(epoch / factor))) - 1;
    const int hi = std::min(n, static_cast<int>(std::floor(epoch * factor)));  // exclusive
    out[i] = std::exp((prefix[hi] - prefix[lo]) / (hi - lo));
  }
  return out;
}

GradientPhase find_gradient_phase(const std::vector<double>& snr, const PhaseOptions& options) {
  GradientPhase phase;
  const int n = static_cast<int>(snr.size());
  // Crossing: first e with snr < 1 on all of [e, persistence * e] (clipped to the run's end).
  // next_at_or_above_one[i]: the first index j >= i with snr[j] >= 1, or n if none.
  std::vector<int> next_at_or_above_one(n + 1, n);
  for (int i = n - 1; i >= 0; --i)
    next_at_or_above_one[i] = snr[i] >= 1.0 ? i : next_at_or_above_one[i + 1];
  for (int i = 0; i < n; ++i) {
    const int last_needed =
        std::min(n - 1, static_cast<int>(std::floor((i + 1) * options.persistence)) - 1);
    if (snr[i] < 1.0 && next_at_or_above_one[i] > last_needed) {
      phase.snr_crossing_epoch = i + 1;
      break;
    }
  }
  // Steepest drop of log SNR against log epoch (central differences).
  double steepest = std::numeric_limits<double>::infinity();
  for (int i = 1; i + 1 < n; ++i) {
    const double slope = (std::log(snr[i + 1]) - std::log(snr[i - 1])) /
                         (std::log(static_cast<double>(i + 2)) - std::log(static_cast<double>(i)));
    if (slope < steepest) {
      steepest = slope;
      phase.steepest_drop_epoch = i + 1;
    }
  }
  return phase;
}

PhaseReport detect_phases(const RunResults& r, const std::string& estimator,
                          const PhaseOptions& options) {
  PhaseReport report;
  // All three gradient series, each of shape [n_networks, n_epochs, n_layers], or no SNR.
  const std::size_t n_grad = static_cast<std::size_t>(r.n_networks) * r.n_epochs * r.n_layers();
  const auto& g = r.gradients;
  if (r.n_epochs > 0 && n_grad > 0 && g.mean_norm.size() == n_grad &&
      g.std_norm.size() == n_grad && g.weight_norm.size() == n_grad) {
    for (int l = 0; l < r.n_layers(); ++l)
      report.layers.push_back(find_gradient_phase(smoothed_snr(r, l, options.log10_window), options));
    report.network = find_gradient_phase(smoothed_snr(r, -1, options.log10_window), options);
  }
  const auto series = std::find_if(r.info.begin(), r.info.end(),
                                   [&](const auto& s) { return s.estimator == estimator; });
  if (series == r.info.end()) return report;
  const int n_net = r.n_networks, n_rec = r.n_recorded(), n_lay = r.n_layers();
  for (int l = 0; l < n_lay; ++l) {
    std::vector<double> mean_i_xt(n_rec, 0.0);
    for (int net = 0; net < n_net; ++net)
      for (int k = 0; k < n_rec; ++k)
        mean_i_xt[k] += series->i_xt[series_index(net, k, l, n_rec, n_lay)] / n_net;
    const auto peak = std::max_element(mean_i_xt.begin(), mean_i_xt.end());
    const bool compresses =
        peak != mean_i_xt.end() && *peak - mean_i_xt.back() >= options.min_compression_bits;
    report.compression_onset_epoch.push_back(
        compresses ? r.recorded_epochs[peak - mean_i_xt.begin()] : -1);
  }
  return report;
}

}  // namespace infoplane
