// infoplane train: train an ensemble on a task and report loss/accuracy; optionally write the
// results file (--out: metrics, gradient statistics, resolved config) and save recorded
// activations as .npy. Flags override the experiment file (--config); all checking and
// numerics live in the library (train/train_config.hpp, train/experiment.hpp).
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>

#include "command_registry.hpp"
#include "infoplane/core/error.hpp"
#include "infoplane/io/results_destination.hpp"
#include "infoplane/io/results_store.hpp"
#include "infoplane/task/make_task.hpp"
#include "infoplane/info/info_plane_recorder.hpp"
#include "infoplane/train/activation_saver.hpp"
#include "infoplane/train/trainer.hpp"
#include "infoplane/train/experiment.hpp"
#include "infoplane/train/progress.hpp"
#include "infoplane/train/results_recorder.hpp"
#include "infoplane/train/train_config.hpp"

namespace infoplane::cli {
namespace {

struct TrainFlags {
  std::string config, preset, rule, widths, activation, output, optimizer, record, save_dir;
  std::string save_networks = "0";
  std::string estimators = "binning";
  std::string out;
  std::uint64_t rule_seed = 0, seed = 0;
  double train_fraction = 0, lr = 0, init_scale = 0;
  int networks = 0, epochs = 0, batch = 0, threads = 0, record_points = 0;
  bool print_config = false, quiet = false, force = false;
};

// "10,7,5" -> {10, 7, 5}; throws naming the flag.
std::vector<int> parse_int_list(const std::string& text, const std::string& flag) {
  std::vector<int> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    try {
      std::size_t used = 0;
      const int v = std::stoi(item, &used);
      if (used != item.size()) throw std::invalid_argument(item);
      out.push_back(v);
    } catch (const std::exception&) {
      throw Error(flag + " " + text + ": expected comma-separated integers");
    }
  }
  if (out.empty()) throw Error(flag + " " + text + ": expected at least one integer");
  return out;
}

void run(const TrainFlags& f, const CLI::App& cmd) {
  auto given = [&](const char* name) { return cmd.get_option(name)->count() > 0; };
  TrainConfig c;
  std::string source = "command line";
  if (given("--config")) {
    if (given("--preset")) throw Error("--preset and --config: give the preset inside the file (preset = \"...\")");
    c = load_train_config(f.config);
    source = f.config + " + command line";
  } else if (given("--preset")) {
    c = preset_config(f.preset, "--preset");
  }
  if (given("--rule")) c.task.rule = f.rule;
  if (given("--rule-seed")) c.task.rule_seed = f.rule_seed;
  if (given("--train-fraction")) c.task.train_fraction = f.train_fraction;
  if (given("--widths")) c.network.hidden_widths = parse_int_list(f.widths, "--widths");
  if (given("--activation")) c.network.activation = parse_activation(f.activation, "--activation");
  if (given("--output")) c.network.output = parse_output_kind(f.output, "--output");
  if (given("--init-scale")) c.network.init.init_scale = f.init_scale;
  if (given("--optimizer")) c.optimizer.kind = parse_optimizer_kind(f.optimizer, "--optimizer");
  if (given("--lr")) c.optimizer.learning_rate = f.lr;
  if (given("--batch")) c.optimizer.batch_size = f.batch;
  if (given("--networks")) c.training.networks = f.networks;
  if (given("--epochs")) c.training.epochs = f.epochs;
  if (given("--seed")) c.training.seed = f.seed;
  if (given("--threads")) c.training.threads = f.threads;
  if (given("--record-points")) c.training.record.points = f.record_points;
  if (given("--record")) {
    if (f.record == "log") {
      c.training.record.mode = RecordMode::kLog;
    } else if (f.record == "every") {
      c.training.record.mode = RecordMode::kEvery;
    } else {
      c.training.record.mode = RecordMode::kList;
      c.training.record.epochs = parse_int_list(f.record, "--record");
    }
  }
  validate_train_config(c, source);
  if (f.print_config) {
    std::cout << to_toml(c);
    return;
  }

  if (given("--out")) check_results_destination(f.out, f.force);  // before hours of training
  const Task task = make_task(c.task.rule, c.task.rule_seed);
  std::vector<TrainingObserver*> observers;
  std::unique_ptr<ActivationSaver> saver;
  if (given("--save-activations")) {
    std::vector<int> nets = parse_int_list(f.save_networks, "--save-networks");
    for (int n : nets) {
      if (n < 0 || n >= c.training.networks) {
        throw Error("--save-networks " + f.save_networks + ": network " + std::to_string(n) +
                    " is not in [0, " + std::to_string(c.training.networks) + ")");
      }
    }
    saver = std::make_unique<ActivationSaver>(f.save_dir, nets);
    observers.push_back(saver.get());
  }
  // The online information plane of every layer at every recorded epoch.
  std::unique_ptr<InfoPlaneRecorder> info;
  if (f.estimators != "none") {
    std::vector<std::string> names;
    std::stringstream list(f.estimators);
    for (std::string name; std::getline(list, name, ',');) names.push_back(name);
    const TrainerOptions trainer = make_trainer_options(c, task);
    info = std::make_unique<InfoPlaneRecorder>(task, trainer.record_epochs, c.training.networks,
                                               static_cast<int>(trainer.spec.widths.size()) - 1,
                                               names);
    observers.push_back(info.get());
  }
  ProgressReporter progress(stderr, isatty(fileno(stderr)) != 0,
                            static_cast<long long>(c.training.networks) * c.training.epochs);
  if (!f.quiet) observers.push_back(&progress);
  RunResults results = run_training(c, task, observers);
  if (info) results.info = info->series();
  if (!f.quiet) progress.finish();
  if (given("--out")) write_results(f.out, results, f.force);
  const EpochMetrics m = ensemble_mean_final_metrics(results);
  std::printf("trained %d networks x %d epochs (%s, %s, lr %g, batch %d) on %s\n", results.n_networks,
              results.n_epochs, c.preset.c_str(), to_string(c.optimizer.kind).c_str(),
              c.optimizer.learning_rate, c.optimizer.batch_size, task.name.c_str());
  std::printf("final (epoch %d, ensemble mean): train loss %.6f nats, accuracy %.4f; test loss %.6f nats, accuracy %.4f\n",
              results.recorded_epochs.empty() ? 0 : results.recorded_epochs.back(), m.train_loss,
              m.train_accuracy, m.test_loss, m.test_accuracy);
}

const CommandRegistration kRegistration("train", [](CLI::App& app) {
  auto flags = std::make_shared<TrainFlags>();
  CLI::App* cmd = app.add_subcommand("train", "Train an ensemble of networks (activations, metrics, gradient statistics)");
  cmd->add_option("--config", flags->config, "experiment file (TOML: [task] [network] [optimizer] [training])");
  cmd->add_option("--preset", flags->preset, "reference-code (default: Adam, lr 4e-4, batch 512) or paper (SGD)");
  cmd->add_option("--rule", flags->rule, "task: spherical, committee, mat:PATH, idx:IMAGES,LABELS");
  cmd->add_option("--rule-seed", flags->rule_seed, "seed of a rule with random parts");
  cmd->add_option("--train-fraction", flags->train_fraction, "share of patterns in each training sample, (0, 1]");
  cmd->add_option("--widths", flags->widths, "hidden widths, e.g. 10,7,5,4,3");
  cmd->add_option("--activation", flags->activation, "tanh, relu, linear or sigmoid");
  cmd->add_option("--output", flags->output, "softmax or sigmoid");
  cmd->add_option("--init-scale", flags->init_scale, "initial weight std = scale / sqrt(fan_in)");
  cmd->add_option("--optimizer", flags->optimizer, "sgd, adam or gd");
  cmd->add_option("--lr", flags->lr, "learning rate");
  cmd->add_option("--batch", flags->batch, "mini-batch size");
  cmd->add_option("--networks", flags->networks, "networks in the ensemble");
  cmd->add_option("--epochs", flags->epochs, "training epochs");
  cmd->add_option("--seed", flags->seed, "ensemble seed");
  cmd->add_option("--threads", flags->threads, "worker threads (0 = all)");
  cmd->add_option("--record", flags->record, "recorded epochs: log, every, or a list 0,10,100");
  cmd->add_option("--record-points", flags->record_points, "K of the log schedule (default 400)");
  cmd->add_option("--save-activations", flags->save_dir, "write recorded activations as .npy files under DIR");
  cmd->add_option("--save-networks", flags->save_networks, "networks whose activations are saved (default 0)");
  cmd->add_option("--estimators", flags->estimators,
                  "information-plane estimators, comma-separated, or none (default binning)");
  cmd->add_option("--out", flags->out,
                  "write metrics, gradient statistics and the information plane to this HDF5 file");
  cmd->add_flag("--force", flags->force, "overwrite an existing --out file");
  cmd->add_flag("--print-config", flags->print_config, "print the resolved configuration (TOML) and exit");
  cmd->add_flag("--quiet", flags->quiet, "no progress output");
  cmd->callback([flags, cmd]() { run(*flags, *cmd); });
});

}  // namespace
}  // namespace infoplane::cli
