#include "infoplane/run/summary.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

#include <nlohmann/json.hpp>

#include "infoplane/core/error.hpp"
#include "infoplane/ib/ib_results.hpp"
#include "infoplane/ib/layer_beta.hpp"
#include "infoplane/results/series_index.hpp"
#include "infoplane/run/training_dynamics.hpp"

namespace infoplane {

namespace {

// Values of a [n_networks, n_recorded(, n_layers)] array at one (recorded, layer) over networks.
std::vector<double> across_networks(const std::vector<double>& values, int n_networks,
                                    int n_recorded, int n_layers, int recorded, int layer) {
  std::vector<double> out(n_networks);
  for (int net = 0; net < n_networks; ++net)
    out[net] = values[series_index(net, recorded, layer, n_recorded, n_layers)];
  return out;
}

std::string format(double v, int digits = 3) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string epoch_text(int epoch) { return epoch < 0 ? "-" : std::to_string(epoch); }

// JSON has no NaN: a missing value is null.
nlohmann::json json_number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); }
nlohmann::json to_json(const MeanSe& v) { return {{"mean", json_number(v.mean)}, {"se", json_number(v.se)}}; }

std::string optional_text(double v) { return std::isfinite(v) ? format(v) : "-"; }
std::string optional_text(const MeanSe& v) {
  return std::isfinite(v.mean) ? format(v.mean) + " +- " + (std::isfinite(v.se) ? format(v.se) : "-") : "-";
}

// Values of one (network, recorded epoch) across the layers.
std::vector<double> across_layers(const std::vector<double>& values, int n_recorded, int n_layers,
                                  int network, int recorded) {
  const auto first =
      values.begin() + static_cast<std::ptrdiff_t>(series_index(network, recorded, 0, n_recorded, n_layers));
  return {first, first + n_layers};
}

nlohmann::json to_json(const GradientPhase& p) {
  return {{"snr_crossing_epoch", p.snr_crossing_epoch},
          {"steepest_drop_epoch", p.steepest_drop_epoch}};
}

}  // namespace

std::string summary_estimator(const RunResults& results) {
  for (const auto& s : results.info)
    if (s.estimator == "binning") return s.estimator;
  if (results.info.empty()) throw Error("summary: the results hold no information-plane series");
  return results.info.front().estimator;
}

