// Exact counting ("exact") against ground truth: injective, constant and class-valued layers,
// a hand-computed three-pattern example with soft labels, agreement with binning on values at
// bin centres, the data processing inequality, and the uniform quantizer (levels, clamping,
// idempotence, errors).
#include "infoplane/info/exact_count.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <set>

#include "infoplane/core/error.hpp"
#include "infoplane/info/binning.hpp"
#include "info/synthetic_task.hpp"

namespace infoplane {
namespace {

using testing::entropy_bits;
using testing::mutual_information_xy;
using testing::twelve_bit_task;

InfoEstimate exact(const Matrix<float>& layer, const Task& task) {
  return ExactCountEstimator().estimate(layer, task);
}

Matrix<float> random_layer(std::size_t n, std::size_t w, std::uint64_t seed) {
  Rng rng(seed);
  Matrix<float> m(n, w);
  for (auto& v : m.values()) v = static_cast<float>(std::tanh(1.5 * rng.normal()));
  return m;
}

TEST(ExactCount, InjectiveLayerGivesEntropyOfX) {
  Task task = twelve_bit_task();
  const InfoEstimate e = exact(task.inputs, task);  // the 12 input bits: injective
  EXPECT_NEAR(e.i_xt, 12.0, 1e-9);
  EXPECT_NEAR(e.i_ty, mutual_information_xy(task), 1e-9);
  EXPECT_EQ(e.n_symbols, 4096);
  // Non-uniform p(x): H(X) below 12 bits.
  double total = 0.0;
  for (std::size_t i = 0; i < task.n_patterns(); ++i) total += task.p_x[i] = 1.0 + (i % 7);
  for (auto& p : task.p_x) p /= total;
  const InfoEstimate w = exact(task.inputs, task);
  EXPECT_NEAR(w.i_xt, entropy_bits(task.p_x), 1e-9);
  EXPECT_LT(w.i_xt, 11.9);
  EXPECT_NEAR(w.i_ty, mutual_information_xy(task), 1e-9);
}

TEST(ExactCount, ConstantLayerGivesZero) {
  const Task task = twelve_bit_task();
  const InfoEstimate e = exact(Matrix<float>(task.n_patterns(), 4, -0.25f), task);
  EXPECT_NEAR(e.i_xt, 0.0, 1e-12);
  EXPECT_NEAR(e.i_ty, 0.0, 1e-12);
  EXPECT_EQ(e.n_symbols, 1);
}

TEST(ExactCount, ClassLayerKeepsAllLabelInformation) {
  // T = popcount(x), the sufficient statistic of the synthetic task: I(T;Y) = I(X;Y) and
  // I(X;T) = H(Binomial(12, 1/2)).
  const Task task = twelve_bit_task();
  Matrix<float> layer(task.n_patterns(), 1);
  std::vector<double> class_mass(13, 0.0);
  for (std::size_t i = 0; i < layer.rows(); ++i) {
    layer(i, 0) = static_cast<float>(task.pattern_class[i]);
    class_mass[task.pattern_class[i]] += task.p_x[i];
  }
  const InfoEstimate e = exact(layer, task);
  EXPECT_NEAR(e.i_ty, mutual_information_xy(task), 1e-12);
  EXPECT_NEAR(e.i_xt, entropy_bits(class_mass), 1e-12);
  EXPECT_GT(e.i_xt, 2.5);
  EXPECT_EQ(e.n_symbols, 13);
}

TEST(ExactCount, HandComputedSoftLabels) {
  // p(x) = (1/2, 1/4, 1/4); rows a, b, b; p(y|x) = (1, 0), (1/2, 1/2), (0, 1).
  // p(t) = (1/2, 1/2): H(T) = 1 bit. p(t,y) = [[1/2, 0], [1/8, 3/8]], p(y) = (5/8, 3/8).
  Task task = testing::labelled_task(Matrix<float>(3, 1), {0, 0, 1}, 2);
  task.p_x = {0.5, 0.25, 0.25};
  task.p_y_given_x(1, 0) = task.p_y_given_x(1, 1) = 0.5;
  Matrix<float> layer(3, 2, 0.5f);
  layer(0, 1) = -0.5f;
  const double i_ty = 0.5 * std::log2(0.5 / (0.5 * 0.625)) +
                      0.125 * std::log2(0.125 / (0.5 * 0.625)) +
                      0.375 * std::log2(0.375 / (0.5 * 0.375));
  const InfoEstimate e = exact(layer, task);
  EXPECT_NEAR(e.i_xt, 1.0, 1e-14);
  EXPECT_NEAR(e.i_ty, i_ty, 1e-14);
  EXPECT_EQ(e.n_symbols, 2);
  EXPECT_EQ(e.i_xt_lower, e.i_xt);
  EXPECT_EQ(e.i_ty_upper, e.i_ty);
}

TEST(ExactCount, ValuesAreComparedExactly) {
  // One ulp apart: two symbols (binning would merge them); -0.0 and +0.0: one value.
  const Task task = testing::labelled_task(Matrix<float>(2, 1), {0, 1}, 2);
  Matrix<float> layer(2, 1, 0.3f);
  layer(1, 0) = std::nextafter(0.3f, 1.0f);
  EXPECT_NEAR(exact(layer, task).i_xt, 1.0, 1e-14);
  layer(0, 0) = 0.0f;
  layer(1, 0) = -0.0f;
  EXPECT_NEAR(exact(layer, task).i_xt, 0.0, 1e-14);
  std::vector<int> ids;
  Matrix<float> rows(5, 2, 0.0f);
  rows(1, 0) = rows(3, 0) = 1.0f;
  rows(4, 1) = 1.0f;
  EXPECT_EQ(exact_symbols(rows, ids), 3);
  EXPECT_EQ(ids, (std::vector<int>{0, 1, 0, 1, 2}));  // numbered in order of first appearance
}

TEST(ExactCount, AgreesWithBinningAtBinCentres) {
  // Values at the centres of 30 equal bins over [-1, 1]: binning's symbols are exactly the
  // distinct rows, so both estimators give the same numbers.
  const Task task = twelve_bit_task();
  Rng rng(8);
  Matrix<float> layer(task.n_patterns(), 3);
  for (auto& v : layer.values()) {
    const int b = static_cast<int>(rng.uniform_int(30));
    v = static_cast<float>(-1.0 + (b + 0.5) * (2.0 / 30.0));
  }
  BinningWorkspace ws;
  const InfoEstimate b = binning_estimate(layer, task, {}, ws);
  const InfoEstimate e = exact(layer, task);
  EXPECT_GT(e.i_xt, 10.0);
  EXPECT_LT(e.i_xt, 11.9);  // some rows collide: not simply H(X)
  EXPECT_EQ(e.n_symbols, b.n_symbols);
  EXPECT_NEAR(e.i_xt, b.i_xt, 1e-12);
  EXPECT_NEAR(e.i_ty, b.i_ty, 1e-12);
}

TEST(ExactCount, FunctionOfALayerNeverHasMoreInformation) {
  // Data processing: g(T) for several g (coarser quantization, dropping a unit, the sum of the
  // units, the sign of the first unit) carries no more information about X or Y than T.
  Task task = twelve_bit_task();
  for (std::size_t i = 0; i < task.n_patterns(); ++i) task.p_x[i] = 1.0 + (i % 3);
  double total = 0.0;
  for (double p : task.p_x) total += p;
  for (auto& p : task.p_x) p /= total;
  const Matrix<float> t = quantize_activations(random_layer(task.n_patterns(), 3, 2), 3, -1, 1);
  const InfoEstimate base = exact(t, task);
  std::vector<Matrix<float>> functions;
  functions.push_back(quantize_activations(t, 1, -1, 1));
  Matrix<float> drop(t.rows(), 2), sum(t.rows(), 1), sign(t.rows(), 1);
  for (std::size_t i = 0; i < t.rows(); ++i) {
    drop(i, 0) = t(i, 0);
    drop(i, 1) = t(i, 2);
    sum(i, 0) = t(i, 0) + t(i, 1) + t(i, 2);
    sign(i, 0) = t(i, 0) > 0 ? 1.0f : -1.0f;
  }
  functions.push_back(drop);
  functions.push_back(sum);
  functions.push_back(sign);
  EXPECT_GT(base.i_xt, 5.0);
  for (std::size_t f = 0; f < functions.size(); ++f) {
    const InfoEstimate g = exact(functions[f], task);
    EXPECT_LE(g.i_xt, base.i_xt + 1e-12) << "function " << f;
    EXPECT_LE(g.i_ty, base.i_ty + 1e-12) << "function " << f;
    EXPECT_LT(g.i_xt, base.i_xt - 0.1) << "function " << f;  // each g merges symbols
  }
}

TEST(ExactCount, QuantizerLevelsAndClamping) {
  // 2 bits on [-1, 1]: levels -1, -1/3, 1/3, 1; nearest level, ends clamped.
  Matrix<float> v(1, 8);
  const float in[8] = {-5.0f, -1.0f, -0.7f, -0.6f, 0.01f, 0.5f, 0.9f, 7.0f};
  const float want[8] = {-1.0f, -1.0f, -1.0f, -1.0f / 3, 1.0f / 3, 1.0f / 3, 1.0f, 1.0f};
  for (int j = 0; j < 8; ++j) v(0, j) = in[j];
  const Matrix<float> q = quantize_activations(v, 2, -1.0f, 1.0f);
  for (int j = 0; j < 8; ++j) EXPECT_FLOAT_EQ(q(0, j), want[j]) << "value " << in[j];
  // An exact tie goes up: 1 bit on [0, 1] has levels 0 and 1.
  Matrix<float> tie(1, 3);
  tie(0, 0) = 0.5f;
  tie(0, 1) = 0.49f;
  tie(0, 2) = -0.0f;
  EXPECT_EQ(quantize_activations(tie, 1, 0.0f, 1.0f).values(), (std::vector<float>{1, 0, 0}));
  // Every output is one of the 2^bits levels, and all levels occur for dense inputs.
  for (int bits : {1, 3, 8}) {
    Matrix<float> dense(1, 4001);
    for (int j = 0; j <= 4000; ++j) dense(0, j) = -1.5f + 3.0f * j / 4000.0f;
    const Matrix<float> d = quantize_activations(dense, bits, -1.0f, 1.0f);
    const std::set<float> levels(d.values().begin(), d.values().end());
    EXPECT_EQ(levels.size(), std::size_t{1} << bits) << "bits " << bits;
    EXPECT_EQ(*levels.begin(), -1.0f);
    EXPECT_EQ(*levels.rbegin(), 1.0f);
    const double step = 2.0 / ((1 << bits) - 1);
    for (float l : levels) {
      const double k = (l + 1.0) / step;
      EXPECT_NEAR(k, std::round(k), 1e-4) << "bits " << bits << " level " << l;
    }
  }
}

TEST(ExactCount, QuantizerIsIdempotent) {
  const Matrix<float> layer = random_layer(500, 4, 11);
  for (int bits : {1, 2, 5, 8, 12, 16}) {
    const Matrix<float> once = quantize_activations(layer, bits, -0.8f, 0.9f);
    EXPECT_EQ(quantize_activations(once, bits, -0.8f, 0.9f), once) << "bits " << bits;
  }
}

TEST(ExactCount, BadInputThrowsNamingTheArgument) {
  const Matrix<float> layer = random_layer(4, 2, 1);
  auto message = [](auto f) {
    try {
      f();
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message([&] { quantize_activations(layer, 0, -1, 1); }).find("bits = 0"),
            std::string::npos);
  EXPECT_NE(message([&] { quantize_activations(layer, 17, -1, 1); }).find("1..16"),
            std::string::npos);
  EXPECT_NE(message([&] { quantize_activations(layer, 4, 1, 1); }).find("lo < hi"),
            std::string::npos);
  Matrix<float> bad = layer;
  bad(2, 1) = std::numeric_limits<float>::quiet_NaN();
  EXPECT_NE(message([&] { quantize_activations(bad, 4, -1, 1); }).find("row 2, unit 1"),
            std::string::npos);
  const Task task = testing::labelled_task(Matrix<float>(4, 1), {0, 1, 0, 1}, 2);
  EXPECT_NE(message([&] { exact(bad, task); }).find("exact"), std::string::npos);
}

TEST(ExactCount, RegisteredByName) {
  const Task task = twelve_bit_task();
  const auto est = make_estimator("exact");
  EXPECT_EQ(est->name(), "exact");
  EXPECT_NEAR(est->estimate(task.inputs, task).i_xt, 12.0, 1e-9);
}

}  // namespace
}  // namespace infoplane
