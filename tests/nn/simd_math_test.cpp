// The vectorised tanh, exp and sigmoid against double-precision libm over dense grids.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "infoplane/nn/simd_math.hpp"

namespace infoplane {
namespace {

// Max relative error of f8 against ref over [lo, hi] (n points, plus their negatives).
template <class F8, class Ref>
double max_relative_error(F8 f8, Ref ref, double lo, double hi, int n) {
  double worst = 0.0;
  alignas(32) float in[8], out[8];
  for (int k = 0; k < n; k += 8) {
    for (int l = 0; l < 8; ++l) in[l] = static_cast<float>(lo + (hi - lo) * (k + l) / (n - 1));
    _mm256_store_ps(out, f8(_mm256_load_ps(in)));
    for (int l = 0; l < 8; ++l) {
      const double expected = ref(static_cast<double>(in[l]));
      if (expected == 0.0) continue;
      worst = std::max(worst, std::abs(out[l] - expected) / std::abs(expected));
    }
  }
  return worst;
}

TEST(SimdMath, TanhMatchesStdTanhToAFewUlp) {
  auto f = [](__m256 x) { return simd::tanh8(x); };
  auto ref = [](double x) { return std::tanh(x); };
  // Float epsilon is 1.19e-7 (one step just below 1 is 6e-8). The rational's own error is
  // 2.2e-8; scripts/fit-tanh-rational.py predicts 3.6e-7 for its float evaluation (without FMA).
  EXPECT_LT(max_relative_error(f, ref, -12.0, 12.0, 400000), 4e-7);
  EXPECT_LT(max_relative_error(f, ref, -1.0, 1.0, 200000), 2.5e-7);
  EXPECT_LT(max_relative_error(f, ref, 1e-6, 1e-3, 8000), 2.5e-7);  // tiny arguments
}

TEST(SimdMath, TanhKeepsSignSaturatesAndPropagatesNan) {
  alignas(32) float in[8] = {0.0f, -0.0f, 100.0f, -100.0f, std::numeric_limits<float>::infinity(),
                             -std::numeric_limits<float>::infinity(), std::numeric_limits<float>::quiet_NaN(), 1e-30f};
  alignas(32) float out[8];
  _mm256_store_ps(out, simd::tanh8(_mm256_load_ps(in)));
  EXPECT_EQ(out[0], 0.0f);
  EXPECT_TRUE(std::signbit(out[1]));
  // Saturated: within one float step of +-1, never beyond.
  EXPECT_NEAR(out[2], 1.0f, 6e-8f);
  EXPECT_NEAR(out[3], -1.0f, 6e-8f);
  EXPECT_NEAR(out[4], 1.0f, 6e-8f);
  EXPECT_NEAR(out[5], -1.0f, 6e-8f);
  for (int k = 2; k < 6; ++k) EXPECT_LE(std::abs(out[k]), 1.0f);
  EXPECT_TRUE(std::isnan(out[6]));
  EXPECT_EQ(out[7], 1e-30f);
}

TEST(SimdMath, ExpAndSigmoidMatchLibm) {
  auto e = [](__m256 x) { return simd::exp8(x); };
  EXPECT_LT(max_relative_error(e, [](double x) { return std::exp(x); }, -80.0, 80.0, 200000), 3e-7);
  auto s = [](__m256 x) { return simd::sigmoid8(x); };
  EXPECT_LT(max_relative_error(s, [](double x) { return 1.0 / (1.0 + std::exp(-x)); }, -80.0, 80.0, 200000), 3e-7);
}

TEST(SimdMath, HorizontalSumAddsAllLanes) {
  const __m256 v = _mm256_setr_ps(1, 2, 3, 4, 5, 6, 7, 8);
  EXPECT_EQ(simd::hsum8(v), 36.0f);
}

}  // namespace
}  // namespace infoplane
