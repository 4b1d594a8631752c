#pragma once
// Small synthetic joint distributions for the IB tests (no task module needed).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

#include "infoplane/core/matrix.hpp"
#include "infoplane/core/rng.hpp"
#include "infoplane/ib/ib_equations.hpp"
#include "infoplane/ib/ib_problem.hpp"

namespace infoplane::testing {

// Random p(x) (bounded away from 0) and random rows p(y|x), seeded.
inline IBProblem random_problem(std::size_t n_x, std::size_t n_y, std::uint64_t seed) {
  Rng rng(seed);
  IBProblem p{std::vector<double>(n_x), Matrix<double>(n_x, n_y)};
  double total = 0.0;
  for (auto& v : p.p_x) total += (v = 0.2 + rng.uniform());
  for (auto& v : p.p_x) v /= total;
  for (std::size_t x = 0; x < n_x; ++x) {
    double row = 0.0;
    for (auto& v : p.p_y_given_x.row(x)) row += (v = 0.05 + rng.uniform());
    for (auto& v : p.p_y_given_x.row(x)) v /= row;
  }
  return p;
}

// The binary symmetric channel: X uniform on {0, 1}, Y = X flipped with probability `flip`.
inline IBProblem binary_symmetric(double flip) {
  IBProblem p{{0.5, 0.5}, Matrix<double>(2, 2)};
  p.p_y_given_x(0, 0) = p.p_y_given_x(1, 1) = 1.0 - flip;
  p.p_y_given_x(0, 1) = p.p_y_given_x(1, 0) = flip;
  return p;
}

// The largest |p(t|x) - update(p)(t|x)|: how far an encoder is from satisfying the three
// equations at `beta` (0 for an exact fixed point), the tests' check of the solver.
inline double ib_equation_residual(std::span<const double> p_x, const Matrix<double>& p_y_given_x,
                                   const Matrix<double>& encoder, double beta) {
  const auto updated = ib_encoder_update(p_y_given_x, ib_clusters(p_x, p_y_given_x, encoder), beta);
  double residual = 0.0;
  for (std::size_t i = 0; i < encoder.size(); ++i)
    residual = std::max(residual, std::abs(updated.values()[i] - encoder.values()[i]));
  return residual;
}

}  // namespace infoplane::testing
