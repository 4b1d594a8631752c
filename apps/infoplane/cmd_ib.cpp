// `infoplane ib`: the Information Bottleneck curve of a task's exact P(X,Y), printed as a
// table (beta, I(X;T), I(T;Y) in bits) and optionally written as JSON.
#include <chrono>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "command_registry.hpp"
#include "infoplane/core/error.hpp"
#include "infoplane/ib/ib_curve.hpp"
#include "infoplane/ib/ib_problem.hpp"
#include "infoplane/task/make_task.hpp"
#include "infoplane/version.hpp"

namespace infoplane::cli {
namespace {

struct IBCommandOptions {
  std::string rule;
  std::uint64_t rule_seed = 1;
  IBCurveOptions curve;
  bool patterns = false;  // solve on the patterns even when the task has classes
  std::string json_path;
};

// Flag checks at the boundary, so that messages name the flag the user typed.
void check_flags(const IBCommandOptions& o) {
  auto fail = [](const std::string& flag, double value, const std::string& expected) {
    std::ostringstream s;
    s << "ib: " << flag << " = " << value << ": expected " << expected;
    throw Error(s.str());
  };
  const auto& c = o.curve;
  if (!(c.beta_min > 0.0) || !std::isfinite(c.beta_min)) fail("--beta-min", c.beta_min, "> 0");
  if (!(c.beta_max >= c.beta_min) || !std::isfinite(c.beta_max)) {
    fail("--beta-max", c.beta_max, "a finite number >= --beta-min");
  }
  if (c.n_betas < 1) fail("--points", c.n_betas, ">= 1");
  if (!(c.tolerance > 0.0)) fail("--tolerance", c.tolerance, "> 0");
}

void run_ib(const IBCommandOptions& o) {
  check_flags(o);
  const Task task = make_task(o.rule, o.rule_seed);
  const bool use_classes = !o.patterns && !task.pattern_class.empty();
  const IBProblem problem = ib_problem_from_task(task, use_classes);
  const auto start = std::chrono::steady_clock::now();
  const IBCurve curve = compute_ib_curve(problem, o.curve);
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
  if (o.json_path.empty()) return;
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
      {"rule_seed", o.rule_seed},
      {"solved_on", use_classes ? "classes" : "patterns"},
      {"n_inputs", problem.n_x()},
      {"i_xy_bits", curve.i_xy},
      {"options",
       {{"beta_min", o.curve.beta_min},
        {"beta_max", o.curve.beta_max},
        {"points", o.curve.n_betas},
        {"max_clusters", curve.max_clusters},
        {"tolerance", o.curve.tolerance},
        {"max_iterations", o.curve.max_iterations},
        {"split_perturbation", o.curve.split_perturbation},
        {"merge_distance", o.curve.merge_distance},
        {"seed", o.curve.seed}}},
      {"seconds", seconds},
      {"points", points}};
  std::ofstream file(o.json_path);
  if (!file) throw Error("ib: --json " + o.json_path + ": cannot open for writing");
  file << out.dump(2) << "\n";
  if (!file) throw Error("ib: --json " + o.json_path + ": write failed");
}

const CommandRegistration kRegistration("ib", [](CLI::App& app) {
  auto o = std::make_shared<IBCommandOptions>();
  CLI::App* sub = app.add_subcommand(
      "ib", "Information Bottleneck curve (beta, I(X;T), I(T;Y) in bits) of a task's P(X,Y)");
  sub->add_option("--rule", o->rule, "task: spherical | committee | mat:PATH | idx:IMAGES,LABELS")
      ->required();
  sub->add_option("--rule-seed", o->rule_seed, "rule seed (committee teacher weights)");
  sub->add_option("--beta-min", o->curve.beta_min, "first beta (> 0)")->capture_default_str();
  sub->add_option("--beta-max", o->curve.beta_max, "last beta (>= --beta-min)")
      ->capture_default_str();
  sub->add_option("--points", o->curve.n_betas, "number of log-spaced betas (>= 1)")
      ->capture_default_str();
  sub->add_option("--max-clusters", o->curve.max_clusters,
                  "largest |T| (0: number of distinct p(y|x) rows)")
      ->capture_default_str();
  sub->add_option("--tolerance", o->curve.tolerance,
                  "fixed point: max change of p(t|x) per update")
      ->capture_default_str();
  sub->add_option("--max-iterations", o->curve.max_iterations, "updates per fixed point")
      ->capture_default_str();
  sub->add_option("--seed", o->curve.seed, "seed of the split perturbations")
      ->capture_default_str();
  sub->add_flag("--patterns", o->patterns,
                "solve on the patterns even when the task has a sufficient statistic (slow)");
  sub->add_option("--json", o->json_path, "also write the curve to this JSON file");
  sub->callback([o] { run_ib(*o); });
});

}  // namespace
}  // namespace infoplane::cli
