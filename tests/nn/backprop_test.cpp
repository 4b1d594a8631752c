// Backprop against central finite differences (double precision, every hidden activation x
// output), and the fast float path against the double reference on the same weights.
#include <gtest/gtest.h>

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

struct Case {
  Activation hidden;
  OutputKind output;
};

class BackpropTest : public ::testing::TestWithParam<std::tuple<Activation, OutputKind>> {
 protected:
  NetworkSpec spec() const {
    const auto [hidden, output] = GetParam();
    // Widths 13 (> the unrolled kernels' limit of 12: layers 6 -> 13 and 13 -> 7 take the wide
    // GEMM path, the others the 8-lane kernels) and 1.
    return make_network_spec(6, {13, 7, 5, 1, 3}, hidden, output, 2);
  }
};

using testing::draw_batch;
using testing::to_double;

TEST_P(BackpropTest, GradientMatchesCentralFiniteDifferences) {
  const NetworkSpec s = spec();
  const Matrix<float> inputs = testing::all_bit_patterns(6);
  Rng rng(11);
  std::vector<double> params = to_double(init_params(s, {}, rng));
  // Non-zero biases so that relu units sit away from their kink at 0 more often.
  for (int l = 0; l < s.n_weight_layers(); ++l) {
    for (int j = 0; j < s.widths[l + 1]; ++j) params[s.bias_offset(l) + j] = 0.3 * rng.normal();
  }
  std::vector<int> rows, labels;
  draw_batch(64, 20, 5, rows, labels);
  std::vector<double> grad(params.size());
  reference::loss_and_gradient<double>(s, params, inputs, rows, labels, grad);

  const double h = 1e-6;
  std::vector<double> none;
  int checked = 0;
  for (std::size_t k = 0; k < params.size(); ++k) {
    std::vector<double> plus = params, minus = params;
    plus[k] += h;
    minus[k] -= h;
    const double lp = reference::loss_and_gradient<double>(s, plus, inputs, rows, labels, none);
    const double lm = reference::loss_and_gradient<double>(s, minus, inputs, rows, labels, none);
    const double fd = (lp - lm) / (2 * h);
    // Relu: a difference straddling a kink is not a derivative; skip those parameters.
    if (s.hidden == Activation::kRelu) {
      const double fd_half = (lp - reference::loss_and_gradient<double>(s, params, inputs, rows, labels, none)) / h;
      if (std::abs(fd_half - fd) > 1e-5) continue;
    }
    EXPECT_NEAR(grad[k], fd, 1e-7 + 1e-6 * std::abs(fd)) << "parameter " << k;
    ++checked;
  }
  EXPECT_GT(checked, static_cast<int>(params.size()) * 3 / 4);
}

TEST_P(BackpropTest, FastFloatPathMatchesDoubleReference) {
  const NetworkSpec s = spec();
  const Matrix<float> inputs = testing::all_bit_patterns(6);
  const FeatureMajorInputs fm(inputs);
  FastNetwork net(s, fm);
  Rng rng(3);
  const std::vector<float> params = init_params(s, {}, rng);
  // 1100 samples: two full chunks of 512 and a padded chunk of 76.
  ASSERT_EQ(net.chunk(), FastNetwork::kMaxChunk);
  std::vector<int> rows, labels;
  draw_batch(64, 1100, 8, rows, labels);
  std::vector<float> grad(params.size());
  net.batch_gradient(params.data(), rows, labels, grad.data());
  testing::expect_gradient_near_reference(s, params, inputs, rows, labels, grad);

  // Forward of all patterns: every layer's activations and the logits.
  std::vector<Matrix<float>> layers;
  Matrix<float> logits;
  net.forward_all(params.data(), layers, logits);
  ASSERT_EQ(layers.size(), static_cast<std::size_t>(s.n_weight_layers()));
  std::vector<std::vector<double>> ref_layers;
  std::vector<double> ref_logits, x(6);
  const std::vector<double> pd = to_double(params);
  for (std::size_t p = 0; p < inputs.rows(); ++p) {
    for (int i = 0; i < 6; ++i) x[i] = inputs(p, i);
    reference::forward<double>(s, pd, x, ref_layers, ref_logits);
    for (int l = 0; l < s.n_weight_layers(); ++l) {
      ASSERT_EQ(layers[l].cols(), ref_layers[l].size());
      for (std::size_t j = 0; j < ref_layers[l].size(); ++j) {
        EXPECT_NEAR(layers[l](p, j), ref_layers[l][j], 1e-5) << "layer " << l << " pattern " << p;
      }
    }
    for (std::size_t j = 0; j < ref_logits.size(); ++j) EXPECT_NEAR(logits(p, j), ref_logits[j], 1e-5);
  }
}

