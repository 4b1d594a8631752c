// verdict.json and verdict.md; see include/infoplane/verdict/verdict_report.hpp.
#include "infoplane/verdict/verdict_report.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "infoplane/io/atomic_file.hpp"

namespace infoplane {
namespace {

using nlohmann::json;

json number(double v) { return std::isfinite(v) ? json(v) : json(); }

// [n_epochs, n_layers] flat -> rows of layers.
json matrix_json(const std::vector<double>& flat, std::size_t n_layers) {
  json rows = json::array();
  for (std::size_t t = 0; t * n_layers < flat.size(); ++t) {
    json row = json::array();
    for (std::size_t l = 0; l < n_layers; ++l) row.push_back(number(flat[t * n_layers + l]));
    rows.push_back(row);
  }
  return rows;
}

std::string fixed(double v, int digits = 2) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string layer_name(const VerdictReport& r, std::size_t l) {
  return l + 1 == r.layer_widths.size() ? "output" : "layer " + std::to_string(l + 1);
}

}  // namespace

std::string verdict_json(const VerdictReport& r) {
  const VerdictSettings& s = r.settings;
  json j;
  j["schema"] = "infoplane-verdict-1";
  j["results_file"] = r.results_file;
  j["label"] = r.label;
  j["activation"] = r.activation;
  j["noise_var"] = r.noise_var;
  j["quantize_bits"] = r.quantize_bits;
  j["networks"] = r.n_networks;
  j["networks_in_run"] = r.n_networks_run;
  j["epochs"] = r.epochs;
  j["layer_widths"] = r.layer_widths;
  j["seconds"] = r.seconds;
  j["settings"] = {{"bins", s.bins}, {"ranges", s.ranges}, {"adaptive", s.adaptive},
                   {"kde_sigma2", s.kde_sigma2}, {"ksg_k", s.ksg_k}, {"noisy_sigma2", s.noisy_sigma2},
                   {"exact_bits", s.exact_bits}, {"networks", s.networks}, {"epochs_every", s.epochs_every},
                   {"resamples", s.resamples}, {"seed", s.seed}, {"tolerance_bits", s.tolerance_bits}};
  json families = json::array();
  json series = json::array();
  for (const auto& sv : r.series) {
    if (std::find(families.begin(), families.end(), sv.series.family) == families.end()) families.push_back(sv.series.family);
    const EstimatorOptions& o = sv.computation.options;
    json layers = json::array();
    for (const auto& c : sv.layers) {
      layers.push_back({{"compression_bits", number(c.compression_bits)},
                        {"ci95_bits", {number(c.ci_low_bits), number(c.ci_high_bits)}},
                        {"peak_bits", number(c.peak_bits)},
                        {"final_bits", number(c.final_bits)},
                        {"onset_epoch", c.onset_epoch},
                        {"compresses", c.compresses},
                        {"significant", c.significant}});
    }
    series.push_back({{"label", sv.series.label},
                      {"family", sv.series.family},
                      {"estimator", sv.computation.estimator},
                      {"options", {{"bins", o.bins}, {"range", o.range}, {"range_lo", o.range_lo}, {"range_hi", o.range_hi},
                                   {"sigma2", o.sigma2}, {"k", o.k}, {"mc_samples", o.mc_samples},
                                   {"quantize_bits", sv.computation.quantize_bits}}},
                      {"layers", layers},
                      {"mean_i_xt", matrix_json(sv.mean_i_xt, r.layer_widths.size())},
                      {"mean_i_ty", matrix_json(sv.mean_i_ty, r.layer_widths.size())}});
  }
  j["families"] = families;
  j["series"] = series;
  json verdict = json::array();
  for (const auto& v : r.layers) {
    verdict.push_back({{"layer", v.layer}, {"width", v.width}, {"compresses", v.compresses},
                       {"significant", v.significant}, {"of", v.of}});
  }
  j["verdict"] = verdict;
  return j.dump(1) + "\n";
}

std::string verdict_markdown(const VerdictReport& r) {
  const VerdictSettings& s = r.settings;
  std::string md = "# Is the compression real? " + r.label + "\n\n";
  md += "Source `" + r.results_file + "` (" + r.activation + " hidden units";
  if (r.noise_var > 0) md += ", trained with noise variance " + fixed(r.noise_var, 4);
  if (r.quantize_bits > 0) md += ", quantized to " + std::to_string(r.quantize_bits) + " bits";
  md += "): " + std::to_string(r.n_networks) + " of its " + std::to_string(r.n_networks_run) +
        " networks rerun bit-identically, " + std::to_string(r.epochs.size()) + " recorded epochs (" +
        std::to_string(r.epochs.front()) + " to " + std::to_string(r.epochs.back()) + ", one in every " +
        std::to_string(s.epochs_every) + " recorded epochs and the last), " + std::to_string(r.series.size()) +
        " estimator series, " + fixed(r.seconds, 0) + " s.\n\n";
  md += "Compression = the drop of the ensemble-mean I(X;T) from its peak to the last epoch (bits), with its "
        "95% percentile-bootstrap interval over networks (" + std::to_string(s.resamples) + " resamples, seed " +
        std::to_string(s.seed) + "). A layer compresses when the drop exceeds " + fixed(s.tolerance_bits, 3) +
        " bits, significantly when the interval's lower end does too.\n\n";
  md += "## Verdict per layer\n\n| layer | width | compresses under | significantly under |\n|---|---|---|---|\n";
  for (const auto& v : r.layers) {
    md += "| " + layer_name(r, static_cast<std::size_t>(v.layer)) + " | " + std::to_string(v.width) + " | " +
          std::to_string(v.compresses) + " of " + std::to_string(v.of) + " | " + std::to_string(v.significant) +
          " of " + std::to_string(v.of) + " |\n";
  }
  md += "\n## Compression per estimator\n\nbits [95% interval], onset epoch; **bold**: significant, plain with "
        "an epoch: compresses, not significantly; no epoch: does not compress.\n\n| estimator |";
  std::string rule = "|---|";
  for (std::size_t l = 0; l < r.layer_widths.size(); ++l) {
    md += " " + layer_name(r, l) + " |";
    rule += "---|";
  }
  md += "\n" + rule + "\n";
  for (const auto& sv : r.series) {
    md += "| " + sv.series.label + " |";
    for (const auto& c : sv.layers) {
      std::string cell = fixed(c.compression_bits) + " [" + fixed(c.ci_low_bits) + ", " + fixed(c.ci_high_bits) + "]";
      if (c.compresses) cell += " e" + std::to_string(c.onset_epoch);
      const char* bold = c.significant ? "**" : "";
      md.append(" ").append(bold).append(cell).append(bold).append(" |");
    }
    md += "\n";
  }
  return md;
}

std::vector<std::string> write_verdict_report(const VerdictReport& report, const std::string& folder, bool overwrite) {
  const std::string json_path = (std::filesystem::path(folder) / "verdict.json").string();
  const std::string md_path = (std::filesystem::path(folder) / "verdict.md").string();
  write_file_atomically(json_path, verdict_json(report), overwrite, "verdict");
  write_file_atomically(md_path, verdict_markdown(report), overwrite, "verdict");
  return {json_path, md_path};
}

}  // namespace infoplane
