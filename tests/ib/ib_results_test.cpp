// Conversions to the run results and the ensemble summary of beta*.
#include "infoplane/ib/ib_results.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "infoplane/core/error.hpp"

namespace infoplane {
namespace {

TEST(IBResults, CurveRoundTripsThroughTheSeries) {
  IBCurve curve;
  for (int k = 0; k < 3; ++k) {
    IBCurvePoint p;
    p.beta = 1.0 + k, p.i_xt = 0.5 * k, p.i_ty = 0.1 * k;
    curve.points.push_back(p);
  }
  const auto series = to_ib_curve_series(curve);
  ASSERT_EQ(series.beta.size(), 3u);
  EXPECT_EQ(series.i_xt[2], 1.0);
  const auto back = from_ib_curve_series(series);
  ASSERT_EQ(back.points.size(), 3u);
  EXPECT_EQ(back.points[1].beta, 2.0);
  EXPECT_EQ(back.points[2].i_ty, curve.points[2].i_ty);
  IBCurveSeries bad = series;
  bad.i_ty.pop_back();
  EXPECT_THROW(from_ib_curve_series(bad), Error);
}

TEST(IBResults, SummaryIsTheMeanAndStandardErrorOverNetworks) {
  // 3 networks x 1 epoch x 2 layers; beta* 10, 100, 1000 on layer 0 (log10: 1, 2, 3).
  std::vector<LayerBeta> values(6);
  const double betas[3] = {10.0, 100.0, 1000.0};
  for (int net = 0; net < 3; ++net) {
    values[net * 2 + 0].beta_star = betas[net];
    values[net * 2 + 0].kl_bits = 0.1 * (net + 1);
    values[net * 2 + 1].beta_star = 5.0;
    values[net * 2 + 1].kl_bits = 0.0;
  }
  const auto series = make_layer_beta_series({7}, 3, 2, values);
  EXPECT_EQ(series.beta_star[2], 100.0);
  const auto s = summarize_layer_beta(series, 3, 2);
  EXPECT_NEAR(s.mean_log10_beta[0], 2.0, 1e-12);
  EXPECT_NEAR(s.se_log10_beta[0], 1.0 / std::sqrt(3.0), 1e-12);  // sample std 1
  EXPECT_NEAR(s.mean_log10_beta[1], std::log10(5.0), 1e-12);
  EXPECT_NEAR(s.se_log10_beta[1], 0.0, 1e-12);
  EXPECT_NEAR(s.mean_kl[0], 0.2, 1e-12);
  EXPECT_NEAR(s.se_kl[0], 0.1 / std::sqrt(3.0), 1e-12);
}

TEST(IBResults, OneNetworkHasNoStandardError) {
  std::vector<LayerBeta> values(1);
  values[0].beta_star = 3.0;
  const auto s = summarize_layer_beta(make_layer_beta_series({0}, 1, 1, values), 1, 1);
  EXPECT_TRUE(std::isnan(s.se_log10_beta[0]));
}

TEST(IBResults, WrongShapesAreRejected) {
  std::vector<LayerBeta> values(5);
  EXPECT_THROW(make_layer_beta_series({0, 1}, 1, 3, values), Error);
  EXPECT_THROW(make_layer_beta_series({0}, 0, 5, values), Error);
}

}  // namespace
}  // namespace infoplane
