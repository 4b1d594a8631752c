// DPI violation counting, ensemble mean / standard error, and the estimator factory.
#include "infoplane/info/plane_summary.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "infoplane/core/error.hpp"
#include "infoplane/info/binning.hpp"
#include "info/synthetic_task.hpp"

namespace infoplane {
namespace {

TEST(PlaneSummary, DpiCountsIncreasesBeyondTolerance) {
  const std::vector<double> xt = {12.0, 11.0, 11.5, 11.5 + 1e-12, 3.0};
  const std::vector<double> ty = {0.9, 0.9, 0.8, 0.85, 0.2};
  const DpiReport r = check_dpi(xt, ty, 1e-9);
  EXPECT_EQ(r.xt_violations, std::vector<int>{2});
  EXPECT_EQ(r.ty_violations, std::vector<int>{3});
  EXPECT_EQ(r.count(), 2);
  EXPECT_EQ(check_dpi(xt, ty, 1.0).count(), 0);
}

TEST(PlaneSummary, BinningOfNestedLayersNeverViolatesDpi) {
  // Layer l+1 a function of layer l's bins (coarser copies): binning gives no violation.
  const Task task = testing::twelve_bit_task();
  std::vector<InfoEstimate> layers;
  BinningWorkspace ws;
  for (int units = 12; units >= 1; units -= 3) {
    Matrix<float> layer(task.n_patterns(), static_cast<std::size_t>(units));
    for (std::size_t i = 0; i < layer.rows(); ++i)
      for (int j = 0; j < units; ++j) layer(i, j) = 2.0f * task.inputs(i, j) - 1.0f;
    layers.push_back(binning_estimate(layer, task, {}, ws));
  }
  EXPECT_EQ(check_dpi(layers).count(), 0);
  EXPECT_NEAR(layers.front().i_xt, 12.0, 1e-9);
  EXPECT_NEAR(layers.back().i_xt, 3.0, 1e-9);
}

TEST(PlaneSummary, MeanAndStandardError) {
  const std::vector<double> v = {1.0, 2.0, 3.0, 4.0};
  const MeanSe r = mean_and_se(v);
  EXPECT_DOUBLE_EQ(r.mean, 2.5);
  // sample sd = sqrt(5/3); se = sd / 2
  EXPECT_NEAR(r.se, std::sqrt(5.0 / 3.0) / 2.0, 1e-15);
  EXPECT_EQ(mean_and_se(std::vector<double>{7.0}).se, 0.0);
  EXPECT_THROW(mean_and_se(std::vector<double>{}), Error);
  // shape = [3 networks, 2 points]
  const std::vector<double> series = {1.0, 10.0, 2.0, 20.0, 3.0, 30.0};
  const auto m = ensemble_mean_se(series, 3);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_DOUBLE_EQ(m[0].mean, 2.0);
  EXPECT_DOUBLE_EQ(m[1].mean, 20.0);
  EXPECT_NEAR(m[1].se, 10.0 / std::sqrt(3.0), 1e-12);
  EXPECT_THROW(ensemble_mean_se(series, 4), Error);
}

TEST(PlaneSummary, FactoryKnowsEveryListedName) {
  for (const auto& name : estimator_names()) EXPECT_EQ(make_estimator(name)->name(), name);
  EXPECT_THROW(make_estimator("histogram"), Error);
  EstimatorOptions o;
  o.range = "auto";
  EXPECT_THROW(make_estimator("binning", o), Error);
}

}  // namespace
}  // namespace infoplane
