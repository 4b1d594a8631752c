#pragma once
// The input of the Information Bottleneck solver: a finite joint distribution P(X, Y) given as
// p(x) and p(y|x). Plain values (spans and matrices) so the solver is easy to bind to Python.
//
// A task with a sufficient statistic C of X for Y (Task::pattern_class, the 64 orbits of the
// spherical rule) can be solved on C instead of X: p(c) = sum_{x in c} p(x), p(y|c) = p(y|x)
// for any x in c. The IB optimum compresses X only through p(y|x), so both give the same curve.
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "infoplane/core/matrix.hpp"
#include "infoplane/task/task.hpp"

namespace infoplane {

struct IBProblem {
  std::vector<double> p_x;      // shape = [n_x]; sums to 1
  Matrix<double> p_y_given_x;   // shape = [n_x, n_y]; each row sums to 1

  std::size_t n_x() const { return p_x.size(); }
  std::size_t n_y() const { return p_y_given_x.cols(); }
};

// Tolerance on the sums of p(x) and of each row of p(y|x) (absolute).
inline constexpr double kIBProbabilityTolerance = 1e-9;

// Checks shapes, finiteness, non-negativity and normalisation. `what` names the source in the
// message (e.g. "task spherical"). Throws infoplane::Error.
void validate_ib_problem(std::span<const double> p_x, const Matrix<double>& p_y_given_x,
                         const std::string& what);

// Builds and validates the problem. With use_classes and a non-empty Task::pattern_class, the
// problem is over the classes (ids must be 0..n_classes-1, p(y|x) constant within a class to
// 1e-12); otherwise over the patterns. Throws infoplane::Error naming the task.
IBProblem ib_problem_from_task(const Task& task, bool use_classes);

// Number of distinct rows of p(y|x) among the x with p(x) > 0 (rows equal to 1e-12 count as
// one): the largest useful cardinality of T, since the IB encoder sees x only through p(y|x).
std::size_t count_distinct_rows(std::span<const double> p_x, const Matrix<double>& p_y_given_x);

// I(X;Y) in bits: the ceiling of every IB curve.
double mutual_information_xy_bits(std::span<const double> p_x,
                                  const Matrix<double>& p_y_given_x);

}  // namespace infoplane
