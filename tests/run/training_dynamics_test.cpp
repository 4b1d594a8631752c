// Weight-norm growth and the spread over layers of log10 SNR, against hand-computed values.
#include "infoplane/run/training_dynamics.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "infoplane/results/series_index.hpp"

namespace infoplane {
namespace {

TEST(TrainingDynamics, GrowthFactorsAndSnrSpread) {
  RunResults r;
  r.n_networks = 2;
  r.n_epochs = 20;
  r.layer_widths = {4, 2};
  const std::size_t n = 2 * 20 * 2;
  r.gradients.mean_norm.assign(n, 0.0);
  r.gradients.std_norm.assign(n, 1.0);
  r.gradients.weight_norm.assign(n, 1.0);
  for (int net = 0; net < 2; ++net)
    for (int e = 1; e <= 20; ++e) {
      const std::size_t l0 = series_index(net, e - 1, 0, 20, 2), l1 = series_index(net, e - 1, 1, 20, 2);
      // Layer 0's norm grows linearly from 1 to 3 (network 0) or 5 (network 1); layer 1's stays.
      r.gradients.weight_norm[l0] = 1.0 + (net == 0 ? 2.0 : 4.0) * (e - 1) / 19.0;
      // SNR: layer 0 = 100 throughout; layer 1 = 10^(2 + 2 (20 - e) / 19): 10^4 at epoch 1, 100 at 20.
      r.gradients.mean_norm[l0] = 100.0;
      r.gradients.mean_norm[l1] = std::pow(10.0, 2.0 + 2.0 * (20 - e) / 19.0);
    }
  const TrainingDynamics d = training_dynamics(r);
  ASSERT_EQ(d.weight_growth.size(), 2u);
  EXPECT_NEAR(d.weight_growth[0].mean, 4.0, 1e-12);  // factors 3 and 5
  EXPECT_NEAR(d.weight_growth[0].se, 1.0, 1e-12);
  EXPECT_NEAR(d.weight_growth[1].mean, 1.0, 1e-12);
  ASSERT_EQ(d.log10_snr_spread.size(), 20u);
  EXPECT_NEAR(d.log10_snr_spread[0], 1.0, 1e-12);     // log10 SNR 2 and 4: std over layers 1
  EXPECT_NEAR(d.log10_snr_spread[19], 0.0, 1e-12);    // both 2
  // First and last 10% (2 epochs each): (1 + 18/19) / 2 and (1/19 + 0) / 2.
  EXPECT_NEAR(d.spread_early, (1.0 + 18.0 / 19.0) / 2.0, 1e-12);
  EXPECT_NEAR(d.spread_late, (1.0 / 19.0) / 2.0, 1e-12);
  EXPECT_TRUE(training_dynamics(RunResults{}).weight_growth.empty());  // no gradients
}

}  // namespace
}  // namespace infoplane
