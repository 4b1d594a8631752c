#pragma once
// Synthetic tasks for the estimator tests, built here so that the tests do not depend on the
// task module, plus independent reference computations (I(X;Y) from its definition).
#include <bit>
#include <cmath>
#include <vector>

#include "infoplane/core/rng.hpp"
#include "infoplane/task/task.hpp"

namespace infoplane::testing {

// All 4096 patterns of 12 bits, p(x) uniform; Y depends on X only through the class
// c(x) = popcount(x) (13 classes), with soft p(y=1|c) = 1 / (1 + exp(-(c - 6) * 0.9)).
inline Task twelve_bit_task() {
  Task task;
  task.name = "synthetic-12bit";
  const int n = 4096;
  task.inputs = Matrix<float>(n, 12);
  task.p_x.assign(n, 1.0 / n);
  task.p_y_given_x = Matrix<double>(n, 2);
  task.pattern_class.resize(n);
  for (int x = 0; x < n; ++x) {
    for (int b = 0; b < 12; ++b) task.inputs(x, b) = static_cast<float>((x >> b) & 1);
    const int c = std::popcount(static_cast<unsigned>(x));
    task.pattern_class[x] = c;
    const double p1 = 1.0 / (1.0 + std::exp(-(c - 6) * 0.9));
    task.p_y_given_x(x, 0) = 1.0 - p1;
    task.p_y_given_x(x, 1) = p1;
  }
  return task;
}

// n patterns with the given inputs (shape = [n, d]), uniform p(x), deterministic labels.
inline Task labelled_task(const Matrix<float>& inputs, const std::vector<int>& labels, int n_labels) {
  Task task;
  task.name = "synthetic";
  const std::size_t n = inputs.rows();
  task.inputs = inputs;
  task.p_x.assign(n, 1.0 / static_cast<double>(n));
  task.p_y_given_x = Matrix<double>(n, static_cast<std::size_t>(n_labels));
  for (std::size_t i = 0; i < n; ++i) task.p_y_given_x(i, static_cast<std::size_t>(labels[i])) = 1.0;
  return task;
}

// I(X;Y) = H(Y) - sum_x p(x) H(Y|X=x), bits: the definition, independent of any estimator.
inline double mutual_information_xy(const Task& task) {
  const std::size_t n = task.n_patterns(), l = task.n_labels();
  std::vector<double> p_y(l, 0.0);
  double h_y_given_x = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t y = 0; y < l; ++y) {
      const double q = task.p_y_given_x(i, y);
      p_y[y] += task.p_x[i] * q;
      if (q > 0) h_y_given_x -= task.p_x[i] * q * std::log2(q);
    }
  }
  double h_y = 0.0;
  for (double p : p_y) if (p > 0) h_y -= p * std::log2(p);
  return h_y - h_y_given_x;
}

// Entropy in bits of a discrete distribution given by weights (normalised here).
inline double entropy_bits(const std::vector<double>& w) {
  double total = 0.0, h = 0.0;
  for (double v : w) total += v;
  for (double v : w) if (v > 0) h -= v / total * std::log2(v / total);
  return h;
}

}  // namespace infoplane::testing