TEST_P(BackpropTest, BinaryInputCodesGiveExactlyTheFloatPathsResults) {
  // Binary inputs take the bit-code gather; with the codes removed the same inputs take the
  // float-row gather and transpose. Both must feed the kernels the same 0.0f / 1.0f values.
  const NetworkSpec s = spec();
  const Matrix<float> inputs = testing::all_bit_patterns(6);
  const FeatureMajorInputs coded(inputs);
  ASSERT_EQ(coded.bit_codes.size(), inputs.rows() + 1);
  EXPECT_EQ(coded.bit_codes[37], 37U);  // bit b of pattern p is input b
  FeatureMajorInputs rows_only(inputs);
  rows_only.bit_codes.clear();
  FastNetwork a(s, coded), b(s, rows_only);
  Rng rng(5);
  const std::vector<float> params = init_params(s, {}, rng);
  std::vector<int> rows, labels;
  draw_batch(64, 150, 9, rows, labels);
  testing::expect_same_outputs(a, b, params, rows, labels);
}

TEST(BackpropTest, ChunkShrinksForDeepTinyNetworksToKeepItsActivationsInL2) {
  const NetworkSpec small = make_network_spec(12, {10, 7, 5, 4, 3}, Activation::kTanh, OutputKind::kSoftmax, 2);
  EXPECT_EQ(FastNetwork(small, FeatureMajorInputs(testing::all_bit_patterns(12))).chunk(), FastNetwork::kMaxChunk);
  const NetworkSpec deep = make_network_spec(12, std::vector<int>(60, 12), Activation::kTanh, OutputKind::kSoftmax, 2);
  const FastNetwork net(deep, FeatureMajorInputs(testing::all_bit_patterns(12)));
  EXPECT_EQ(net.chunk(), FastNetwork::kMinChunk);  // ~5.9 KB per sample: 44 fit in 256 KB, below the minimum
}

TEST(BackpropTest, WideInputsOverSeveralChunksMatchReference) {
  // 300 real-valued inputs (a wide first layer: whole 512-sample chunks), 250 patterns drawn
  // 1100 times: chunks of 512, 512 and a padded 76.
  const NetworkSpec s = make_network_spec(300, {6, 3}, Activation::kTanh, OutputKind::kSoftmax, 2);
  Matrix<float> inputs(250, 300);
  Rng rng(2);
  for (auto& v : inputs.values()) v = static_cast<float>(rng.normal());
  const FeatureMajorInputs fm(inputs);
  FastNetwork net(s, fm);
  ASSERT_EQ(net.chunk(), FastNetwork::kMaxChunk);
  const std::vector<float> params = init_params(s, {}, rng);
  std::vector<int> rows(1100), labels(1100);
  for (int i = 0; i < 1100; ++i) rows[i] = 249 - i % 250, labels[i] = i % 2;
  std::vector<float> grad(params.size());
  net.batch_gradient(params.data(), rows, labels, grad.data());
  std::vector<double> ref(params.size());
  reference::loss_and_gradient<double>(s, to_double(params), inputs, rows, labels, ref);
  for (std::size_t k = 0; k < params.size(); ++k) EXPECT_NEAR(grad[k], ref[k], 1e-5) << "parameter " << k;

  // The forward of all 250 patterns, chunk after chunk through the float-row gather.
  std::vector<Matrix<float>> layers;
  Matrix<float> logits;
  net.forward_all(params.data(), layers, logits);
  const std::vector<double> pd = to_double(params);
  std::vector<std::vector<double>> ref_layers;
  std::vector<double> ref_logits, x(300);
  for (std::size_t p = 0; p < inputs.rows(); p += 37) {
    for (std::size_t i = 0; i < 300; ++i) x[i] = inputs(p, i);
    reference::forward<double>(s, pd, x, ref_layers, ref_logits);
    for (int l = 0; l < s.n_weight_layers(); ++l) {
      for (std::size_t j = 0; j < ref_layers[l].size(); ++j) {
        EXPECT_NEAR(layers[l](p, j), ref_layers[l][j], 1e-5) << "layer " << l << " pattern " << p;
      }
    }
  }
}

