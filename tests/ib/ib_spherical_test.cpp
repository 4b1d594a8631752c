// The IB curve of the paper's spherical task: its 64 classes against its 4096 patterns (a short
// sweep here; the full sweep is in tests/slow/ib_spherical_slow_test.cpp), and the invariants.
#include <gtest/gtest.h>

#include "ib/ib_test_support.hpp"

#include "infoplane/ib/ib_curve.hpp"
#include "infoplane/ib/ib_equations.hpp"
#include "infoplane/ib/ib_problem.hpp"
#include "infoplane/task/make_task.hpp"

namespace infoplane {
namespace {

TEST(IBSpherical, ClassesAreASufficientStatistic) {
  const Task task = make_task("spherical");
  ASSERT_EQ(task.pattern_class.size(), task.n_patterns());
  const auto classes = ib_problem_from_task(task, true);
  const auto patterns = ib_problem_from_task(task, false);
  EXPECT_EQ(classes.n_x(), 64u);
  EXPECT_EQ(patterns.n_x(), 4096u);
  EXPECT_NEAR(mutual_information_xy_bits(classes.p_x, classes.p_y_given_x),
              mutual_information_xy_bits(patterns.p_x, patterns.p_y_given_x), 1e-12);
  EXPECT_EQ(count_distinct_rows(classes.p_x, classes.p_y_given_x),
            count_distinct_rows(patterns.p_x, patterns.p_y_given_x));
}

TEST(IBSpherical, ClassesAndPatternsGiveTheSameCurveOnAShortSweep) {
  const Task task = make_task("spherical");
  IBCurveOptions opt;
  opt.beta_min = 0.5, opt.beta_max = 20.0, opt.n_betas = 6;
  const auto a = compute_ib_curve(ib_problem_from_task(task, true), opt);
  const auto b = compute_ib_curve(ib_problem_from_task(task, false), opt);
  ASSERT_EQ(a.points.size(), b.points.size());
  for (std::size_t k = 0; k < a.points.size(); ++k) {
    EXPECT_EQ(a.points[k].n_clusters, b.points[k].n_clusters) << k;
    EXPECT_NEAR(a.points[k].i_xt, b.points[k].i_xt, 1e-8) << k;
    EXPECT_NEAR(a.points[k].i_ty, b.points[k].i_ty, 1e-8) << k;
  }
  EXPECT_GT(a.points.back().i_xt, 0.1);  // the sweep crosses the first transition
}

TEST(IBSpherical, CurveOnTheClassesKeepsTheInvariants) {
  const Task task = make_task("spherical");
  const auto problem = ib_problem_from_task(task, true);
  IBCurveOptions opt;
  opt.n_betas = 40, opt.keep_encoders = true;
  const auto curve = compute_ib_curve(problem, opt);
  EXPECT_LT(curve.points.front().i_xt, 1e-9);
  for (std::size_t k = 0; k < curve.points.size(); ++k) {
    const auto& p = curve.points[k];
    EXPECT_TRUE(p.converged) << p.beta;
    EXPECT_LE(p.i_ty, curve.i_xy + 1e-12);
    EXPECT_LE(p.i_ty, p.i_xt + 1e-12);
    EXPECT_LT(testing::ib_equation_residual(problem.p_x, problem.p_y_given_x, p.encoder, p.beta), 1e-8);
    if (k == 0) continue;
    const auto& q = curve.points[k - 1];
    EXPECT_GE(p.i_xt, q.i_xt - 1e-9);
    EXPECT_GE(p.i_ty, q.i_ty - 1e-9);
    // Optimality of both points: 1/beta_k <= chord slope <= 1/beta_{k-1}.
    EXPECT_LE(q.beta * (p.i_ty - q.i_ty), p.i_xt - q.i_xt + 1e-8) << p.beta;
    EXPECT_GE(p.beta * (p.i_ty - q.i_ty), p.i_xt - q.i_xt - 1e-8) << p.beta;
  }
  EXPECT_GT(curve.points.back().i_ty, 0.98 * curve.i_xy);
}

}  // namespace
}  // namespace infoplane
