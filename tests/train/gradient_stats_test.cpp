// The per-epoch gradient statistics against a two-pass reference in long double: per weight
// the mean over batches, then the population variance as the mean squared deviation from it.
#include "infoplane/train/gradient_stats.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

namespace infoplane {
namespace {

NetworkSpec small_spec() {
  NetworkSpec spec;
  spec.widths = {13, 7, 3};  // 91 and 21 weights: neither a multiple of the eight lanes
  return spec;
}

// grads[b] is the full gradient of batch b (weights and biases, as the parameters are laid out).
std::vector<LayerGradientStats> two_pass(const NetworkSpec& spec, const std::vector<std::vector<float>>& grads,
                                         const std::vector<float>& params) {
  std::vector<LayerGradientStats> out;
  const long double B = static_cast<long double>(grads.size());
  for (int l = 0; l < spec.n_weight_layers(); ++l) {
    long double mean2 = 0, var = 0, w2 = 0;
    for (std::size_t e = 0; e < spec.n_weights(l); ++e) {
      const std::size_t i = spec.weight_offset(l) + e;
      long double mean = 0;
      for (const auto& g : grads) mean += g[i];
      mean /= B;
      long double dev2 = 0;
      for (const auto& g : grads) dev2 += (g[i] - mean) * (g[i] - mean);
      mean2 += mean * mean;
      var += dev2 / B;
      w2 += static_cast<long double>(params[i]) * params[i];
    }
    out.push_back({static_cast<double>(std::sqrt(mean2)), static_cast<double>(std::sqrt(var)),
                   static_cast<double>(std::sqrt(w2))});
  }
  return out;
}

// Batch gradients offset + scale * N(0, 1), fixed seed.
std::vector<std::vector<float>> gradients(const NetworkSpec& spec, int batches, float offset, float scale) {
  std::mt19937_64 gen(42);
  std::normal_distribution<float> normal;
  std::vector<std::vector<float>> grads(static_cast<std::size_t>(batches), std::vector<float>(spec.n_params()));
  for (auto& g : grads) {
    for (float& v : g) v = offset + scale * normal(gen);
  }
  return grads;
}

std::vector<LayerGradientStats> accumulate(GradientStatsAccumulator& acc, const std::vector<std::vector<float>>& grads,
                                           const std::vector<float>& params) {
  acc.reset();
  for (const auto& g : grads) acc.add(g.data());
  return acc.finish(params.data());
}

void expect_close(const std::vector<LayerGradientStats>& got, const std::vector<LayerGradientStats>& want, double rel) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t l = 0; l < got.size(); ++l) {
    EXPECT_NEAR(got[l].mean_norm, want[l].mean_norm, rel * want[l].mean_norm) << "layer " << l;
    EXPECT_NEAR(got[l].std_norm, want[l].std_norm, rel * want[l].std_norm) << "layer " << l;
    EXPECT_NEAR(got[l].weight_norm, want[l].weight_norm, rel * want[l].weight_norm) << "layer " << l;
  }
}

TEST(GradientStats, MatchesTwoPassReferenceOnNoiseDominatedGradients) {
  const NetworkSpec spec = small_spec();
  const auto grads = gradients(spec, 9, 0.05f, 1.0f);
  const auto params = gradients(spec, 1, 0.0f, 0.3f)[0];
  GradientStatsAccumulator acc(spec);
  expect_close(accumulate(acc, grads, params), two_pass(spec, grads, params), 1e-12);
}

// The drift phase: mean 1, spread 1e-3 across batches. The one-pass variance subtracts two
// squared norms that agree to six digits; double keeps the spread to about 1e-10 relative.
TEST(GradientStats, KeepsTheSpreadWhenTheMeanDominates) {
  const NetworkSpec spec = small_spec();
  const auto grads = gradients(spec, 50, 1.0f, 1e-3f);
  const auto params = gradients(spec, 1, 0.0f, 0.3f)[0];
  GradientStatsAccumulator acc(spec);
  const auto got = accumulate(acc, grads, params);
  const auto want = two_pass(spec, grads, params);
  expect_close(got, want, 1e-8);
  for (const auto& s : got) EXPECT_GT(s.mean_norm, 100.0 * s.std_norm);
}

TEST(GradientStats, OneBatchHasExactlyZeroSpread) {
  const NetworkSpec spec = small_spec();
  const auto grads = gradients(spec, 1, 0.2f, 1.0f);
  GradientStatsAccumulator acc(spec);
  for (const auto& s : accumulate(acc, grads, grads[0])) {
    EXPECT_EQ(s.std_norm, 0.0);
    EXPECT_GT(s.mean_norm, 0.0);
  }
}

TEST(GradientStats, ResetForgetsTheEarlierEpoch) {
  const NetworkSpec spec = small_spec();
  const auto first = gradients(spec, 4, 3.0f, 2.0f);
  const auto second = gradients(spec, 6, -0.1f, 0.5f);
  const auto params = gradients(spec, 1, 0.0f, 0.3f)[0];
  GradientStatsAccumulator acc(spec);
  accumulate(acc, first, params);
  expect_close(accumulate(acc, second, params), two_pass(spec, second, params), 1e-12);
}

}  // namespace
}  // namespace infoplane
