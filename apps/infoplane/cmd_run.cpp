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
#include "parameter_flags.hpp"

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
  std::unique_ptr<ParameterFlags> flags;  // overrides of every setting (--epochs 5, --no-movie)
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

void run_command(const RunCommandOptions& command) {
  // First, so that a signal during start-up (reading the experiment, building the tasks) also
  // ends in a checkpoint and the --resume message rather than the default kill.
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  const ExperimentConfig config = load_experiment(find_experiment(command.experiment));
  RunOptions run = command.run;
  run.overrides = command.flags->overrides();
  run.progress_bar = isatty(STDERR_FILENO) != 0;
  run.stop = &g_stop;
  run.log = [](const std::string& line) { std::cerr << "infoplane: " << line << "\n"; };
  try {
    const auto outcomes = run_experiment(config, run);
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
  sub->add_option("--checkpoint-every", o->run.checkpoint_seconds,
                  "seconds between checkpoints while training (0: only on Ctrl-C/SIGTERM)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e9));
  o->flags = std::make_unique<ParameterFlags>(
      sub, std::vector<std::string>{"task", "network", "optimizer", "training", "info", "ib", "output"});
  sub->add_flag("--quiet", o->run.quiet, "no progress output");
  sub->callback([o] { run_command(*o); });
});

}  // namespace
}  // namespace infoplane::cli
