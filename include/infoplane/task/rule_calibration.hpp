#pragma once
// Turning a real-valued score f(x) into a soft binary rule
//   p(y=1 | x) = 1 / (1 + exp(-gamma (f(x) - theta))),
// with theta in the gap between two neighbouring classes of equal f that splits the mass
// nearest one half, and gamma found by root finding so that I(X;Y) hits a target (bits).
// Shared by the spherical rule and the committee machine.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "infoplane/task/task.hpp"

namespace infoplane {

// Groups of equal score: scores are compared with relative tolerance `rel_tol`
// (|a - b| <= rel_tol * max(|a|, |b|, 1e-300)) after sorting.
struct ScoreClasses {
  std::vector<int> class_of;        // shape = [n_patterns]; class id, ascending in f
  std::vector<double> class_score;  // shape = [n_classes]; f of each class (its smallest)
  std::vector<double> class_mass;   // shape = [n_classes]; sum of p(x) over the class
};

ScoreClasses group_scores(std::span<const double> scores, std::span<const double> p_x,
                          double rel_tol = 1e-9);

struct Threshold {
  double theta = 0.0;     // midpoint of the chosen gap between neighbouring class scores
  int first_above = 0;    // id of the lowest class with f > theta
  double p_above = 0.0;   // mass of the classes with f > theta: p(y=1) of the hard rule
};

// The gap whose split puts the mass nearest 1/2 on each side (ties: the lower gap).
// Throws infoplane::Error when there is only one class (no gap).
Threshold choose_threshold(const ScoreClasses& classes);

// I(X;Y) in bits of the logistic rule above, per class (exact: p(y|x) depends on x only
// through its class).
double logistic_rule_information_bits(const ScoreClasses& classes, double theta, double gamma);

// Finds gamma > 0 with I(X;Y) = target_bits within `tol_bits`, by bracketing (doubling) and
// bisection on log(gamma). Throws infoplane::Error naming `rule` when the target is not
// reachable (target >= H(Y) of the hard rule).
double solve_gain(const ScoreClasses& classes, double theta, double target_bits,
                  const std::string& rule, double tol_bits = 1e-9);

// Fills task.p_y_given_x (columns: y = 0, y = 1), task.pattern_class, and the parameters
// theta, gamma, p_y1, i_xy_bits, n_classes, target_i_xy_bits, from the scores.
// task.inputs and task.p_x must be set.
void apply_logistic_rule(Task& task, std::span<const double> scores, double target_bits);

}  // namespace infoplane
