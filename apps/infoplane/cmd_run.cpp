// `infoplane run NAME|PATH`: a named experiment (experiments/NAME.toml) end to end: training,
// information plane, gradient phases, IB curve and beta*, results file, summary and figures.
// Ctrl-C (SIGINT) or SIGTERM saves a checkpoint; `--resume` continues it.
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <memory>

#include "command_registry.hpp"
#include "infoplane/core/error.hpp"
#include "infoplane/run/experiment_runner.hpp"

namespace infoplane::cli {
namespace {

std::atomic<bool> g_stop{false};

extern "C" void on_stop_signal(int) {
  g_stop.store(true);
  // A second Ctrl-C ends the process at once.
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
}

struct RunCommandOptions {
  std::string experiment;
  RunOptions run;
  bool no_figures = false;
  bool no_movie = false;
};

// NAME -> experiments/NAME.toml (source tree), or an existing path as given.
std::string find_experiment(const std::string& name) {
  namespace fs = std::filesystem;
  if (fs::exists(name)) return name;
  const fs::path dir = INFOPLANE_EXPERIMENTS_DIR;
  const fs::path named = dir / (name + ".toml");
  if (fs::exists(named)) return named.string();
  std::string known;
  if (fs::is_directory(dir))
    for (const auto& entry : fs::directory_iterator(dir))
      if (entry.path().extension() == ".toml") known += " " + entry.path().stem().string();
  throw Error("run: experiment '" + name + "' not found (expected a file, or one of:" + known + ")");
}

void run_command(RunCommandOptions o) {
  const ExperimentConfig config = load_experiment(find_experiment(o.experiment));
  o.run.figures = !o.no_figures;
  o.run.movie = !o.no_movie;
  o.run.progress_bar = isatty(STDERR_FILENO) != 0;
  o.run.stop = &g_stop;
  o.run.log = [](const std::string& line) { std::cerr << "infoplane: " << line << "\n"; };
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  try {
    const auto outcomes = run_experiment(config, o.run);
    for (const auto& outcome : outcomes) {
      std::cout << "## " << config.name << ": " << outcome.label << " (" << outcome.results_path
                << ")\n\n" << summary_markdown(outcome.summary) << "\n";
    }
  } catch (const RunInterrupted& e) {
    std::cerr << "infoplane: " << e.what() << "\n";
    std::exit(130);
  }
}

const CommandRegistration kRegistration("run", [](CLI::App& app) {
  auto o = std::make_shared<RunCommandOptions>();
  CLI::App* sub = app.add_subcommand(
      "run", "Run a named experiment (experiments/NAME.toml) or an experiment file end to end");
  sub->add_option("experiment", o->experiment, "experiment name or path to a TOML file")->required();
  sub->add_option("--out", o->run.out_root, "root folder of the results (default: results)");
  sub->add_flag("--resume", o->run.resume, "continue an interrupted run from its checkpoint");
  sub->add_flag("--force", o->run.force, "overwrite existing results and checkpoints");
  sub->add_option("--threads", o->run.threads, "worker threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  sub->add_option("--networks", o->run.networks, "override the number of networks (quick looks)")
      ->check(CLI::Range(1, 100000));
  sub->add_option("--epochs", o->run.epochs, "override the number of epochs (quick looks)")
      ->check(CLI::Range(1, 100000000));
  sub->add_flag("--no-figures", o->no_figures, "write results and summaries only");
  sub->add_flag("--no-movie", o->no_movie, "figures without the movie");
  sub->add_flag("--quiet", o->run.quiet, "no progress output");
  sub->callback([o] { run_command(*o); });
});

}  // namespace
}  // namespace infoplane::cli