TEST(BackpropTest, NonBinaryInputsKeepNoBitCodes) {
  Matrix<float> inputs = testing::all_bit_patterns(4);
  EXPECT_FALSE(FeatureMajorInputs(inputs).bit_codes.empty());
  inputs(3, 2) = 0.5f;
  EXPECT_TRUE(FeatureMajorInputs(inputs).bit_codes.empty());
}

TEST(BackpropTest, SoftmaxWithThreeLabelsAndWideInputMatchesReference) {
  // 13 inputs and 3 output units: the wide (GEMM) path on the first layer.
  const NetworkSpec s = make_network_spec(13, {4}, Activation::kTanh, OutputKind::kSoftmax, 3);
  Matrix<float> inputs(40, 13);
  Rng rng(1);
  for (auto& v : inputs.values()) v = static_cast<float>(rng.normal());
  const FeatureMajorInputs fm(inputs);
  FastNetwork net(s, fm);
  const std::vector<float> params = init_params(s, {}, rng);
  std::vector<int> rows(40), labels(40);
  for (int i = 0; i < 40; ++i) rows[i] = i, labels[i] = i % 3;
  std::vector<float> grad(params.size());
  net.batch_gradient(params.data(), rows, labels, grad.data());
  std::vector<double> ref(params.size());
  reference::loss_and_gradient<double>(s, to_double(params), inputs, rows, labels, ref);
  for (std::size_t k = 0; k < params.size(); ++k) EXPECT_NEAR(grad[k], ref[k], 1e-5);
}

INSTANTIATE_TEST_SUITE_P(AllActivations, BackpropTest,
                         ::testing::Combine(::testing::Values(Activation::kTanh, Activation::kRelu,
                                                              Activation::kLinear, Activation::kSigmoid),
                                            ::testing::Values(OutputKind::kSoftmax, OutputKind::kSigmoid)));

TEST(NetworkSpec, LayoutAndValidation) {
  const NetworkSpec s = make_network_spec(12, {10, 7, 5, 4, 3}, Activation::kTanh, OutputKind::kSoftmax, 2);
  EXPECT_EQ(s.widths, (std::vector<int>{12, 10, 7, 5, 4, 3, 2}));
  // 12*10+10 + 10*7+7 + 7*5+5 + 5*4+4 + 4*3+3 + 3*2+2
  EXPECT_EQ(s.n_params(), 130u + 77u + 40u + 24u + 15u + 8u);
  EXPECT_EQ(s.bias_offset(0), 120u);
  EXPECT_EQ(s.weight_offset(1), 130u);
  EXPECT_THROW(make_network_spec(12, {}, Activation::kTanh, OutputKind::kSoftmax, 2), Error);
  EXPECT_THROW(make_network_spec(12, {3, 0}, Activation::kTanh, OutputKind::kSoftmax, 2), Error);
  EXPECT_THROW(make_network_spec(12, {3}, Activation::kTanh, OutputKind::kSigmoid, 3), Error);
  EXPECT_THROW(parse_activation("softplus", "--activation"), Error);
}

TEST(NetworkSpec, InitialWeightsHaveFanInScaleAndZeroBiases) {
  const NetworkSpec s = make_network_spec(400, {100}, Activation::kTanh, OutputKind::kSoftmax, 2);
  Rng rng(9);
  const std::vector<float> p = init_params(s, {}, rng);
  double sum2 = 0, max_abs = 0;
  for (std::size_t k = 0; k < s.n_weights(0); ++k) {
    sum2 += double(p[k]) * p[k];
    max_abs = std::max(max_abs, std::abs(double(p[k])));
  }
  // Truncated at 2 sd: variance factor 0.774 of 1/400; bound 2/sqrt(400) = 0.1.
  EXPECT_NEAR(sum2 / s.n_weights(0), 0.774 / 400.0, 0.02 / 400.0);
  EXPECT_LE(max_abs, 0.1 + 1e-7);
  for (int j = 0; j < 100; ++j) EXPECT_EQ(p[s.bias_offset(0) + j], 0.0f);
}

}  // namespace
}  // namespace infoplane
