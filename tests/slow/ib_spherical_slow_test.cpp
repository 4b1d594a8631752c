// The spherical task's full IB curve (60 betas in [0.1, 1000]) on its 4096 patterns equals the
// curve on its 64 classes. A few seconds (2.6 s for the 4096-pattern curve on the 2-core
// development machine), kept out of the default suite with the other long scientific runs.
#include <gtest/gtest.h>

#include "infoplane/ib/ib_curve.hpp"
#include "infoplane/ib/ib_problem.hpp"
#include "infoplane/task/make_task.hpp"

namespace infoplane {
namespace {

TEST(IBSphericalSlow, FullCurveOnPatternsEqualsTheCurveOnClasses) {
  const Task task = make_task("spherical");
  const IBCurveOptions opt;  // the defaults `infoplane ib` uses
  const auto a = compute_ib_curve(ib_problem_from_task(task, true), opt);
  const auto b = compute_ib_curve(ib_problem_from_task(task, false), opt);
  ASSERT_EQ(a.points.size(), b.points.size());
  for (std::size_t k = 0; k < a.points.size(); ++k) {
    EXPECT_TRUE(b.points[k].converged) << k;
    EXPECT_EQ(a.points[k].n_clusters, b.points[k].n_clusters) << k;
    EXPECT_NEAR(a.points[k].i_xt, b.points[k].i_xt, 1e-7) << k;
    EXPECT_NEAR(a.points[k].i_ty, b.points[k].i_ty, 1e-7) << k;
  }
}

}  // namespace
}  // namespace infoplane
