// Grouping scores, choosing theta, and solving for gamma on small hand-made rules.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "infoplane/core/error.hpp"
#include "infoplane/task/rule_calibration.hpp"
#include "infoplane/task/task_information.hpp"

namespace infoplane {
namespace {

TEST(GroupScores, MergesWithinRelativeToleranceOnly) {
  const std::vector<double> s = {3.0, 1.0, 1.0 + 1e-12, 2.0, 1.0 + 1e-6};
  const std::vector<double> p(5, 0.2);
  const ScoreClasses c = group_scores(s, p);
  ASSERT_EQ(c.class_score.size(), 4u);  // {1, 1+1e-12}, {1+1e-6}, {2}, {3}
  EXPECT_EQ(c.class_of, (std::vector<int>{3, 0, 0, 2, 1}));
  EXPECT_NEAR(c.class_mass[0], 0.4, 1e-15);
}

TEST(ChooseThreshold, PicksTheGapNearestHalf) {
  // Masses 0.1, 0.3, 0.25, 0.35 at scores 0, 1, 2, 3: mass above the gaps 0.9, 0.6, 0.35;
  // 0.6 is nearest 1/2.
  ScoreClasses c;
  c.class_score = {0.0, 1.0, 2.0, 3.0};
  c.class_mass = {0.1, 0.3, 0.25, 0.35};
  const Threshold t = choose_threshold(c);
  EXPECT_DOUBLE_EQ(t.theta, 1.5);
  EXPECT_EQ(t.first_above, 2);
  EXPECT_NEAR(t.p_above, 0.6, 1e-15);
  // Masses 0.05, 0.05, 0.42, 0.48: above 0.95, 0.9, 0.48; the last gap wins.
  c.class_mass = {0.05, 0.05, 0.42, 0.48};
  const Threshold last = choose_threshold(c);
  EXPECT_DOUBLE_EQ(last.theta, 2.5);
  EXPECT_EQ(last.first_above, 3);
  EXPECT_NEAR(last.p_above, 0.48, 1e-15);
  ScoreClasses one;
  one.class_score = {1.0};
  one.class_mass = {1.0};
  EXPECT_THROW(choose_threshold(one), Error);
}

TEST(SolveGain, MatchesTheClosedFormOfASymmetricTwoClassRule) {
  // Two classes of mass 1/2 at f = -1, +1, theta = 0: p(y=1) = 1/2, so
  // I = 1 - h(sigmoid(gamma)); for I = 0.9, sigmoid(gamma) = q with h(q) = 0.1.
  ScoreClasses c;
  c.class_score = {-1.0, 1.0};
  c.class_mass = {0.5, 0.5};
  const double gamma = solve_gain(c, 0.0, 0.9, "test");
  // q by bisection on h here, independently.
  double lo = 0.5, hi = 1.0;
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (binary_entropy_bits(mid) > 0.1 ? lo : hi) = mid;
  }
  EXPECT_NEAR(gamma, std::log(lo / (1.0 - lo)), 1e-6);
  EXPECT_NEAR(logistic_rule_information_bits(c, 0.0, gamma), 0.9, 1e-9);
}

TEST(SolveGain, RejectsUnreachableTargets) {
  ScoreClasses c;
  c.class_score = {0.0, 1.0};
  c.class_mass = {0.9, 0.1};  // hard rule: H(Y) = h(0.1) = 0.469 bits
  try {
    solve_gain(c, 0.5, 0.99, "lopsided");
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("lopsided"), std::string::npos);
  }
  EXPECT_NO_THROW(solve_gain(c, 0.5, 0.4, "lopsided"));
}

}  // namespace
}  // namespace infoplane
