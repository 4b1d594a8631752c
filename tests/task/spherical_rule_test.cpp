// The spherical rule: symmetry, the 64 classes, and the power spectrum against closed forms.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <map>
#include <numbers>
#include <set>
#include <tuple>
#include <vector>

#include "infoplane/task/icosahedron.hpp"
#include "task/icosahedron_rotations.hpp"
#include "infoplane/task/rules.hpp"

namespace infoplane {
namespace {

using Pattern = std::array<int, kPatternBits>;

Pattern pattern_of(int row) {
  Pattern x{};
  for (int c = 0; c < kPatternBits; ++c) x[c] = pattern_bit(row, c);
  return x;
}

int row_of(const Pattern& x) {
  int row = 0;
  for (int c = 0; c < kPatternBits; ++c) row = (row << 1) | x[c];
  return row;
}

double dot(const std::array<double, 3>& a, const std::array<double, 3>& b) {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

std::vector<double> all_scores() {
  std::vector<double> f(kPatternCount);
  for (int row = 0; row < kPatternCount; ++row) f[row] = spherical_score(pattern_of(row));
  return f;
}

bool close(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(a)); }

TEST(Icosahedron, VerticesAreUnitAndHaveTheFourDistances) {
  const auto v = icosahedron_vertices();
  const double s = 1.0 / std::sqrt(5.0);
  for (int i = 0; i < 12; ++i) {
    EXPECT_NEAR(dot(v[i], v[i]), 1.0, 1e-12);
    std::map<long, int> counts;  // dot product (rounded) -> how many vertices
    for (int j = 0; j < 12; ++j) counts[std::lround(dot(v[i], v[j]) * 1e6)]++;
    EXPECT_EQ(counts[std::lround(1e6)], 1);
    EXPECT_EQ(counts[std::lround(s * 1e6)], 5);
    EXPECT_EQ(counts[std::lround(-s * 1e6)], 5);
    EXPECT_EQ(counts[std::lround(-1e6)], 1);
  }
}

TEST(Icosahedron, RotationGroupHasSixtyProperSymmetries) {
  const auto v = icosahedron_vertices();
  const auto group = testing::icosahedron_rotations();
  ASSERT_EQ(group.size(), 60u);
  EXPECT_EQ(std::set<testing::VertexPermutation>(group.begin(), group.end()).size(), 60u);
  auto det3 = [](const std::array<double, 3>& a, const std::array<double, 3>& b,
                 const std::array<double, 3>& c) {
    return a[0] * (b[1] * c[2] - b[2] * c[1]) - a[1] * (b[0] * c[2] - b[2] * c[0]) +
           a[2] * (b[0] * c[1] - b[1] * c[0]);
  };
  const double det0 = det3(v[0], v[1], v[2]);
  ASSERT_GT(std::abs(det0), 0.1);  // vertices 0, 1, 2 span space
  for (const auto& p : group) {
    // A symmetry keeps every dot product; a rotation (not a reflection) keeps orientation.
    for (int i = 0; i < 12; ++i) {
      for (int j = 0; j < 12; ++j) EXPECT_NEAR(dot(v[p[i]], v[p[j]]), dot(v[i], v[j]), 1e-12);
    }
    EXPECT_NEAR(det3(v[p[0]], v[p[1]], v[p[2]]) / det0, 1.0, 1e-9);
  }
}

TEST(SphericalRule, ScoreIsInvariantUnderEveryRotation) {
  const auto f = all_scores();
  for (const auto& p : testing::icosahedron_rotations()) {
    for (int row = 0; row < kPatternCount; ++row) {
      const Pattern x = pattern_of(row);
      Pattern y{};
      for (int i = 0; i < 12; ++i) y[p[i]] = x[i];  // the pattern carried by the rotation
      ASSERT_TRUE(close(f[row_of(y)], f[row])) << "row " << row;
    }
  }
}

TEST(SphericalRule, ScoreIsNotInvariantUnderANonSymmetry) {
  // Swapping two neighbouring vertices is no symmetry: some pattern must change its score,
  // so the invariance test above can fail.
  const auto f = all_scores();
  int changed = 0;
  for (int row = 0; row < kPatternCount; ++row) {
    Pattern x = pattern_of(row);
    const auto v = icosahedron_vertices();
    int nbr = -1;
    for (int j = 1; j < 12; ++j) {
      if (std::abs(dot(v[0], v[j]) - 1.0 / std::sqrt(5.0)) < 1e-9) nbr = j;
    }
    std::swap(x[0], x[nbr]);
    changed += !close(f[row_of(x)], f[row]);
  }
  EXPECT_GT(changed, 0);
}

// The pair counts (ones, on-pairs at each of the three distances) that any rotation-invariant
// quadratic form of x depends on.
std::tuple<int, int, int, int> pair_counts(const Pattern& x) {
  const auto v = icosahedron_vertices();
  int ones = 0, near = 0, far = 0, opposite = 0;
  for (int i = 0; i < 12; ++i) {
    ones += x[i];
    for (int j = i + 1; j < 12; ++j) {
      if (!x[i] || !x[j]) continue;
      const double c = dot(v[i], v[j]);
      if (c > 0.0) ++near;
      else if (c > -0.99) ++far;
      else ++opposite;
    }
  }
  return {ones, near, far, opposite};
}

TEST(SphericalRule, SixtyFourClassesOfEqualScoreMatchThePairCounts) {
  const auto f = all_scores();
  std::map<std::tuple<int, int, int, int>, double> score_of_counts;
  for (int row = 0; row < kPatternCount; ++row) {
    const auto key = pair_counts(pattern_of(row));
    auto [it, inserted] = score_of_counts.emplace(key, f[row]);
    if (!inserted) {
      ASSERT_TRUE(close(it->second, f[row])) << "row " << row;
    }
  }
  EXPECT_EQ(score_of_counts.size(), 64u);
  // Distinct pair counts give distinct scores (well apart, relative gap > 1e-4).
  std::vector<double> scores;
  for (const auto& [key, s] : score_of_counts) scores.push_back(s);
  std::sort(scores.begin(), scores.end());
  for (std::size_t i = 1; i < scores.size(); ++i) {
    EXPECT_GT(scores[i] - scores[i - 1], 1e-4 * std::max(1.0, scores[i]));
  }
  // The task groups the patterns the same way.
  const Task task = make_spherical_task();
  std::map<int, std::tuple<int, int, int, int>> counts_of_class;
  for (int row = 0; row < kPatternCount; ++row) {
    const auto key = pair_counts(pattern_of(row));
    auto [it, inserted] = counts_of_class.emplace(task.pattern_class[row], key);
    if (!inserted) {
      EXPECT_EQ(it->second, key) << "row " << row;
    }
  }
  EXPECT_EQ(counts_of_class.size(), 64u);
}

TEST(SphericalRule, RotationOrbitsFollowBurnside) {
  // Burnside with the cycle types of the 60 rotations on the vertices: identity 2^12,
  // 15 half-turns 2^6, 20 third-turns 2^4, 24 fifth-turns 2^4 -> 5760 / 60 = 96 orbits.
  // The 64 classes of f are unions of these orbits.
  const auto group = testing::icosahedron_rotations();
  std::vector<int> orbit(kPatternCount, -1);
  int n_orbits = 0;
  for (int row = 0; row < kPatternCount; ++row) {
    if (orbit[row] >= 0) continue;
    for (const auto& p : group) {
      const Pattern x = pattern_of(row);
      Pattern y{};
      for (int i = 0; i < 12; ++i) y[p[i]] = x[i];
      orbit[row_of(y)] = n_orbits;
    }
    ++n_orbits;
  }
  EXPECT_EQ(n_orbits, 96);
}

TEST(SphericalRule, PowerSpectrumMatchesClosedFormsAtDegreesZeroToTwo) {
  // E_0 = k^2 / (4 pi); E_1 = 3/(4 pi) |sum_i x_i n_i|^2;
  // E_2 = 5/(4 pi) (3 |sum_i x_i n_i n_i^T|_F^2 - k^2) / 2, from P_1(t) = t, P_2 = (3t^2-1)/2.
  const auto v = icosahedron_vertices();
  const double four_pi = 4.0 * std::numbers::pi;
  for (int row = 0; row < kPatternCount; row += 7) {
    const Pattern x = pattern_of(row);
    double k = 0.0;
    std::array<double, 3> m{};
    std::array<std::array<double, 3>, 3> t{};
    for (int i = 0; i < 12; ++i) {
      if (!x[i]) continue;
      k += 1.0;
      for (int a = 0; a < 3; ++a) {
        m[a] += v[i][a];
        for (int b = 0; b < 3; ++b) t[a][b] += v[i][a] * v[i][b];
      }
    }
    double t_norm2 = 0.0;
    for (int a = 0; a < 3; ++a) {
      for (int b = 0; b < 3; ++b) t_norm2 += t[a][b] * t[a][b];
    }
    EXPECT_NEAR(spherical_power(x, 0), k * k / four_pi, 1e-12);
    EXPECT_NEAR(spherical_power(x, 1), 3.0 / four_pi * dot(m, m), 1e-12);
    EXPECT_NEAR(spherical_power(x, 2), 5.0 / four_pi * (3.0 * t_norm2 - k * k) / 2.0, 1e-12);
  }
}

TEST(SphericalRule, PowerIsNonNegativeAndVanishesForTheFullPatternAboveDegreeZero) {
  // The icosahedron is a spherical 5-design: the all-ones pattern has no power at l = 1..5.
  Pattern ones{};
  ones.fill(1);
  for (int l = 1; l <= 5; ++l) EXPECT_NEAR(spherical_power(ones, l), 0.0, 1e-12) << l;
  for (int row = 0; row < kPatternCount; row += 3) {
    for (int l = 0; l <= 6; ++l) EXPECT_GE(spherical_power(pattern_of(row), l), -1e-12);
  }
}

}  // namespace
}  // namespace infoplane
