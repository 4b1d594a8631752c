// infoplane mi: the information plane of activations exported from any framework.
//   infoplane mi --layers a.npy,b.npy (--rule RULE | --labels labels.npy)
//                [--estimator binning|adaptive|kde|kde_upper|kde_lower|ksg] [--bins 30]
//                [--sigma2 1e-3] [--k 3] [--json OUT.json]
// One .npy file per layer (shape = [n_patterns, width], float32/float64, C order). Prints a
// table (bits) with the data processing inequality flags and optionally writes JSON.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "command_registry.hpp"
#include "infoplane/core/error.hpp"
#include "infoplane/info/estimator.hpp"
#include "infoplane/info/layer_plane.hpp"
#include "infoplane/io/npy.hpp"
#include "infoplane/task/make_task.hpp"
#include "infoplane/version.hpp"

namespace infoplane::cli {
namespace {

struct MiArgs {
  std::vector<std::string> layers;
  std::string rule;
  std::uint64_t rule_seed = 1;
  std::string labels;
  std::string estimator = "binning";
  EstimatorOptions options;
  double dpi_tol = 1e-9;
  std::string json;
};

std::string format_bits(double v) {
  if (std::isnan(v)) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", v);
  return buf;
}

std::string dpi_flag(const DpiReport& dpi, int layer) {
  std::string flag;
  for (int l : dpi.xt_violations) if (l == layer) flag += "X";
  for (int l : dpi.ty_violations) if (l == layer) flag += "Y";
  return flag.empty() ? "ok" : "violation(" + flag + ")";
}

void run_mi(const MiArgs& args) {
  if (args.layers.empty()) throw Error("--layers: give at least one .npy file");
  if (args.rule.empty() == args.labels.empty()) {
    throw Error("give exactly one of --rule RULE or --labels labels.npy");
  }
  auto estimator = make_estimator(args.estimator, args.options);
  const Task task = args.labels.empty() ? make_task(args.rule, args.rule_seed)
                                        : task_from_labels(read_npy_labels(args.labels), args.labels);
  std::vector<Matrix<float>> layers;
  for (const auto& path : args.layers) {
    layers.push_back(read_npy_matrix(path));
    if (layers.back().rows() != task.n_patterns()) {
      throw Error(path + ": " + std::to_string(layers.back().rows()) + " rows, but " +
                  (args.labels.empty() ? "the task '" + args.rule + "'"
                                       : "the labels file " + args.labels) +
                  " has " + std::to_string(task.n_patterns()) + " patterns");
    }
  }
  const LayerPlane plane = estimate_layers(layers, task, *estimator, args.dpi_tol, args.layers);

  const bool bounds = args.estimator.rfind("kde", 0) == 0;
  std::printf("estimator %s, %zu patterns, %zu labels; information in bits\n",
              estimator->name().c_str(), task.n_patterns(), task.n_labels());
  std::printf("%-5s %-6s %-10s %-10s%s %s\n", "layer", "width", "I(X;T)", "I(T;Y)",
              bounds ? " I(X;T)lo   I(X;T)hi   I(T;Y)lo   I(T;Y)hi  " : "", "DPI");
  nlohmann::json out_layers = nlohmann::json::array();
  for (std::size_t l = 0; l < layers.size(); ++l) {
    const InfoEstimate& e = plane.layers[l];
    std::printf("%-5zu %-6zu %-10s %-10s", l, layers[l].cols(), format_bits(e.i_xt).c_str(),
                format_bits(e.i_ty).c_str());
    if (bounds) {
      std::printf(" %-10s %-10s %-10s %-10s", format_bits(e.i_xt_lower).c_str(),
                  format_bits(e.i_xt_upper).c_str(), format_bits(e.i_ty_lower).c_str(),
                  format_bits(e.i_ty_upper).c_str());
    }
    std::printf(" %s\n", dpi_flag(plane.dpi, static_cast<int>(l)).c_str());
    nlohmann::json j = {{"file", args.layers[l]}, {"width", layers[l].cols()},
                        {"i_xt", e.i_xt},         {"i_ty", e.i_ty},
                        {"i_xt_lower", e.i_xt_lower}, {"i_xt_upper", e.i_xt_upper},
                        {"i_ty_lower", e.i_ty_lower}, {"i_ty_upper", e.i_ty_upper}};
    if (args.estimator == "binning" || args.estimator == "adaptive") {
      j["n_symbols"] = e.n_symbols;
      j["range"] = {e.range_lo, e.range_hi};
    }
    out_layers.push_back(j);
  }
  std::printf("DPI violations (tolerance %g bits): %d\n", args.dpi_tol, plane.dpi.count());

  if (!args.json.empty()) {
    const auto& o = args.options;
    const nlohmann::json doc = {
        {"schema", "infoplane.mi/1"},
        {"program_version", kVersion},
        {"git_commit", kGitCommit},
        {"units", "bits"},
        {"estimator", estimator->name()},
        {"options",
         {{"bins", o.bins}, {"range", o.range}, {"range_lo", o.range_lo}, {"range_hi", o.range_hi},
          {"reference_digitize", o.reference_digitize}, {"sigma2", o.sigma2}, {"k", o.k},
          {"seed", o.seed}}},
        {"task", args.labels.empty() ? args.rule : "labels:" + args.labels},
        {"n_patterns", task.n_patterns()},
        {"layers", out_layers},
        {"dpi",
         {{"tol_bits", args.dpi_tol},
          {"xt_violations", plane.dpi.xt_violations},
          {"ty_violations", plane.dpi.ty_violations}}}};
    std::ofstream f(args.json);
    if (!f) throw Error("--json " + args.json + ": cannot open the file for writing");
    f << doc.dump(2) << "\n";
    if (!f) throw Error("--json " + args.json + ": write failed");
  }
}

void setup_mi(CLI::App& app) {
  auto args = std::make_shared<MiArgs>();
  auto* cmd = app.add_subcommand("mi", "Information plane (bits) of exported layer activations");
  cmd->add_option("--layers", args->layers, "Comma-separated .npy files, one per layer, "
                  "shape (n_patterns, width), float32 or float64")
      ->required()
      ->delimiter(',');
  cmd->add_option("--rule", args->rule, "Task rule (spherical, committee, mat:PATH, idx:I,L)");
  cmd->add_option("--rule-seed", args->rule_seed, "Seed of the task rule");
  cmd->add_option("--labels", args->labels, "Integer .npy labels (int64/int32/uint8), p(x) uniform");
  cmd->add_option("--estimator", args->estimator,
                  "binning | adaptive | kde | kde_upper | kde_lower | ksg")
      ->capture_default_str();
  cmd->add_option("--bins", args->options.bins, "Bins per unit (binning, adaptive)")
      ->capture_default_str();
  cmd->add_option("--range", args->options.range,
                  "Binning range: fixed (--range-lo..--range-hi) or data (min..max per layer)")
      ->capture_default_str();
  cmd->add_option("--range-lo", args->options.range_lo, "Lower end of the fixed range")
      ->capture_default_str();
  cmd->add_option("--range-hi", args->options.range_hi, "Upper end of the fixed range")
      ->capture_default_str();
  cmd->add_flag("--reference-digitize", args->options.reference_digitize,
                "Bins as in the reference code (numpy.linspace edges + numpy.digitize)");
  cmd->add_option("--sigma2", args->options.sigma2, "KDE noise variance")->capture_default_str();
  cmd->add_option("--k", args->options.k, "KSG neighbours")->capture_default_str();
  cmd->add_option("--seed", args->options.seed, "KSG jitter / label draws seed")
      ->capture_default_str();
  cmd->add_option("--threads", args->options.threads, "Threads for kde and ksg")
      ->capture_default_str();
  cmd->add_option("--dpi-tol", args->dpi_tol, "DPI tolerance in bits")->capture_default_str();
  cmd->add_option("--json", args->json, "Write the results as JSON to this file");
  cmd->callback([args] { run_mi(*args); });
}

const CommandRegistration kMiRegistration("mi", setup_mi);

}  // namespace
}  // namespace infoplane::cli
