// Hidden-layer noise and quantization (nn/hidden_perturbation.hpp): the straight-through
// gradient against central finite differences where those are defined, the fast float path
// against the double reference with the same perturbation, the quantizer's levels, and "off"
// changing nothing.
#include "infoplane/nn/hidden_perturbation.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <vector>

#include "infoplane/core/rng.hpp"
#include "infoplane/info/exact_count.hpp"
#include "infoplane/nn/fast_network.hpp"
#include "infoplane/nn/reference_network.hpp"
#include "nn/test_networks.hpp"

namespace infoplane {
namespace {

using reference::Perturb;

using testing::draw_batch;
using testing::to_double;

// The reference form of a HiddenPerturbation (noise first, then the quantizer), in double.
Perturb<double> perturbation_of(const HiddenPerturbationSettings& s, const NoiseKey& key) {
  return [s, key](int layer, std::size_t sample, std::vector<double>& v) {
    if (s.noise_var > 0) {
      std::vector<float> z(v.size());
      hidden_noise(key, sample, layer, s.noise_var, z);
      for (std::size_t j = 0; j < v.size(); ++j) v[j] += z[j];
    }
    if (s.quantize_bits > 0) {
      for (double& x : v) {
        x = quantize_value(static_cast<float>(x), s.quantize_bits, static_cast<float>(s.quantize_lo),
                           static_cast<float>(s.quantize_hi));
      }
    }
  };
}

struct Kind {
  const char* name;
  Activation activation;
  HiddenPerturbationSettings settings;
};

class SteGradient : public ::testing::TestWithParam<Kind> {};

// The straight-through gradient is the exact gradient of the network whose perturbation
// offsets d = T - f(z) are frozen at their values at the current parameters: a smooth
// function, so central differences are defined. Where the quantized loss itself is smooth (the
// output layer's parameters: the quantized hidden values do not move), its differences agree
// with the gradient too.
TEST_P(SteGradient, EqualsTheFrozenOffsetNetworksFiniteDifferences) {
  const Kind k = GetParam();
  const NetworkSpec s = make_network_spec(6, {7, 5, 4}, k.activation, OutputKind::kSoftmax, 2);
  const Matrix<float> inputs = testing::all_bit_patterns(6);
  Rng rng(21);
  std::vector<double> params = to_double(init_params(s, {2.0, true}, rng));
  for (int l = 0; l < s.n_weight_layers(); ++l) {
    for (int j = 0; j < s.widths[l + 1]; ++j) params[s.bias_offset(l) + j] = 0.3 * rng.normal();
  }
  std::vector<int> rows, labels;
  draw_batch(64, 24, 9, rows, labels);
  const NoiseKey key{5, 1, 2, 3};
  const Perturb<double> perturb = perturbation_of(k.settings, key);
  std::vector<double> grad(params.size()), none;
  reference::loss_and_gradient<double>(s, params, inputs, rows, labels, grad, &perturb);

  // The offsets at `params`, per (sample, layer).
  std::map<std::pair<std::size_t, int>, std::vector<double>> offset;
  const Perturb<double> record = [&](int layer, std::size_t sample, std::vector<double>& v) {
    std::vector<double> t = v;
    perturb(layer, sample, t);
    std::vector<double> d(v.size());
    for (std::size_t j = 0; j < v.size(); ++j) d[j] = t[j] - v[j];
    offset[{sample, layer}] = d;
    v = t;
  };
  const double at = reference::loss_and_gradient<double>(s, params, inputs, rows, labels, none, &record);
  const Perturb<double> frozen = [&](int layer, std::size_t sample, std::vector<double>& v) {
    const auto& d = offset.at({sample, layer});
    for (std::size_t j = 0; j < v.size(); ++j) v[j] += d[j];
  };
  const double h = 1e-6;
  int checked = 0, output_checked = 0;
  const std::size_t output_start = s.weight_offset(s.n_weight_layers() - 1);
  for (std::size_t p = 0; p < params.size(); ++p) {
    std::vector<double> plus = params, minus = params;
    plus[p] += h;
    minus[p] -= h;
    const double lp = reference::loss_and_gradient<double>(s, plus, inputs, rows, labels, none, &frozen);
    const double lm = reference::loss_and_gradient<double>(s, minus, inputs, rows, labels, none, &frozen);
    const double fd = (lp - lm) / (2 * h);
    if (k.activation == Activation::kRelu && std::abs((lp - at) / h - fd) > 1e-5) continue;  // a kink
    EXPECT_NEAR(grad[p], fd, 1e-7 + 1e-6 * std::abs(fd)) << k.name << " parameter " << p;
    ++checked;
    if (p >= output_start) {
      const double qp = reference::loss_and_gradient<double>(s, plus, inputs, rows, labels, none, &perturb);
      const double qm = reference::loss_and_gradient<double>(s, minus, inputs, rows, labels, none, &perturb);
      EXPECT_NEAR(grad[p], (qp - qm) / (2 * h), 1e-7 + 1e-6 * std::abs(fd)) << k.name << " output parameter " << p;
      ++output_checked;
    }
  }
  EXPECT_GT(checked, static_cast<int>(params.size()) * 3 / 4);
  EXPECT_EQ(output_checked, static_cast<int>(params.size() - output_start));
  // The perturbation did something: the gradient differs from the clean network's.
  std::vector<double> clean(params.size());
  reference::loss_and_gradient<double>(s, params, inputs, rows, labels, clean);
  double diff = 0;
  for (std::size_t p = 0; p < params.size(); ++p) diff = std::max(diff, std::abs(clean[p] - grad[p]));
  EXPECT_GT(diff, 1e-4) << k.name;
}

INSTANTIATE_TEST_SUITE_P(
    NoiseAndQuantizer, SteGradient,
    ::testing::Values(Kind{"noise-tanh", Activation::kTanh, {0.04, 0, -1, 1}},
                      Kind{"quantized-tanh", Activation::kTanh, {0.0, 3, -1, 1}},
                      Kind{"both-relu", Activation::kRelu, {0.01, 4, 0, 4}},
                      Kind{"quantized-linear", Activation::kLinear, {0.0, 5, -4, 4}}),
    [](const auto& test_param) {
      std::string n = test_param.param.name;
      for (char& c : n) c = c == '-' ? '_' : c;
      return n;
    });

// The fast path with the same perturbation: the same noise draws per (batch position, layer)
// across chunks (1100 samples: chunks of 512, 512 and 76), and act'(z) from the clean values.
// Both paths of FastNetwork: 6-13-7-3-2 has its first two weight layers on the GEMM path
// (a side above 12 units) and the rest on the tiny kernels; 6-40-20-3-2 is wide up to the 3.
TEST(HiddenPerturbation, FastPathMatchesTheReferenceWithTheSameDraws) {
  for (const std::vector<int>& widths : {std::vector<int>{13, 7, 3}, std::vector<int>{40, 20, 3}})
  for (const HiddenPerturbationSettings settings :
       {HiddenPerturbationSettings{0.01, 0, -1, 1}, HiddenPerturbationSettings{0.0, 2, -1, 1},
        HiddenPerturbationSettings{0.02, 2, -1, 1}}) {
    const NetworkSpec s = make_network_spec(6, widths, Activation::kTanh, OutputKind::kSoftmax, 2);
    const Matrix<float> inputs = testing::all_bit_patterns(6);
    const FeatureMajorInputs fm(inputs);
    FastNetwork net(s, fm);
    net.set_perturbation(settings);
    const NoiseKey key{3, 4, 17, 2};
    net.perturbation()->set_key(key);
    Rng rng(3);
    const std::vector<float> params = init_params(s, {}, rng);
    ASSERT_EQ(net.chunk(), FastNetwork::kMaxChunk);
    std::vector<int> rows, labels;
    draw_batch(64, 1100, 8, rows, labels);
    std::vector<float> grad(params.size());
    net.batch_gradient(params.data(), rows, labels, grad.data());
    const Perturb<double> perturb = perturbation_of(settings, key);
    std::vector<double> ref(params.size()), clean(params.size());
    reference::loss_and_gradient<double>(s, to_double(params), inputs, rows, labels, ref, &perturb);
    reference::loss_and_gradient<double>(s, to_double(params), inputs, rows, labels, clean);
    double scale = 0, moved = 0;
    for (std::size_t k = 0; k < ref.size(); ++k) {
      scale = std::max(scale, std::abs(ref[k]));
      moved = std::max(moved, std::abs(ref[k] - clean[k]));
    }
    ASSERT_GT(moved, 1e-3 * scale);  // the check below can tell a perturbed gradient from a clean one
    for (std::size_t k = 0; k < params.size(); ++k) {
      EXPECT_NEAR(grad[k], ref[k], 2e-5 * scale + 1e-6) << "parameter " << k;
    }

    // The recorded pass: sample = pattern, batch = kRecordBatch.
    const NoiseKey record{3, 4, 17, kRecordBatch};
    net.perturbation()->set_key(record);
    std::vector<Matrix<float>> layers;
    Matrix<float> logits;
    net.forward_all(params.data(), layers, logits);
    const Perturb<double> perturb_record = perturbation_of(settings, record);
    std::vector<std::vector<double>> ref_layers;
    std::vector<double> ref_logits, x(6);
    for (std::size_t p = 0; p < inputs.rows(); ++p) {
      for (int i = 0; i < 6; ++i) x[i] = inputs(p, i);
      reference::forward<double>(s, to_double(params), x, ref_layers, ref_logits, &perturb_record, p);
      for (int l = 0; l + 1 < s.n_weight_layers(); ++l) {
        for (std::size_t j = 0; j < ref_layers[l].size(); ++j) {
          EXPECT_NEAR(layers[l](p, j), ref_layers[l][j], 1e-5) << "layer " << l << " pattern " << p;
        }
      }
    }
  }
}

// Quantized layers take at most 2^bits values per unit, all of them levels of the quantizer
// that the exact estimator uses (quantize_activations maps them to themselves).
TEST(HiddenPerturbation, QuantizedLayersTakeAtMostTwoToTheBitsLevels) {
  const Matrix<float> inputs = testing::all_bit_patterns(10);
  const FeatureMajorInputs fm(inputs);
  for (Activation a : {Activation::kTanh, Activation::kRelu}) {
    for (int bits : {1, 2, 3, 5}) {
      const NetworkSpec s = make_network_spec(10, {9, 6}, a, OutputKind::kSoftmax, 2);
      FastNetwork net(s, fm);
      const auto [lo, hi] = default_quantize_range(a);
      net.set_perturbation({0.0, bits, lo, hi});
      Rng rng(static_cast<std::uint64_t>(bits));
      const std::vector<float> params = init_params(s, {3.0, true}, rng);
      std::vector<Matrix<float>> layers;
      Matrix<float> logits;
      net.forward_all(params.data(), layers, logits);
      for (int l = 0; l < 2; ++l) {
        const Matrix<float> again = quantize_activations(layers[l], bits, static_cast<float>(lo), static_cast<float>(hi));
        EXPECT_TRUE(again == layers[l]) << "layer " << l << " bits " << bits;
        std::size_t most = 0;
        for (std::size_t j = 0; j < layers[l].cols(); ++j) {
          std::set<float> values;
          for (std::size_t p = 0; p < layers[l].rows(); ++p) values.insert(layers[l](p, j));
          EXPECT_LE(values.size(), std::size_t{1} << bits);
          most = std::max(most, values.size());
        }
        EXPECT_GE(most, 2u);  // not constant: the quantizer was given varied values
      }
    }
  }
}

// Switched on with zero noise and no quantizer, or given zero noise directly: bit for bit the
// unperturbed results.
TEST(HiddenPerturbation, ZeroNoiseChangesNothing) {
  const NetworkSpec s = make_network_spec(6, {13, 7, 3}, Activation::kTanh, OutputKind::kSoftmax, 2);
  const Matrix<float> inputs = testing::all_bit_patterns(6);
  const FeatureMajorInputs fm(inputs);
  FastNetwork plain(s, fm), off(s, fm);
  off.set_perturbation({});
  Rng rng(4);
  const std::vector<float> params = init_params(s, {}, rng);
  std::vector<int> rows, labels;
  draw_batch(64, 700, 2, rows, labels);
  testing::expect_same_outputs(plain, off, params, rows, labels);
}

TEST(HiddenPerturbation, NoiseHasTheStatedVarianceAndIndependentStreams) {
  const int n = 20000;
  std::vector<float> a(n), b(n);
  hidden_noise({1, 2, 3, 4}, 5, 0, 0.25, a);
  hidden_noise({1, 2, 3, 4}, 6, 0, 0.25, b);  // another sample
  double mean = 0, var = 0, cross = 0;
  for (int i = 0; i < n; ++i) mean += a[i] / n;
  for (int i = 0; i < n; ++i) {
    var += (a[i] - mean) * (a[i] - mean) / (n - 1);
    cross += static_cast<double>(a[i]) * b[i] / n;
  }
  EXPECT_NEAR(mean, 0.0, 4 * 0.5 / std::sqrt(n));
  EXPECT_NEAR(var, 0.25, 4 * 0.25 * std::sqrt(2.0 / n));
  EXPECT_NEAR(cross, 0.0, 4 * 0.25 / std::sqrt(n));
  std::vector<float> again(n);
  hidden_noise({1, 2, 3, 4}, 5, 0, 0.25, again);
  EXPECT_EQ(a, again);
}

TEST(HiddenPerturbation, QuantizerLevelsAndRanges) {
  EXPECT_EQ(quantize_value(0.0f, 1, -1, 1), 1.0f);    // the tie goes upwards
  EXPECT_EQ(quantize_value(-0.2f, 1, -1, 1), -1.0f);
  EXPECT_EQ(quantize_value(5.0f, 2, 0, 3), 3.0f);     // clipped to the end levels
  EXPECT_EQ(quantize_value(1.4f, 2, 0, 3), 1.0f);
  EXPECT_EQ(default_quantize_range(Activation::kTanh), (std::pair{-1.0, 1.0}));
  EXPECT_EQ(default_quantize_range(Activation::kRelu), (std::pair{0.0, 4.0}));
}

}  // namespace
}  // namespace infoplane
