// `infoplane run NAME|PATH`: a named experiment (experiments/NAME.toml) end to end: training,
// information plane, gradient phases, IB curve and beta*, results file, summary and figures.
// Ctrl-C (SIGINT) or SIGTERM saves a checkpoint; `--resume` continues it. Started by mpirun or
// srun, each process is one rank of a distributed run of the same experiment.
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <memory>

#include "command_registry.hpp"
#include "infoplane/core/error.hpp"
#include "infoplane/run/experiment_runner.hpp"
#include "launch/launched_ranks.hpp"
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
  // Under mpirun or srun: one rank of a distributed run (docs/distributed.md).
  const std::unique_ptr<Ranks> ranks = launched_ranks();
  const bool distributed = ranks != nullptr && ranks->size() > 1;
  try {
    const ExperimentConfig config = load_experiment(find_experiment(command.experiment));
    RunOptions run = command.run;
    run.overrides = command.flags->overrides();
    run.progress_bar = isatty(STDERR_FILENO) != 0;
    run.stop = &g_stop;
    run.ranks = ranks.get();
    run.log = [](const std::string& line) { std::cerr << "infoplane: " << line << "\n"; };
    const auto outcomes = run_experiment(config, run);
    for (const auto& outcome : outcomes) {
      std::cout << "## " << config.name << ": " << outcome.label << " (" << outcome.results_path
                << ")\n\n" << summary_markdown(outcome.summary) << "\n";
    }
  } catch (const RunInterrupted& e) {
    // Every rank has saved its own checkpoint part; none waits for the others.
    std::cerr << "infoplane: " << e.what() << "\n";
    std::exit(130);
  } catch (const Error& e) {
    if (!distributed) throw;
    // The other ranks would wait for this one for ever: end the whole job.
    std::cerr << "infoplane: error: rank " << ranks->rank() << " of " << ranks->size() << ": "
              << e.what() << "\n";
    abort_launched_ranks(2);
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
