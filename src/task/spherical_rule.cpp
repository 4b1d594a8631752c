// The paper's spherically symmetric rule on the icosahedron (see docs/task.md for f).
#include <algorithm>
#include <cmath>
#include <numbers>

#include "infoplane/core/error.hpp"
#include "infoplane/task/icosahedron.hpp"
#include "infoplane/task/rule_calibration.hpp"
#include "infoplane/task/rules.hpp"

namespace infoplane {
namespace {

// Legendre polynomial P_l(t) by the three-term recurrence
// (k+1) P_{k+1} = (2k+1) t P_k - k P_{k-1}.
double legendre(int degree, double t) {
  if (degree == 0) return 1.0;
  double p_prev = 1.0, p = t;
  for (int k = 1; k < degree; ++k) {
    const double next = ((2.0 * k + 1.0) * t * p - k * p_prev) / (k + 1.0);
    p_prev = p;
    p = next;
  }
  return p;
}

}  // namespace

double spherical_power(const std::array<int, kPatternBits>& x, int degree) {
  INFOPLANE_ASSERT(degree >= 0);
  const auto v = icosahedron_vertices();
  double sum = 0.0;
  for (int i = 0; i < kPatternBits; ++i) {
    if (!x[i]) continue;
    for (int j = 0; j < kPatternBits; ++j) {
      if (!x[j]) continue;
      const double c = v[i][0] * v[j][0] + v[i][1] * v[j][1] + v[i][2] * v[j][2];
      sum += legendre(degree, std::clamp(c, -1.0, 1.0));
    }
  }
  return (2.0 * degree + 1.0) / (4.0 * std::numbers::pi) * sum;
}

double spherical_score(const std::array<int, kPatternBits>& x) {
  double f = 0.0;
  for (int l = 0; l <= kSphericalMaxDegree; ++l) f += spherical_power(x, l);
  return f;
}

Task make_spherical_task() {
  Task task = all_patterns_task("spherical");
  std::vector<double> scores(kPatternCount);
  for (int row = 0; row < kPatternCount; ++row) {
    std::array<int, kPatternBits> x{};
    for (int col = 0; col < kPatternBits; ++col) x[col] = pattern_bit(row, col);
    scores[row] = spherical_score(x);
  }
  apply_logistic_rule(task, scores, kTargetInformationBits);
  task.parameters["max_degree"] = kSphericalMaxDegree;
  return task;
}

}  // namespace infoplane