RunSummary summarize(const RunResults& r, const std::string& estimator, double i_xy_bits,
                     double dpi_tol_bits, const PhaseOptions& options) {
  const auto series = std::find_if(r.info.begin(), r.info.end(),
                                   [&](const auto& s) { return s.estimator == estimator; });
  if (series == r.info.end())
    throw Error("summary: the results hold no information-plane series for estimator '" +
                estimator + "'");
  const int n_net = r.n_networks, n_rec = r.n_recorded(), n_lay = r.n_layers();
  if (n_rec == 0 || n_lay == 0)
    throw Error("summary: the results hold no recorded epochs or no layers; expected both");

  RunSummary s;
  s.estimator = estimator;
  s.i_xy_bits = i_xy_bits;
  s.dpi_tol_bits = dpi_tol_bits;
  s.last_epoch = r.recorded_epochs.back();
  const PhaseReport phases = detect_phases(r, estimator, options);
  s.network_phase = phases.network;
  for (int l = 0; l < n_lay; ++l) {
    LayerSummary layer;
    layer.width = r.layer_widths[l];
    layer.i_xt_bits = mean_and_se(across_networks(series->i_xt, n_net, n_rec, n_lay, n_rec - 1, l));
    layer.i_ty_bits = mean_and_se(across_networks(series->i_ty, n_net, n_rec, n_lay, n_rec - 1, l));
    if (l < static_cast<int>(phases.layers.size())) layer.gradient_phase = phases.layers[l];
    layer.compression_onset_epoch = phases.compression_onset_epoch[l];
    s.layers.push_back(layer);
  }
  if (r.layer_beta && !r.layer_beta->epochs.empty()) {
    const LayerBetaSummary b = summarize_layer_beta(*r.layer_beta, n_net, n_lay);
    const std::size_t last = b.epochs.size() - 1;
    for (int l = 0; l < n_lay; ++l)
      s.layers[l].log10_beta_star = {b.mean_log10_beta[last * n_lay + l],
                                     b.se_log10_beta[last * n_lay + l], n_net};
  }
  if (r.ib_curve && !r.ib_curve->beta.empty()) {
    const IBCurve curve = from_ib_curve_series(*r.ib_curve);
    for (auto& layer : s.layers)
      layer.ib_gap_bits = ib_curve_gap(curve, layer.i_xt_bits.mean, layer.i_ty_bits.mean);
    s.ib_critical_points = ib_critical_points(curve);
  }
  if (r.layer_beta && !r.layer_beta->epochs.empty() && !s.ib_critical_points.empty()) {
    const int n_beta = static_cast<int>(r.layer_beta->epochs.size());
    for (int l = 0; l < n_lay; ++l) {
      std::vector<double> decades;
      for (int net = 0; net < n_net; ++net) {
        const double beta = r.layer_beta->beta_star[series_index(net, n_beta - 1, l, n_beta, n_lay)];
        if (!(beta > 0.0)) continue;  // networks without a fit are NaN
        double nearest = std::numeric_limits<double>::infinity();
        for (const auto& c : s.ib_critical_points)
          nearest = std::min(nearest, std::abs(std::log10(beta) - std::log10(c.beta)));
        decades.push_back(nearest);
      }
      if (!decades.empty()) s.layers[l].decades_to_critical_beta = mean_and_se(decades);
    }
  }
  for (int k = 0; k < n_rec; ++k) {
    const auto output = mean_and_se(across_networks(series->i_ty, n_net, n_rec, n_lay, k, n_lay - 1));
    if (output.mean >= 0.95 * i_xy_bits) {
      s.epochs_to_95_percent = r.recorded_epochs[k];
      break;
    }
  }
  for (int net = 0; net < n_net; ++net)
    for (int k = 0; k < n_rec; ++k) {
      ++s.dpi_checks;
      if (check_dpi(across_layers(series->i_xt, n_rec, n_lay, net, k),
                    across_layers(series->i_ty, n_rec, n_lay, net, k), dpi_tol_bits)
              .count() > 0)
        ++s.dpi_violations;
    }
  const std::size_t n_metric = static_cast<std::size_t>(n_net) * n_rec;  // absent: empty
  if (r.metrics.train_accuracy.size() == n_metric) {
    s.final_train_accuracy =
        mean_and_se(across_networks(r.metrics.train_accuracy, n_net, n_rec, 1, n_rec - 1, 0));
  }
  if (r.metrics.test_accuracy.size() == n_metric) {
    s.final_test_accuracy =
        mean_and_se(across_networks(r.metrics.test_accuracy, n_net, n_rec, 1, n_rec - 1, 0));
  }
  const TrainingDynamics dynamics = training_dynamics(r);
  for (std::size_t l = 0; l < dynamics.weight_growth.size() && l < s.layers.size(); ++l)
    s.layers[l].weight_growth = dynamics.weight_growth[l];
  for (std::size_t l = 0; l < dynamics.in_weight_cosine_last.size() && l < s.layers.size(); ++l) {
    s.layers[l].in_weight_cosine_first = dynamics.in_weight_cosine_first[l];
    s.layers[l].in_weight_cosine_last = dynamics.in_weight_cosine_last[l];
  }
  s.log10_snr_spread_early = dynamics.spread_early;
  s.log10_snr_spread_late = dynamics.spread_late;
  return s;
}

