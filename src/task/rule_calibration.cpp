// Threshold and gain of a soft binary rule p(y=1|x) = sigmoid(gamma (f(x) - theta)).
#include "infoplane/task/rule_calibration.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "infoplane/core/error.hpp"
#include "infoplane/task/task_information.hpp"

namespace infoplane {
namespace {

double sigmoid(double z) {
  // Stable for both signs: exp of a non-positive number only.
  if (z >= 0.0) return 1.0 / (1.0 + std::exp(-z));
  const double e = std::exp(z);
  return e / (1.0 + e);
}

}  // namespace

ScoreClasses group_scores(std::span<const double> scores, std::span<const double> p_x,
                          double rel_tol) {
  INFOPLANE_ASSERT(scores.size() == p_x.size());
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return scores[a] < scores[b]; });
  ScoreClasses out;
  out.class_of.assign(scores.size(), -1);
  for (std::size_t idx : order) {
    const double s = scores[idx];
    // Compare with the class's smallest score (not the previous one), so that a chain of
    // near-equal values cannot drift into one class.
    const bool same = !out.class_score.empty() &&
                      std::abs(s - out.class_score.back()) <=
                          rel_tol * std::max({std::abs(s), std::abs(out.class_score.back()), 1e-300});
    if (!same) {
      out.class_score.push_back(s);
      out.class_mass.push_back(0.0);
    }
    out.class_of[idx] = static_cast<int>(out.class_score.size()) - 1;
    out.class_mass.back() += p_x[idx];
  }
  return out;
}

Threshold choose_threshold(const ScoreClasses& classes) {
  const std::size_t n = classes.class_score.size();
  if (n < 2) throw Error("rule: all patterns have the same score; expected at least two classes");
  const double total =
      std::accumulate(classes.class_mass.begin(), classes.class_mass.end(), 0.0);
  Threshold best;
  double best_distance = 2.0;
  double below = 0.0;
  for (std::size_t g = 0; g + 1 < n; ++g) {
    below += classes.class_mass[g];
    const double above = (total - below) / total;
    const double distance = std::abs(above - 0.5);
    if (distance < best_distance) {
      best_distance = distance;
      best.theta = 0.5 * (classes.class_score[g] + classes.class_score[g + 1]);
      best.first_above = static_cast<int>(g + 1);
      best.p_above = above;
    }
  }
  return best;
}

double logistic_rule_information_bits(const ScoreClasses& classes, double theta, double gamma) {
  double p_y1 = 0.0;
  double h_y_given_x = 0.0;
  for (std::size_t c = 0; c < classes.class_score.size(); ++c) {
    const double q = sigmoid(gamma * (classes.class_score[c] - theta));
    p_y1 += classes.class_mass[c] * q;
    h_y_given_x += classes.class_mass[c] * binary_entropy_bits(q);
  }
  return std::max(0.0, binary_entropy_bits(std::clamp(p_y1, 0.0, 1.0)) - h_y_given_x);
}

double solve_gain(const ScoreClasses& classes, double theta, double target_bits,
                  const std::string& rule, double tol_bits) {
  // As gamma -> infinity the rule becomes the hard threshold, whose I(X;Y) = H(Y) is the
  // supremum; gamma -> 0 gives I = 0.
  double hard_mass = 0.0;
  for (std::size_t c = 0; c < classes.class_score.size(); ++c) {
    if (classes.class_score[c] > theta) hard_mass += classes.class_mass[c];
  }
  const double i_max = binary_entropy_bits(std::clamp(hard_mass, 0.0, 1.0));
  if (!(target_bits > 0.0) || target_bits >= i_max - tol_bits) {
    throw Error("rule '" + rule + "': I(X;Y) = " + std::to_string(target_bits) +
                " bits is out of reach (the hard threshold gives " + std::to_string(i_max) +
                " bits); expected a target in (0, H(Y))");
  }
  auto info = [&](double gamma) { return logistic_rule_information_bits(classes, theta, gamma); };
  // Bracket [lo, hi] with info(lo) < target <= info(hi), by doubling / halving.
  double lo = 1.0, hi = 1.0;
  for (int it = 0; info(hi) < target_bits; ++it) {
    INFOPLANE_ASSERT(it < 2000);
    lo = hi;
    hi *= 2.0;
  }
  for (int it = 0; info(lo) >= target_bits; ++it) {
    INFOPLANE_ASSERT(it < 2000);
    hi = lo;
    lo *= 0.5;
  }
  // Bisection on log(gamma): the score scale is arbitrary, so halve ratios, not differences.
  double mid = std::sqrt(lo * hi);
  for (int it = 0; it < 200; ++it) {
    mid = std::sqrt(lo * hi);
    const double value = info(mid);
    if (std::abs(value - target_bits) <= tol_bits) break;
    (value < target_bits ? lo : hi) = mid;
  }
  return mid;
}

void apply_logistic_rule(Task& task, std::span<const double> scores, double target_bits) {
  INFOPLANE_ASSERT(scores.size() == task.n_patterns() && task.p_x.size() == scores.size());
  const ScoreClasses classes = group_scores(scores, task.p_x);
  const Threshold threshold = choose_threshold(classes);
  const double gamma = solve_gain(classes, threshold.theta, target_bits, task.name);

  task.p_y_given_x = Matrix<double>(scores.size(), 2);
  for (std::size_t i = 0; i < scores.size(); ++i) {
    // Use the class's score so that p(y|x) is exactly constant within a class.
    const int c = classes.class_of[i];
    const double q = sigmoid(gamma * (classes.class_score[c] - threshold.theta));
    task.p_y_given_x(i, 0) = 1.0 - q;
    task.p_y_given_x(i, 1) = q;
  }
  task.pattern_class = classes.class_of;
  task.parameters["theta"] = threshold.theta;
  task.parameters["gamma"] = gamma;
  task.parameters["p_y1_hard"] = threshold.p_above;
  task.parameters["n_classes"] = static_cast<double>(classes.class_score.size());
  task.parameters["target_i_xy_bits"] = target_bits;
  task.parameters["i_xy_bits"] = mutual_information_xy_bits(task);
  task.parameters["p_y1"] = label_marginal(task)[1];
}

}  // namespace infoplane
