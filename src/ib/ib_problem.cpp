#include "infoplane/ib/ib_problem.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "infoplane/core/error.hpp"

namespace infoplane {
namespace {

// Rows of p(y|x) closer than this (max abs) are the same row.
constexpr double kRowEqualTolerance = 1e-12;

bool rows_equal(std::span<const double> a, std::span<const double> b) {
  for (std::size_t y = 0; y < a.size(); ++y) {
    if (std::abs(a[y] - b[y]) > kRowEqualTolerance) return false;
  }
  return true;
}

}  // namespace

void validate_ib_problem(std::span<const double> p_x, const Matrix<double>& p_y_given_x,
                         const std::string& what) {
  if (p_x.empty()) throw Error(what + ": p(x) is empty: expected at least one input");
  if (p_y_given_x.rows() != p_x.size()) {
    throw Error(what + ": p(y|x) has " + std::to_string(p_y_given_x.rows()) +
                " rows: expected one per input (" + std::to_string(p_x.size()) + ")");
  }
  if (p_y_given_x.cols() == 0) throw Error(what + ": p(y|x) has no columns: expected >= 1 label");
  double total = 0.0;
  for (std::size_t x = 0; x < p_x.size(); ++x) {
    if (!std::isfinite(p_x[x]) || p_x[x] < 0.0) {
      throw Error(what + ": p(x) at input " + std::to_string(x) +
                  " is not a finite non-negative number");
    }
    total += p_x[x];
    double row = 0.0;
    for (double v : p_y_given_x.row(x)) {
      if (!std::isfinite(v) || v < 0.0) {
        throw Error(what + ": p(y|x) row " + std::to_string(x) +
                    " has an entry that is not a finite non-negative number");
      }
      row += v;
    }
    if (std::abs(row - 1.0) > kIBProbabilityTolerance) {
      throw Error(what + ": p(y|x) row " + std::to_string(x) + " sums to " +
                  std::to_string(row) + ": expected 1");
    }
  }
  if (std::abs(total - 1.0) > kIBProbabilityTolerance) {
    throw Error(what + ": p(x) sums to " + std::to_string(total) + ": expected 1");
  }
}

IBProblem ib_problem_from_task(const Task& task, bool use_classes) {
  const std::string what = "task " + task.name;
  validate_ib_problem(task.p_x, task.p_y_given_x, what);
  const std::size_t n_x = task.p_x.size();
  const std::size_t n_y = task.p_y_given_x.cols();
  if (!use_classes || task.pattern_class.empty()) {
    return IBProblem{task.p_x, task.p_y_given_x};
  }
  if (task.pattern_class.size() != n_x) {
    throw Error(what + ": pattern_class has " + std::to_string(task.pattern_class.size()) +
                " entries: expected one per pattern (" + std::to_string(n_x) + ")");
  }
  const int max_id = *std::max_element(task.pattern_class.begin(), task.pattern_class.end());
  const int min_id = *std::min_element(task.pattern_class.begin(), task.pattern_class.end());
  if (min_id < 0) throw Error(what + ": pattern_class has a negative id: expected 0..n_classes-1");
  const auto n_c = static_cast<std::size_t>(max_id) + 1;
  IBProblem problem{std::vector<double>(n_c, 0.0), Matrix<double>(n_c, n_y, 0.0)};
  std::vector<int> first(n_c, -1);
  for (std::size_t x = 0; x < n_x; ++x) {
    const auto c = static_cast<std::size_t>(task.pattern_class[x]);
    problem.p_x[c] += task.p_x[x];
    if (first[c] < 0) {
      first[c] = static_cast<int>(x);
      std::copy_n(task.p_y_given_x.row(x).begin(), n_y, problem.p_y_given_x.row(c).begin());
    } else if (!rows_equal(task.p_y_given_x.row(x), problem.p_y_given_x.row(c))) {
      throw Error(what + ": p(y|x) differs between patterns " + std::to_string(first[c]) +
                  " and " + std::to_string(x) + " of class " + std::to_string(c) +
                  ": pattern_class is not a sufficient statistic");
    }
  }
  for (std::size_t c = 0; c < n_c; ++c) {
    if (first[c] < 0) {
      throw Error(what + ": class " + std::to_string(c) +
                  " has no pattern: expected compact ids 0..n_classes-1");
    }
  }
  return problem;
}

std::size_t count_distinct_rows(std::span<const double> p_x, const Matrix<double>& p_y_given_x) {
  std::vector<std::size_t> representatives;
  for (std::size_t x = 0; x < p_x.size(); ++x) {
    if (p_x[x] <= 0.0) continue;
    const bool seen = std::any_of(representatives.begin(), representatives.end(), [&](auto r) {
      return rows_equal(p_y_given_x.row(r), p_y_given_x.row(x));
    });
    if (!seen) representatives.push_back(x);
  }
  return representatives.size();
}

double mutual_information_xy_bits(std::span<const double> p_x,
                                  const Matrix<double>& p_y_given_x) {
  const std::size_t n_y = p_y_given_x.cols();
  std::vector<double> p_y(n_y, 0.0);
  for (std::size_t x = 0; x < p_x.size(); ++x) {
    for (std::size_t y = 0; y < n_y; ++y) p_y[y] += p_x[x] * p_y_given_x(x, y);
  }
  double nats = 0.0;
  for (std::size_t x = 0; x < p_x.size(); ++x) {
    for (std::size_t y = 0; y < n_y; ++y) {
      const double p = p_y_given_x(x, y);
      if (p > 0.0 && p_x[x] > 0.0) nats += p_x[x] * p * std::log(p / p_y[y]);
    }
  }
  return std::max(0.0, nats / std::numbers::ln2);
}

}  // namespace infoplane
