// Ground truth on the paper's task (make_task("spherical")): an injective layer gives
// I(X;T) = H(X) = 12 bits and I(T;Y) = I(X;Y); a layer that outputs the 64-class invariant
// gives I(T;Y) = I(X;Y) and I(X;T) = H(class); a constant layer gives 0 and 0. I(X;Y) and
// H(class) come from the task module's own exact computations, not from the estimator.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "infoplane/info/binning.hpp"
#include "infoplane/info/kde.hpp"
#include "infoplane/task/make_task.hpp"
#include "infoplane/task/task_information.hpp"

namespace infoplane {
namespace {

const Task& spherical() {
  static const Task task = make_task("spherical");
  return task;
}

TEST(SphericalGroundTruth, InjectiveLayer) {
  const Task& task = spherical();
  ASSERT_EQ(task.n_patterns(), 4096u);
  Matrix<float> layer(task.n_patterns(), task.n_inputs());
  for (std::size_t i = 0; i < layer.rows(); ++i)
    for (std::size_t j = 0; j < layer.cols(); ++j) layer(i, j) = 2.0f * task.inputs(i, j) - 1.0f;
  BinningWorkspace ws;
  const InfoEstimate e = binning_estimate(layer, task, {}, ws);
  EXPECT_NEAR(e.i_xt, h_x_bits(task), 1e-9);
  EXPECT_NEAR(e.i_xt, 12.0, 1e-9);
  EXPECT_NEAR(e.i_ty, mutual_information_xy_bits(task), 1e-9);
  // KDE with well-separated corners (distance >= 2, sigma2 = 1e-3): both bounds = H(X).
  const KdeBounds b = kde_bounds(layer, task, 1e-3, 2);
  EXPECT_NEAR(b.i_xt_lower, 12.0, 1e-9);
  EXPECT_NEAR(b.i_xt_upper, 12.0, 1e-9);
  EXPECT_NEAR(b.i_ty_lower, mutual_information_xy_bits(task), 1e-9);
}

TEST(SphericalGroundTruth, ClassInvariantLayerKeepsIxy) {
  const Task& task = spherical();
  ASSERT_EQ(task.pattern_class.size(), task.n_patterns());
  ASSERT_EQ(count_classes(task), 64u);
  // T = the class id written in 6 binary units (+-0.5): a function of the invariant only.
  Matrix<float> layer(task.n_patterns(), 6);
  std::map<int, double> class_mass;
  for (std::size_t i = 0; i < layer.rows(); ++i) {
    const int c = task.pattern_class[i];
    for (int b = 0; b < 6; ++b) layer(i, b) = ((c >> b) & 1) ? 0.5f : -0.5f;
    class_mass[c] += task.p_x[i];
  }
  std::vector<double> mass;
  for (const auto& [c, m] : class_mass) mass.push_back(m);
  BinningWorkspace ws;
  const InfoEstimate e = binning_estimate(layer, task, {}, ws);
  EXPECT_NEAR(e.i_ty, mutual_information_xy_bits(task), 1e-9);
  EXPECT_NEAR(e.i_xt, entropy_bits(mass), 1e-9);
  EXPECT_EQ(e.n_symbols, 64);
}

TEST(SphericalGroundTruth, ConstantLayer) {
  const Task& task = spherical();
  BinningWorkspace ws;
  const InfoEstimate e = binning_estimate(Matrix<float>(task.n_patterns(), 3, 0.2f), task, {}, ws);
  EXPECT_NEAR(e.i_xt, 0.0, 1e-12);
  EXPECT_NEAR(e.i_ty, 0.0, 1e-12);
}

}  // namespace
}  // namespace infoplane
