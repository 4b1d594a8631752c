// The wide (GEMM) path of FastNetwork: against the double reference network, against central
// finite differences of the fast path's own loss (directional derivatives, so the float noise
// stays small next to the signal), mixed wide and tiny layers, several chunks per batch.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <tuple>
#include <vector>

#include "infoplane/core/rng.hpp"
#include "infoplane/nn/fast_network.hpp"
#include "infoplane/nn/network_spec.hpp"
#include "infoplane/nn/reference_network.hpp"
#include "nn/test_networks.hpp"

namespace infoplane {
namespace {

using testing::to_double;

Matrix<float> normal_inputs(std::size_t n, std::size_t d, std::uint64_t seed) {
  Matrix<float> m(n, d);
  Rng rng(seed);
  for (auto& v : m.values()) v = static_cast<float>(rng.normal());
  return m;
}

// Mean cross-entropy (nats) of every pattern p with label labels[p], in double from the fast
// path's float logits (shape = [n_patterns, n_outputs]).
double mean_loss(const NetworkSpec& s, const Matrix<float>& logits, const std::vector<int>& labels) {
  double loss = 0;
  for (std::size_t p = 0; p < logits.rows(); ++p) {
    if (s.output == OutputKind::kSigmoid) {
      const double z = logits(p, 0);
      loss += std::log1p(std::exp(-std::abs(z))) + std::max(z, 0.0) - (labels[p] == 1 ? z : 0.0);
      continue;
    }
    double m = logits(p, 0);
    for (std::size_t j = 1; j < logits.cols(); ++j) m = std::max(m, static_cast<double>(logits(p, j)));
    double sum = 0;
    for (std::size_t j = 0; j < logits.cols(); ++j) sum += std::exp(logits(p, j) - m);
    loss += m + std::log(sum) - logits(p, static_cast<std::size_t>(labels[p]));
  }
  return loss / static_cast<double>(logits.rows());
}

class WideLayersTest : public ::testing::TestWithParam<std::tuple<Activation, OutputKind>> {
 protected:
  // 40 inputs -> 70 -> 20 -> 6 -> 3 units (2 for sigmoid): wide, wide, wide (20 -> 6), tiny
  // (6 -> 3): the lane buffers then hold only the last layer's parameters.
  NetworkSpec spec() const {
    const auto [hidden, output] = GetParam();
    return make_network_spec(40, {70, 20, 6}, hidden, output, output == OutputKind::kSigmoid ? 2 : 3);
  }
};

TEST_P(WideLayersTest, GradientAndForwardMatchDoubleReference) {
  const NetworkSpec s = spec();
  const int n_labels = s.output == OutputKind::kSigmoid ? 2 : s.n_outputs();
  const Matrix<float> inputs = normal_inputs(300, 40, 4);
  const FeatureMajorInputs fm(inputs);
  FastNetwork net(s, fm);
  ASSERT_EQ(net.chunk(), FastNetwork::kMaxChunk);
  Rng rng(6);
  std::vector<float> params = init_params(s, {}, rng);
  for (int l = 0; l < s.n_weight_layers(); ++l) {
    for (int j = 0; j < s.widths[l + 1]; ++j) params[s.bias_offset(l) + j] = static_cast<float>(0.2 * rng.normal());
  }
  // 1100 samples (with repeats): chunks of 512, 512 and a padded 76.
  std::vector<int> rows(1100), labels(1100);
  for (int k = 0; k < 1100; ++k) {
    rows[k] = static_cast<int>(rng.uniform_int(300));
    labels[k] = static_cast<int>(rng.uniform_int(static_cast<std::uint64_t>(n_labels)));
  }
  std::vector<float> grad(params.size(), 123.0f);  // stale values must be overwritten
  net.batch_gradient(params.data(), rows, labels, grad.data());
  testing::expect_gradient_near_reference(s, params, inputs, rows, labels, grad);

  std::vector<Matrix<float>> layers;
  Matrix<float> logits;
  net.forward_all(params.data(), layers, logits);
  const std::vector<double> pd = to_double(params);
  std::vector<std::vector<double>> ref_layers;
  std::vector<double> ref_logits, x(40);
  for (std::size_t p = 0; p < inputs.rows(); p += 13) {
    for (std::size_t i = 0; i < 40; ++i) x[i] = inputs(p, i);
    reference::forward<double>(s, pd, x, ref_layers, ref_logits);
    for (int l = 0; l < s.n_weight_layers(); ++l) {
      for (std::size_t j = 0; j < ref_layers[l].size(); ++j) {
        ASSERT_NEAR(layers[l](p, j), ref_layers[l][j], 1e-5) << "layer " << l << " pattern " << p;
      }
    }
    for (std::size_t j = 0; j < ref_logits.size(); ++j) ASSERT_NEAR(logits(p, j), ref_logits[j], 1e-5);
  }
}

TEST_P(WideLayersTest, DirectionalFiniteDifferencesOfTheFastLossMatchItsGradient) {
  // Along a random direction v within each weight layer, (L(p + h v) - L(p - h v)) / 2h from
  // the fast forward pass against grad . v from the fast backward pass, over all 300 patterns.
  const NetworkSpec s = spec();
  const int n_labels = s.output == OutputKind::kSigmoid ? 2 : s.n_outputs();
  const Matrix<float> inputs = normal_inputs(300, 40, 7);
  const FeatureMajorInputs fm(inputs);
  FastNetwork net(s, fm);
  Rng rng(8);
  const std::vector<float> params = init_params(s, {}, rng);
  std::vector<int> rows(300), labels(300);
  for (int p = 0; p < 300; ++p) rows[p] = p, labels[p] = static_cast<int>(rng.uniform_int(static_cast<std::uint64_t>(n_labels)));
  std::vector<float> grad(params.size());
  net.batch_gradient(params.data(), rows, labels, grad.data());
  std::vector<Matrix<float>> layers;
  Matrix<float> logits;
  for (int l = 0; l < s.n_weight_layers(); ++l) {
    std::vector<double> v(params.size(), 0.0);
    double norm2 = 0;
    const std::size_t first = s.weight_offset(l), last = s.bias_offset(l) + s.widths[l + 1];
    for (std::size_t k = first; k < last; ++k) norm2 += (v[k] = rng.normal()) * v[k];
    for (std::size_t k = first; k < last; ++k) v[k] /= std::sqrt(norm2);
    double analytic = 0;
    for (std::size_t k = first; k < last; ++k) analytic += grad[k] * v[k];
    const double h = 1e-2;  // float forward passes: a large step keeps rounding (~1e-7) small
    std::vector<float> plus(params), minus(params);
    for (std::size_t k = first; k < last; ++k) {
      plus[k] = static_cast<float>(params[k] + h * v[k]);
      minus[k] = static_cast<float>(params[k] - h * v[k]);
    }
    net.forward_all(plus.data(), layers, logits);
    const double lp = mean_loss(s, logits, labels);
    net.forward_all(minus.data(), layers, logits);
    const double lm = mean_loss(s, logits, labels);
    const double fd = (lp - lm) / (2 * h);
    EXPECT_NEAR(fd, analytic, 2e-3 * std::abs(analytic) + 2e-4) << "layer " << l;
  }
}

INSTANTIATE_TEST_SUITE_P(AllActivations, WideLayersTest,
                         ::testing::Combine(::testing::Values(Activation::kTanh, Activation::kRelu,
                                                              Activation::kLinear, Activation::kSigmoid),
                                            ::testing::Values(OutputKind::kSoftmax, OutputKind::kSigmoid)));

TEST(WideLayers, OnlyLayersAboveTwelveUnitsTakeTheGemmPath) {
  // A tiny network keeps its cache-sized chunk (the 8-lane kernels); a wide one takes whole
  // 512-sample chunks whatever its input width.
  std::vector<int> deep(20, 12);
  const NetworkSpec tiny = make_network_spec(12, deep, Activation::kTanh, OutputKind::kSoftmax, 2);
  Matrix<float> bits(4, 12);
  EXPECT_EQ(FastNetwork(tiny, FeatureMajorInputs(bits)).chunk(), 128);  // ~2 KB per sample in 256 KB
  const NetworkSpec wide = make_network_spec(784, {1024, 20}, Activation::kTanh, OutputKind::kSoftmax, 10);
  const FeatureMajorInputs images(Matrix<float>(4, 784));
  EXPECT_EQ(FastNetwork(wide, images).chunk(), FastNetwork::kMaxChunk);
}

}  // namespace
}  // namespace infoplane
