// The mean |cosine| between a layer's in-weight vectors against cases with known values.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "infoplane/core/rng.hpp"
#include "infoplane/nn/weight_geometry.hpp"

namespace infoplane {
namespace {

TEST(WeightGeometry, OrthogonalParallelAndOppositeRows) {
  const std::vector<float> orthogonal{1, 0, 0, 0, 2, 0, 0, 0, -3};  // 3 x 3, diagonal
  EXPECT_DOUBLE_EQ(mean_abs_neuron_cosine(orthogonal, 3, 3), 0.0);
  const std::vector<float> parallel{1, 2, 2, 4, -1, -2};  // rows (1,2), (2,4), (-1,-2)
  EXPECT_NEAR(mean_abs_neuron_cosine(parallel, 3, 2), 1.0, 1e-12);
  // Rows (1,0) and (1,1): cos = 1/sqrt(2); with (0,1): 0 and 1/sqrt(2): mean sqrt(2)/3.
  const std::vector<float> mixed{1, 0, 1, 1, 0, 1};
  EXPECT_NEAR(mean_abs_neuron_cosine(mixed, 3, 2), std::sqrt(2.0) / 3.0, 1e-12);
  EXPECT_DOUBLE_EQ(mean_abs_neuron_cosine(std::vector<float>{1, 2, 3}, 1, 3), 0.0);  // one neuron
  EXPECT_DOUBLE_EQ(mean_abs_neuron_cosine(std::vector<float>{0, 0, 1, 1}, 2, 2), 0.0);  // a zero row
}

// For independent Gaussian vectors in d dimensions, E|cos| = Gamma(d/2) / (sqrt(pi) Gamma((d+1)/2)),
// about sqrt(2 / (pi d)).
TEST(WeightGeometry, RandomRowsGiveTheExpectedCosine) {
  Rng rng(3);
  const int n_out = 200, d = 12;
  std::vector<float> w(static_cast<std::size_t>(n_out * d));
  for (auto& x : w) x = static_cast<float>(rng.normal());
  const double expected = std::exp(std::lgamma(d / 2.0) - std::lgamma((d + 1) / 2.0)) / std::sqrt(std::numbers::pi);
  EXPECT_NEAR(mean_abs_neuron_cosine(w, n_out, d), expected, 0.01);  // 19,900 pairs
}

TEST(WeightGeometry, EveryLayerOfANetwork) {
  NetworkSpec spec;
  spec.widths = {2, 2, 1};
  // W_0 rows (1,0), (0,1); b_0; W_1 one row; b_1.
  const std::vector<float> params{1, 0, 0, 1, 5, 5, 3, 4, 7};
  EXPECT_EQ(in_weight_cosines(spec, params), (std::vector<double>{0.0, 0.0}));
}

}  // namespace
}  // namespace infoplane
