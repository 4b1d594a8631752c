// infoplane train: one ensemble from flags or a configuration file (--config), on the same
// pipeline as every setting of `infoplane run` (run/setting_pipeline.hpp): training, the online
// information plane, gradient statistics, beta* and the IB curve. Prints the final loss and
// accuracy; --out writes the results file, --save-activations the recorded layers as .npy.
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>

#include "command_registry.hpp"
#include "infoplane/core/error.hpp"
#include "infoplane/io/results_destination.hpp"
#include "infoplane/io/results_store.hpp"
#include "infoplane/observe/activation_saver.hpp"
#include "infoplane/observe/progress.hpp"
#include "infoplane/observe/results_recorder.hpp"
#include "infoplane/run/setting_pipeline.hpp"
#include "infoplane/task/make_task.hpp"
#include "parameter_flags.hpp"

namespace infoplane::cli {
namespace {

struct TrainCommand {
  std::unique_ptr<ParameterFlags> flags;
  std::string config, save_dir, out;
  std::vector<int> save_networks{0};
  bool print_config = false, quiet = false, force = false;
};

void run(const TrainCommand& t, const CLI::App& cmd) {
  RunConfig c;
  if (cmd.get_option("--config")->count() > 0) {
    if (t.flags->given("preset"))
      throw Error("--preset and --config: give the preset inside the file (preset = \"...\")");
    c = load_run_config(t.config);
  }
  apply_flags(*t.flags, c);
  if (t.print_config) {
    std::cout << resolved_experiment_toml("train", "train", "", c);
    return;
  }
  const bool save_results = !t.out.empty();
  if (save_results) check_results_destination(t.out, t.force);  // before hours of training
  for (int n : t.save_networks)
    if (n < 0 || n >= c.train.training.networks)
      throw Error("--save-networks: network " + std::to_string(n) + " is not in [0, training.networks = " +
                  std::to_string(c.train.training.networks) + ")");

  const Task task = make_task(c.train.task.rule, c.train.task.rule_seed);
  RunConfig stored = c;
  stored.train.training.threads = 0;  // never changes results
  SettingPipeline pipeline(c, task, resolved_experiment_toml("train", "train", "", stored));
  std::vector<TrainingObserver*> observers;
  std::unique_ptr<ActivationSaver> saver;
  if (!t.save_dir.empty()) {
    saver = std::make_unique<ActivationSaver>(t.save_dir, t.save_networks, t.force);
    observers.push_back(saver.get());
  }
  ProgressReporter progress(stderr, isatty(fileno(stderr)) != 0,
                            static_cast<long long>(pipeline.n_networks()) * pipeline.epochs());
  if (!t.quiet) observers.push_back(&progress);
  pipeline.train(observers);
  if (!t.quiet) progress.finish();
  const RunResults results = pipeline.finish();
  if (save_results) write_results(t.out, results, t.force);

  const EpochMetrics m = ensemble_mean_final_metrics(results);
  const auto& o = c.train.optimizer;
  std::printf("trained %d networks x %d epochs (%s, %s, lr %g, batch %d) on %s\n", results.n_networks,
              results.n_epochs, c.train.preset.c_str(), to_string(o.kind).c_str(), o.learning_rate,
              o.batch_size, task.name.c_str());
  std::printf("final (epoch %d, ensemble mean): train loss %.6f nats, accuracy %.4f; test loss %.6f nats, accuracy %.4f\n",
              results.recorded_epochs.empty() ? 0 : results.recorded_epochs.back(), m.train_loss,
              m.train_accuracy, m.test_loss, m.test_accuracy);
}

const CommandRegistration kRegistration("train", [](CLI::App& app) {
  auto t = std::make_shared<TrainCommand>();
  CLI::App* cmd = app.add_subcommand(
      "train", "Train one ensemble (information plane, gradient statistics, beta*, IB curve)");
  cmd->add_option("--config", t->config, "configuration file (TOML, the keys of docs/parameters.md)");
  t->flags = std::make_unique<ParameterFlags>(
      cmd, std::vector<std::string>{"", "task", "network", "optimizer", "training", "info", "ib"});
  cmd->add_option("--save-activations", t->save_dir, "write recorded activations as .npy files under DIR");
  cmd->add_option("--save-networks", t->save_networks, "networks whose activations are saved (default 0)")
      ->delimiter(',');
  cmd->add_option("--out", t->out, "write the results file (HDF5, docs/file-format.md)");
  cmd->add_flag("--force", t->force, "overwrite an existing --out file and --save-activations files");
  cmd->add_flag("--print-config", t->print_config, "print the resolved configuration (TOML) and exit");
  cmd->add_flag("--quiet", t->quiet, "no progress output");
  cmd->callback([t, cmd]() { run(*t, *cmd); });
});

}  // namespace
}  // namespace infoplane::cli
