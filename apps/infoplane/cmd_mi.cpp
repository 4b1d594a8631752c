// infoplane mi: the information plane of activations exported from any framework.
//   infoplane mi --layers a.npy,b.npy (--rule RULE | --labels labels.npy)
//                [--estimator NAME] [the [info] flags of docs/parameters.md] [--json OUT.json]
// One .npy file per layer (shape = [n_patterns, width], float32/float64, C order). Prints a
// table (bits) with the data processing inequality flags and optionally writes JSON.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "command_registry.hpp"
#include "infoplane/core/error.hpp"
#include "infoplane/config/parameter_table.hpp"
#include "infoplane/info/estimator.hpp"
#include "infoplane/io/atomic_file.hpp"
#include "infoplane/info/layer_plane.hpp"
#include "infoplane/io/npy.hpp"
#include "infoplane/task/make_task.hpp"
#include "infoplane/version.hpp"
#include "parameter_flags.hpp"

namespace infoplane::cli {
namespace {

struct MiArgs {
  std::vector<std::string> layers;
  std::string labels;
  std::string json;
  bool force = false;
  std::unique_ptr<ParameterFlags> flags;  // [task] rule, rule_seed and the [info] table
};

// The [info] parameters as a JSON object, names as in the table.
nlohmann::json info_options_json(const RunConfig& config) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& p : parameter_table()) {
    if (p.table() != "info" || p.key == "info.estimators") continue;
    out[p.name()] = nlohmann::json::parse(to_toml_text(p.get(config)), nullptr, false);
    if (out[p.name()].is_discarded()) out[p.name()] = to_toml_text(p.get(config));
  }
  return out;
}

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
  if (args.flags->given("task.rule") == !args.labels.empty()) {
    throw Error("give exactly one of --rule RULE or --labels labels.npy");
  }
  RunConfig config;
  apply_flags(*args.flags, config);
  if (config.info.estimators.size() != 1)
    throw Error("command line: info.estimators: mi takes one estimator (flag --estimator)");
  const std::string estimator_name = config.info.estimators.front();
  const EstimatorOptions& options = config.info.options;
  const double dpi_tol = config.info.dpi_tol_bits;
  const std::string rule = config.train.task.rule;
  auto estimator = make_estimator(estimator_name, options);
  const Task task = args.labels.empty() ? make_task(rule, config.train.task.rule_seed)
                                        : task_from_labels(read_npy_labels(args.labels), args.labels);
  std::vector<Matrix<float>> layers;
  for (const auto& path : args.layers) {
    layers.push_back(read_npy_matrix(path));
    if (layers.back().rows() != task.n_patterns()) {
      throw Error(path + ": " + std::to_string(layers.back().rows()) + " rows, but " +
                  (args.labels.empty() ? "the task '" + rule + "'"
                                       : "the labels file " + args.labels) +
                  " has " + std::to_string(task.n_patterns()) + " patterns");
    }
  }
  const std::vector<MatrixView<float>> views(layers.begin(), layers.end());
  const LayerPlane plane = estimate_layers(views, task, *estimator, dpi_tol, args.layers);

  const bool bounds = estimator_name.rfind("kde", 0) == 0;
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
    if (estimator_name == "binning" || estimator_name == "adaptive") {
      j["n_symbols"] = e.n_symbols;
      j["range"] = {e.range_lo, e.range_hi};
    }
    out_layers.push_back(j);
  }
  std::printf("DPI violations (tolerance %g bits): %d\n", dpi_tol, plane.dpi.count());

  if (!args.json.empty()) {
    const nlohmann::json doc = {
        {"schema", "infoplane.mi/1"},
        {"program_version", kVersion},
        {"git_commit", kGitCommit},
        {"units", "bits"},
        {"estimator", estimator->name()},
        {"options", info_options_json(config)},
        {"task", args.labels.empty() ? rule : "labels:" + args.labels},
        {"n_patterns", task.n_patterns()},
        {"layers", out_layers},
        {"dpi",
         {{"tol_bits", dpi_tol},
          {"xt_violations", plane.dpi.xt_violations},
          {"ty_violations", plane.dpi.ty_violations}}}};
    write_file_atomically(args.json, doc.dump(2) + "\n", args.force, "--json");
  }
}

void setup_mi(CLI::App& app) {
  auto args = std::make_shared<MiArgs>();
  auto* cmd = app.add_subcommand("mi", "Information plane (bits) of exported layer activations");
  cmd->add_option("--layers", args->layers, "Comma-separated .npy files, one per layer, "
                  "shape (n_patterns, width), float32 or float64")
      ->required()
      ->delimiter(',');
  cmd->add_option("--labels", args->labels, "Integer .npy labels (int64/int32/uint8), p(x) uniform");
  args->flags = std::make_unique<ParameterFlags>(cmd, std::vector<std::string>{"task", "info"},
                                                 std::vector<std::string>{"task.train_fraction"});
  args->flags->add_alias("info.estimators", "--estimator");
  cmd->add_option("--json", args->json, "Write the results as JSON to this file");
  cmd->add_flag("--force", args->force, "overwrite an existing --json file");
  cmd->callback([args] { run_mi(*args); });
}

const CommandRegistration kMiRegistration("mi", setup_mi);

}  // namespace
}  // namespace infoplane::cli
