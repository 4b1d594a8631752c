// `infoplane verdict SOURCE [--config FILE] [--verdict-* ...] [--first-networks N]
// [--epochs-every K] [--threads T] [--force] [--no-figure]`: is the compression of a run's
// layers real? Reruns the stored networks bit-identically, measures them under the estimator
// grid and writes verdict.json, verdict.md and the robustness figure next to each results file
// (docs/verdict.md).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "command_registry.hpp"
#include "infoplane/core/error.hpp"
#include "infoplane/io/plot_runner.hpp"
#include "infoplane/io/results_store.hpp"
#include "infoplane/verdict/verdict_report.hpp"
#include "infoplane/verdict/verdict_run.hpp"
#include "parameter_flags.hpp"

namespace infoplane::cli {
namespace {

struct VerdictOptions {
  std::string source;
  std::string config_file;
  std::string threads;
  bool force = false;
  bool no_figure = false;
  std::unique_ptr<ParameterFlags> flags;
};

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error("verdict --config " + path + ": cannot read the file");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void run(const VerdictOptions& o) {
  std::vector<ParameterOverride> overrides = o.flags->overrides();
  if (!o.threads.empty()) overrides.push_back({"training.threads", parse_flag_text(*find_parameter("training.threads"), o.threads)});
  const std::string verdict_toml = o.config_file.empty() ? "" : read_text(o.config_file);
  for (const std::string& file : verdict_results_files(o.source)) {
    const RunResults stored = read_results(file);
    const RunConfig config = verdict_config(stored, file, verdict_toml, o.config_file, overrides);
    const VerdictReport report = run_verdict(file, stored, config, [](const std::string& line) { std::cerr << line << "\n"; });
    const std::string folder = std::filesystem::path(file).parent_path().string();
    for (const auto& path : write_verdict_report(report, folder.empty() ? "." : folder, o.force)) {
      std::cout << "wrote " << path << "\n";
    }
    if (!o.no_figure) {
      for (const auto& path : plot_verdict((std::filesystem::path(folder) / "verdict.json").string(), folder)) {
        std::cout << "wrote " << path << "\n";
      }
    }
    std::cout << "infoplane verdict: " << report.label << ": " << report.n_networks << " networks, "
              << report.epochs.size() << " epochs, " << report.series.size() << " estimator series in "
              << static_cast<int>(report.seconds + 0.5) << " s\n";
    for (const auto& v : report.layers) {
      std::cout << "  " << (v.layer + 1 == static_cast<int>(report.layers.size()) ? std::string("output")
                                                                                    : "layer " + std::to_string(v.layer + 1))
                << ": compresses under " << v.compresses << " of " << v.of << ", significantly under "
                << v.significant << "\n";
    }
  }
}

const CommandRegistration kRegistration("verdict", [](CLI::App& app) {
  auto* sub = app.add_subcommand("verdict",
                                 "Is the compression real? A run's networks rerun under every estimator of a "
                                 "grid, with bootstrap intervals (verdict.json, verdict.md, verdict.png)");
  auto o = std::make_shared<VerdictOptions>();
  sub->add_option("source", o->source, "a run folder (results/NAME), a setting's folder or a results file")->required();
  sub->add_option("--config", o->config_file, "a TOML file whose [verdict] table replaces the run's");
  sub->add_option("--threads", o->threads, "worker threads (networks in parallel); 0 = all cores (results do not depend on it)");
  sub->add_flag("--force", o->force, "replace an earlier verdict.json and verdict.md");
  sub->add_flag("--no-figure", o->no_figure, "skip the robustness figure");
  o->flags = std::make_unique<ParameterFlags>(sub, std::vector<std::string>{"verdict"});
  sub->callback([o] { run(*o); });
});

}  // namespace
}  // namespace infoplane::cli
