// Binning estimators against ground truth: injective, constant and class-valued layers, the
// symmetries that hold (and the one that does not), the reference digitize, and a brute-force
// recomputation on a random layer with non-uniform p(x).
#include "infoplane/info/binning.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "infoplane/core/error.hpp"
#include "info/synthetic_task.hpp"

namespace infoplane {
namespace {

using testing::entropy_bits;
using testing::mutual_information_xy;
using testing::twelve_bit_task;

// The 12 inputs scaled to [-1, 1]: an injective layer.
Matrix<float> injective_layer(const Task& task, float scale = 1.0f) {
  Matrix<float> m(task.n_patterns(), 12);
  for (std::size_t i = 0; i < m.rows(); ++i)
    for (std::size_t j = 0; j < 12; ++j) m(i, j) = scale * (2.0f * task.inputs(i, j) - 1.0f);
  return m;
}

Matrix<float> random_tanh_layer(std::size_t n, std::size_t w, std::uint64_t seed) {
  Rng rng(seed);
  Matrix<float> m(n, w);
  for (auto& v : m.values()) v = static_cast<float>(std::tanh(1.5 * rng.normal()));
  return m;
}

InfoEstimate run(const Matrix<float>& layer, const Task& task, BinningOptions o = {}) {
  BinningWorkspace ws;
  return binning_estimate(layer, task, o, ws);
}

TEST(Binning, InjectiveLayerGivesTwelveBitsAndIxy) {
  const Task task = twelve_bit_task();
  const double i_xy = mutual_information_xy(task);
  ASSERT_GT(i_xy, 0.1);
  for (bool reference : {false, true}) {
    BinningOptions o;
    o.reference_digitize = reference;
    const InfoEstimate e = run(injective_layer(task), task, o);
    EXPECT_NEAR(e.i_xt, 12.0, 1e-9) << "reference=" << reference;
    EXPECT_NEAR(e.i_ty, i_xy, 1e-9) << "reference=" << reference;
    EXPECT_EQ(e.n_symbols, 4096);
  }
}

TEST(Binning, ConstantLayerGivesZero) {
  const Task task = twelve_bit_task();
  for (int mode = 0; mode < 4; ++mode) {
    BinningOptions o;
    o.reference_digitize = mode == 1;
    o.range_from_data = mode == 2;
    o.adaptive = mode == 3;
    const InfoEstimate e = run(Matrix<float>(task.n_patterns(), 5, 0.3f), task, o);
    EXPECT_NEAR(e.i_xt, 0.0, 1e-12) << "mode " << mode;
    EXPECT_NEAR(e.i_ty, 0.0, 1e-12) << "mode " << mode;
    EXPECT_EQ(e.n_symbols, 1);
  }
}

TEST(Binning, ClassValuedLayerKeepsAllLabelInformation) {
  // T = a function of the class c(x) (the sufficient statistic): I(T;Y) = I(X;Y) and
  // I(X;T) = H(c), here the entropy of Binomial(12, 1/2).
  const Task task = twelve_bit_task();
  Matrix<float> layer(task.n_patterns(), 2);
  std::vector<double> class_mass(13, 0.0);
  for (std::size_t i = 0; i < layer.rows(); ++i) {
    const int c = task.pattern_class[i];
    layer(i, 0) = std::tanh(0.3f * (c - 6));
    layer(i, 1) = (c % 2) ? 0.5f : -0.5f;
    class_mass[c] += task.p_x[i];
  }
  const InfoEstimate e = run(layer, task);
  EXPECT_NEAR(e.i_ty, mutual_information_xy(task), 1e-9);
  EXPECT_NEAR(e.i_xt, entropy_bits(class_mass), 1e-9);
  EXPECT_EQ(e.n_symbols, 13);
}

TEST(Binning, PermutingUnitsChangesNothing) {
  const Task task = twelve_bit_task();
  const Matrix<float> layer = random_tanh_layer(task.n_patterns(), 6, 3);
  Matrix<float> permuted(layer.rows(), 6);
  const int perm[6] = {4, 2, 5, 0, 3, 1};
  for (std::size_t i = 0; i < layer.rows(); ++i)
    for (int j = 0; j < 6; ++j) permuted(i, j) = layer(i, perm[j]);
  for (int mode = 0; mode < 3; ++mode) {
    BinningOptions o;
    o.reference_digitize = mode == 1;
    o.adaptive = mode == 2;
    const InfoEstimate a = run(layer, task, o), b = run(permuted, task, o);
    EXPECT_DOUBLE_EQ(a.i_xt, b.i_xt) << "mode " << mode;
    EXPECT_DOUBLE_EQ(a.i_ty, b.i_ty) << "mode " << mode;
  }
}

TEST(Binning, NegationIsSymmetricForEqualBinsOverASymmetricRange) {
  // floor((v + 1) * 15) maps -v to bin 29 - b unless v lies exactly on an edge, which random
  // values do not; so negation is a relabelling of symbols and changes nothing.
  const Task task = twelve_bit_task();
  const Matrix<float> layer = random_tanh_layer(task.n_patterns(), 4, 5);
  Matrix<float> negated = layer;
  for (auto& v : negated.values()) v = -v;
  const InfoEstimate a = run(layer, task), b = run(negated, task);
  EXPECT_GT(a.i_xt, 5.0);
  EXPECT_NEAR(a.i_xt, b.i_xt, 1e-12);
  EXPECT_NEAR(a.i_ty, b.i_ty, 1e-12);
}

TEST(Binning, ReferenceDigitizeIsNotNegationSymmetric) {
  // With linspace edges and digitize, +1 has a symbol of its own but -1 shares the first bin:
  // {0.99, 1.0} are two symbols, {-0.99, -1.0} one.
  Matrix<float> layer(2, 1);
  layer(0, 0) = 0.99f;
  layer(1, 0) = 1.0f;
  Matrix<float> inputs(2, 1);
  const Task task = testing::labelled_task(inputs, {0, 1}, 2);
  BinningOptions o;
  o.reference_digitize = true;
  EXPECT_NEAR(run(layer, task, o).i_xt, 1.0, 1e-12);
  for (auto& v : layer.values()) v = -v;
  EXPECT_NEAR(run(layer, task, o).i_xt, 0.0, 1e-12);
  o.reference_digitize = false;  // equal bins: symmetric here, 0.99 and 1.0 share bin 29
  EXPECT_NEAR(run(layer, task, o).i_xt, 0.0, 1e-12);
}

TEST(Binning, ReferenceDigitizeMatchesNumpyBinAssignments) {
  // Hand-derived with edges e_i = -1 + 2 i / 29: numpy.digitize gives #{e_i <= v}; the symbol
  // is the left edge e_{digitize - 1}, and index -1 (v < -1) wraps to e_29 = 1.
  // Groups of values that share a symbol in the reference code:
  const std::vector<std::vector<float>> groups = {
      {-1.0f, -0.95f},            // digitize 1 -> e_0 (e_1 = -0.9310)
      {-0.93f, -0.87f},           // digitize 2 -> e_1 (e_2 = -0.8621)
      {-0.01f, 0.0f, 0.03f},      // digitize 15 -> e_14 = -0.0345 .. e_15 = 0.0345
      {0.94f, 0.999f},            // digitize 29 -> e_28 = 0.9310
      {1.0f, 1.5f, -1.5f},        // digitize 30 -> e_29 = 1; v < -1 wraps to e_29 too
  };
  Matrix<float> layer(0, 0);
  std::vector<float> values;
  std::vector<int> group_of;
  for (std::size_t g = 0; g < groups.size(); ++g)
    for (float v : groups[g]) values.push_back(v), group_of.push_back(static_cast<int>(g));
  layer = Matrix<float>(values.size(), 1);
  std::copy(values.begin(), values.end(), layer.values().begin());
  BinningOptions o;
  o.reference_digitize = true;
  BinningWorkspace ws;
  bin_symbols(layer, o, ws);
  EXPECT_EQ(ws.n_symbols(), static_cast<int>(groups.size()));
  for (std::size_t a = 0; a < values.size(); ++a)
    for (std::size_t b = 0; b < values.size(); ++b)
      EXPECT_EQ(ws.t_of_x()[a] == ws.t_of_x()[b], group_of[a] == group_of[b])
          << values[a] << " vs " << values[b];
}

TEST(Binning, SymbolIdsAreCompactInOrderOfFirstAppearance) {
  Matrix<float> layer(5, 1);
  const float v[5] = {0.5f, -0.5f, 0.5f, 0.9f, -0.5f};
  std::copy(v, v + 5, layer.values().begin());
  BinningWorkspace ws;
  bin_symbols(layer, {}, ws);
  const std::vector<int> ids(ws.t_of_x().begin(), ws.t_of_x().end());
  EXPECT_EQ(ids, (std::vector<int>{0, 1, 0, 2, 1}));
  EXPECT_EQ(ws.n_symbols(), 3);
}

TEST(Binning, DataRangeResolvesSmallUnboundedActivations) {
  // relu-like outputs in [0, 0.01]: with the fixed [-1, 1] range every value falls into one
  // bin; with the data range the layer is injective again. The range used is recorded.
  const Task task = twelve_bit_task();
  Matrix<float> layer = injective_layer(task);
  for (auto& v : layer.values()) v = 0.005f * (v + 1.0f);
  EXPECT_NEAR(run(layer, task).i_xt, 0.0, 1e-12);
  BinningOptions o;
  o.range_from_data = true;
  const InfoEstimate e = run(layer, task, o);
  EXPECT_NEAR(e.i_xt, 12.0, 1e-9);
  EXPECT_DOUBLE_EQ(e.range_lo, 0.0);
  EXPECT_NEAR(e.range_hi, 0.01, 1e-8);
}

TEST(Binning, WideRowsUseExactHashingPath) {
  // 40 units x 5 bits do not fit a 64-bit key: rows are hashed and compared in full.
  const Task task = twelve_bit_task();
  Matrix<float> layer(task.n_patterns(), 40, 0.2f);
  const Matrix<float> inj = injective_layer(task);
  for (std::size_t i = 0; i < layer.rows(); ++i)
    for (std::size_t j = 0; j < 12; ++j) layer(i, 3 * j) = inj(i, j);
  const InfoEstimate e = run(layer, task);
  EXPECT_NEAR(e.i_xt, 12.0, 1e-9);
  EXPECT_NEAR(e.i_ty, mutual_information_xy(task), 1e-9);
  // Only the first 3 inputs vary: 8 symbols.
  for (std::size_t i = 0; i < layer.rows(); ++i)
    for (std::size_t j = 3; j < 12; ++j) layer(i, 3 * j) = 0.7f;
  EXPECT_NEAR(run(layer, task).i_xt, 3.0, 1e-9);
}

TEST(Binning, AdaptiveBinsHoldEqualMass) {
  // One unit, distinct values, 8 equal-mass bins over 4096 rows: 512 rows per bin, H = 3 bits.
  const Task task = twelve_bit_task();
  const Matrix<float> layer = random_tanh_layer(task.n_patterns(), 1, 9);
  BinningOptions o;
  o.adaptive = true;
  o.bins = 8;
  BinningWorkspace ws;
  const InfoEstimate e = binning_estimate(layer, task, o, ws);
  EXPECT_NEAR(e.i_xt, 3.0, 1e-9);
  std::vector<int> count(static_cast<std::size_t>(ws.n_symbols()), 0);
  for (int t : ws.t_of_x()) ++count[static_cast<std::size_t>(t)];
  for (int c : count) EXPECT_EQ(c, 512);
}

TEST(Binning, MatchesBruteForceWithNonUniformPxAndThreeLabels) {
  Rng rng(11);
  const std::size_t n = 500, w = 3, labels = 3;
  Task task;
  task.inputs = Matrix<float>(n, 1);
  task.p_x.resize(n);
  task.p_y_given_x = Matrix<double>(n, labels);
  double total = 0.0;
  for (std::size_t i = 0; i < n; ++i) total += task.p_x[i] = 0.1 + rng.uniform();
  for (auto& p : task.p_x) p /= total;
  for (std::size_t i = 0; i < n; ++i) {
    double s = 0.0;
    for (std::size_t y = 0; y < labels; ++y) s += task.p_y_given_x(i, y) = rng.uniform();
    for (std::size_t y = 0; y < labels; ++y) task.p_y_given_x(i, y) /= s;
  }
  Matrix<float> layer(n, w);
  for (auto& v : layer.values()) v = static_cast<float>(std::tanh(0.2 * rng.normal()));
  // Brute force: bins by the formula, grouped by std::map, I(T;Y) = H(Y) - H(Y|T).
  std::map<std::vector<int>, std::vector<double>> groups;  // symbol -> p(t, y)
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<int> key;
    for (std::size_t j = 0; j < w; ++j)
      key.push_back(std::min(29, static_cast<int>(std::floor((layer(i, j) + 1.0) * 15.0))));
    auto& g = groups[key];
    g.resize(labels, 0.0);
    for (std::size_t y = 0; y < labels; ++y) g[y] += task.p_x[i] * task.p_y_given_x(i, y);
  }
  std::vector<double> p_t, p_y(labels, 0.0);
  double h_y_given_t = 0.0;
  for (const auto& [key, g] : groups) {
    const double pt = std::accumulate(g.begin(), g.end(), 0.0);
    p_t.push_back(pt);
    for (std::size_t y = 0; y < labels; ++y) p_y[y] += g[y];
    h_y_given_t += pt * entropy_bits(g);
  }
  const InfoEstimate e = run(layer, task);
  EXPECT_EQ(e.n_symbols, static_cast<int>(groups.size()));
  EXPECT_NEAR(e.i_xt, entropy_bits(p_t), 1e-9);
  EXPECT_NEAR(e.i_ty, entropy_bits(p_y) - h_y_given_t, 1e-9);
}

TEST(Binning, WorkspaceReuseGivesIdenticalResults) {
  const Task task = twelve_bit_task();
  BinningWorkspace ws;
  const Matrix<float> a = random_tanh_layer(task.n_patterns(), 10, 1);
  const Matrix<float> b = random_tanh_layer(task.n_patterns(), 2, 2);
  const InfoEstimate ea = binning_estimate(a, task, {}, ws);
  binning_estimate(b, task, {}, ws);
  const InfoEstimate ea2 = binning_estimate(a, task, {}, ws);
  EXPECT_EQ(ea.i_xt, ea2.i_xt);
  EXPECT_EQ(ea.i_ty, ea2.i_ty);
}

TEST(Binning, BadOptionsAndValuesThrow) {
  const Task task = twelve_bit_task();
  BinningOptions o;
  o.bins = 1;
  EXPECT_THROW(BinningEstimator{o}, Error);
  o.bins = 30;
  o.range_lo = 1.0;
  o.range_hi = -1.0;
  EXPECT_THROW(BinningEstimator{o}, Error);
  Matrix<float> layer = injective_layer(task);
  layer(7, 3) = std::nanf("");
  const BinningEstimator est{BinningOptions{}};
  EXPECT_THROW(est.estimate(layer, task), Error);
  EXPECT_THROW(est.estimate(Matrix<float>(10, 2), task), Error);  // row count mismatch
}

}  // namespace
}  // namespace infoplane