std::string summary_markdown(const RunSummary& s) {
  std::ostringstream out;
  out << "Estimator: " << s.estimator << "; I(X;Y) = " << format(s.i_xy_bits, 4)
      << " bits; last epoch " << s.last_epoch << "; values are mean +- standard error over the "
      << "networks.\n\n";
  out << "| layer | width | I(X;T) bits | I(T;Y) bits | SNR < 1 from epoch | steepest SNR drop "
         "| I(X;T) peak (compression onset) | log10 beta* | decades to a critical beta | gap to IB curve, bits "
         "| weight norm growth | in-weight cosine, first -> last |\n";
  out << "|---|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (std::size_t l = 0; l < s.layers.size(); ++l) {
    const auto& L = s.layers[l];
    out << "| " << l + 1 << " | " << L.width << " | " << format(L.i_xt_bits.mean) << " +- "
        << format(L.i_xt_bits.se) << " | " << format(L.i_ty_bits.mean) << " +- "
        << format(L.i_ty_bits.se) << " | " << epoch_text(L.gradient_phase.snr_crossing_epoch)
        << " | " << epoch_text(L.gradient_phase.steepest_drop_epoch) << " | "
        << epoch_text(L.compression_onset_epoch) << " | " << optional_text(L.log10_beta_star)
        << " | " << optional_text(L.decades_to_critical_beta) << " | " << optional_text(L.ib_gap_bits) << " | " << optional_text(L.weight_growth)
        << " | " << optional_text(L.in_weight_cosine_first) << " -> " << optional_text(L.in_weight_cosine_last) << " |\n";
  }
  out << "\n- Whole network: SNR < 1 from epoch " << epoch_text(s.network_phase.snr_crossing_epoch)
      << ", steepest SNR drop at epoch " << epoch_text(s.network_phase.steepest_drop_epoch) << "\n";
  out << "- Critical points of the IB curve (beta: clusters before -> after, I(X;T), I(T;Y) bits):";
  if (s.ib_critical_points.empty()) out << " none";
  for (const auto& c : s.ib_critical_points)
    out << " " << format(c.beta) << ": " << c.clusters_before << " -> " << c.clusters_after << " ("
        << format(c.i_xt) << ", " << format(c.i_ty) << ");";
  out << "\n";
  out << "- Spread over layers of log10 SNR: " << optional_text(s.log10_snr_spread_early)
      << " in the first 10% of the epochs, " << optional_text(s.log10_snr_spread_late)
      << " in the last 10%\n";
  out << "- Output layer reaches 95% of I(X;Y) at epoch " << epoch_text(s.epochs_to_95_percent)
      << "\n";
  out << "- Data processing inequality violated at " << s.dpi_violations << " of " << s.dpi_checks
      << " (network, epoch) pairs (tolerance " << s.dpi_tol_bits << " bits)\n";
  out << "- Final accuracy: train " << format(s.final_train_accuracy.mean) << " +- "
      << format(s.final_train_accuracy.se) << ", test " << format(s.final_test_accuracy.mean)
      << " +- " << format(s.final_test_accuracy.se) << "\n";
  return out.str();
}

std::string summary_json(const RunSummary& s) {
  nlohmann::json layers = nlohmann::json::array();
  for (const auto& L : s.layers)
    layers.push_back({{"width", L.width},
                      {"i_xt_bits", to_json(L.i_xt_bits)},
                      {"i_ty_bits", to_json(L.i_ty_bits)},
                      {"gradient_phase", to_json(L.gradient_phase)},
                      {"compression_onset_epoch", L.compression_onset_epoch},
                      {"log10_beta_star", to_json(L.log10_beta_star)},
                      {"weight_growth", to_json(L.weight_growth)},
                      {"in_weight_cosine_first", to_json(L.in_weight_cosine_first)},
                      {"in_weight_cosine_last", to_json(L.in_weight_cosine_last)},
                      {"decades_to_critical_beta", to_json(L.decades_to_critical_beta)},
                      {"ib_gap_bits", json_number(L.ib_gap_bits)}});
  nlohmann::json critical = nlohmann::json::array();
  for (const auto& c : s.ib_critical_points)
    critical.push_back({{"beta", c.beta}, {"i_xt_bits", c.i_xt}, {"i_ty_bits", c.i_ty},
                        {"clusters_before", c.clusters_before}, {"clusters_after", c.clusters_after}});
  nlohmann::json j = {{"estimator", s.estimator},
                      {"i_xy_bits", s.i_xy_bits},
                      {"last_epoch", s.last_epoch},
                      {"layers", layers},
                      {"network_phase", to_json(s.network_phase)},
                      {"epochs_to_95_percent_of_i_xy", s.epochs_to_95_percent},
                      {"dpi_violations", s.dpi_violations},
                      {"dpi_checks", s.dpi_checks},
                      {"dpi_tol_bits", s.dpi_tol_bits},
                      {"ib_critical_points", critical},
                      {"log10_snr_spread_early", json_number(s.log10_snr_spread_early)},
                      {"log10_snr_spread_late", json_number(s.log10_snr_spread_late)},
                      {"final_train_accuracy", to_json(s.final_train_accuracy)},
                      {"final_test_accuracy", to_json(s.final_test_accuracy)}};
  return j.dump(2);
}

}  // namespace infoplane
