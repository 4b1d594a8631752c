// `infoplane ib`: the Information Bottleneck curve of a task's exact P(X,Y), printed as a
// table (beta, I(X;T), I(T;Y) in bits) and optionally written as JSON.
#include <chrono>
#include <cmath>
#include <cstdint>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "command_registry.hpp"
#include "infoplane/core/error.hpp"
#include "infoplane/ib/ib_curve.hpp"
#include "infoplane/config/parameter_table.hpp"
#include "infoplane/ib/ib_problem.hpp"
#include "infoplane/io/atomic_file.hpp"
#include "infoplane/task/make_task.hpp"
#include "infoplane/task/split.hpp"
#include "infoplane/train/trainer.hpp"
#include "infoplane/version.hpp"
#include "parameter_flags.hpp"

namespace infoplane::cli {
namespace {

struct IBCommand {
  // [task] rule, rule_seed, train_fraction; training.seed; the IB curve's [ib] keys
  std::unique_ptr<ParameterFlags> flags;
  bool patterns = false;  // solve on the patterns even when the task has classes
  bool drawn_labels = false;  // a training sample's curve with its drawn labels
  std::string json_path;
  bool force = false;
};

void run_ib(const IBCommand& command) {
  RunConfig config;
  apply_flags(*command.flags, config);
  const TaskSettings& t = config.train.task;
  const IBCurveOptions& curve_options = config.ib.curve_options;
  Task task = make_task(t.rule, t.rule_seed);
  const bool sample = command.flags->given("task.train_fraction");
  if (!sample && (command.flags->given("training.seed") || command.drawn_labels))
    throw Error("ib: --seed and --drawn-labels choose a training sample: give --train-fraction too");
  if (sample) {
    // Network 0's training sample of `infoplane train --train-fraction F --seed S`.
    const Split split = draw_split(task, t.train_fraction, sample_seed(config.train.training.seed, 0));
    task = sample_task(task, split.train, command.drawn_labels ? SampleLabels::kDrawn : SampleLabels::kTrue);
  }
  const bool use_classes = !command.patterns && !task.pattern_class.empty();
  const IBProblem problem = ib_problem_from_task(task, use_classes);
  const auto start = std::chrono::steady_clock::now();
  const IBCurve curve = compute_ib_curve(problem, curve_options);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::cout << "IB curve of task " << task.name << ": solved on " << problem.n_x()
            << (use_classes ? " classes" : " patterns") << ", |T| <= " << curve.max_clusters
            << ", I(X;Y) = " << std::setprecision(6) << curve.i_xy << " bits, " << std::fixed
            << std::setprecision(2) << seconds << " s\n";
  std::cout << std::setw(12) << "beta" << std::setw(12) << "I(X;T)" << std::setw(12) << "I(T;Y)"
            << std::setw(6) << "|T|" << "\n";
  int unconverged = 0;
  for (const auto& p : curve.points) {
    std::cout << std::setw(12) << std::setprecision(4) << p.beta << std::setw(12)
              << std::setprecision(6) << p.i_xt << std::setw(12) << p.i_ty << std::setw(6)
              << p.n_clusters << (p.converged ? "" : "  (not converged)") << "\n";
    if (!p.converged) ++unconverged;
  }
  if (unconverged > 0) {
    std::cerr << "infoplane ib: warning: " << unconverged << " point(s) reached --max-iterations "
              << "before the tolerance\n";
  }
  if (command.json_path.empty()) return;
  nlohmann::json points = nlohmann::json::array();
  for (const auto& p : curve.points) {
    points.push_back({{"beta", p.beta},
                      {"i_xt_bits", p.i_xt},
                      {"i_ty_bits", p.i_ty},
                      {"n_clusters", p.n_clusters},
                      {"iterations", p.iterations},
                      {"residual", p.residual},
                      {"converged", p.converged}});
  }
  const nlohmann::json out = {
      {"schema", "infoplane.ib_curve"},
      {"schema_version", 1},
      {"program_version", kVersion},
      {"git_commit", kGitCommit},
      {"rule", task.name},
      {"rule_seed", t.rule_seed},
      {"training_sample", sample ? nlohmann::json{{"train_fraction", t.train_fraction},
                                                   {"seed", config.train.training.seed},
                                                   {"labels", command.drawn_labels ? "drawn" : "rule"}}
                                 : nlohmann::json()},
      {"solved_on", use_classes ? "classes" : "patterns"},
      {"n_inputs", problem.n_x()},
      {"i_xy_bits", curve.i_xy},
      {"options",
       {{"beta_min", curve_options.beta_min},
        {"beta_max", curve_options.beta_max},
        {"points", curve_options.n_betas},
        {"max_clusters", curve.max_clusters},
        {"tolerance", curve_options.tolerance},
        {"max_iterations", curve_options.max_iterations},
        {"split_perturbation", curve_options.split_perturbation},
        {"merge_distance", curve_options.merge_distance},
        {"seed", curve_options.seed}}},
      {"seconds", seconds},
      {"points", points}};
  write_file_atomically(command.json_path, out.dump(2) + "\n", command.force, "--json");
}

const CommandRegistration kRegistration("ib", [](CLI::App& app) {
  auto o = std::make_shared<IBCommand>();
  CLI::App* sub = app.add_subcommand(
      "ib", "Information Bottleneck curve (beta, I(X;T), I(T;Y) in bits) of a task's P(X,Y)");
  std::vector<std::string> skip{"ib.curve", "ib.beta_star_epochs", "ib.beta_star_networks"};
  for (const auto& p : parameter_table())
    if (p.table() == "training" && p.key != "training.seed") skip.push_back(p.key);
  o->flags = std::make_unique<ParameterFlags>(sub, std::vector<std::string>{"task", "ib", "training"}, skip);
  o->flags->option("task.rule")->required();
  sub->add_flag("--drawn-labels", o->drawn_labels,
                "with --train-fraction: the sample's drawn labels as p(y|x) (the empirical joint), not the rule's");
  sub->add_flag("--patterns", o->patterns,
                "solve on the patterns even when the task has a sufficient statistic (slow)");
  sub->add_option("--json", o->json_path, "also write the curve to this JSON file");
  sub->add_flag("--force", o->force, "overwrite an existing --json file");
  sub->callback([o] { run_ib(*o); });
});

}  // namespace
}  // namespace infoplane::cli
