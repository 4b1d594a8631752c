// KDE bounds against ground truth: separated mixtures (I -> H(X)), two-component mixtures and
// a Gaussian channel whose exact mutual information comes from numerical integration.
#include "infoplane/info/kde.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "infoplane/core/error.hpp"
#include "info/synthetic_task.hpp"

namespace infoplane {
namespace {

// Exact I(X;T') in bits for 1-D T' = t(X) + N(0, s2), X uniform over the rows of `centres`:
// h(T') - h(T'|X) with h(T') integrated on a fine grid (trapezoid rule).
double exact_mixture_information_1d(const std::vector<double>& centres, double s2) {
  const double sd = std::sqrt(s2);
  double lo = centres[0], hi = centres[0];
  for (double c : centres) lo = std::min(lo, c), hi = std::max(hi, c);
  lo -= 12 * sd;
  hi += 12 * sd;
  const int steps = 20000;
  const double h = (hi - lo) / steps, norm = 1.0 / std::sqrt(2 * std::numbers::pi * s2);
  double entropy = 0.0;
  for (int s = 0; s <= steps; ++s) {
    const double x = lo + s * h;
    double p = 0.0;
    for (double c : centres) p += norm * std::exp(-(x - c) * (x - c) / (2 * s2));
    p /= static_cast<double>(centres.size());
    const double f = p > 0 ? -p * std::log(p) : 0.0;
    entropy += (s == 0 || s == steps) ? 0.5 * f * h : f * h;
  }
  const double h_noise = 0.5 * std::log(2 * std::numbers::pi * std::numbers::e * s2);
  return (entropy - h_noise) / std::numbers::ln2;
}

Task uniform_task(std::size_t n, const std::vector<int>& labels, int n_labels) {
  return testing::labelled_task(Matrix<float>(n, 1), labels, n_labels);
}

TEST(Kde, WellSeparatedMixtureGivesEntropyOfX) {
  // 16 points on a 2-D grid of spacing 1, sigma2 = 1e-3: the components do not overlap, so
  // both bounds equal H(X) (non-uniform p(x)) and I(T;Y) = I(X;Y) = H(Y) for 0/1 labels.
  const std::size_t n = 16;
  Matrix<float> layer(n, 2);
  std::vector<int> labels(n);
  for (std::size_t i = 0; i < n; ++i) {
    layer(i, 0) = static_cast<float>(i % 4);
    layer(i, 1) = static_cast<float>(i / 4);
    labels[i] = (i * 7) % 3 == 0 ? 1 : 0;
  }
  Task task = uniform_task(n, labels, 2);
  double total = 0.0;
  for (std::size_t i = 0; i < n; ++i) total += task.p_x[i] = 1.0 + static_cast<double>(i % 5);
  for (auto& p : task.p_x) p /= total;
  const KdeBounds b = kde_bounds(layer, task, 1e-3, 1);
  const double h_x = testing::entropy_bits(task.p_x);
  EXPECT_NEAR(b.i_xt_lower, h_x, 1e-9);
  EXPECT_NEAR(b.i_xt_upper, h_x, 1e-9);
  const double i_xy = testing::mutual_information_xy(task);
  EXPECT_NEAR(b.i_ty_lower, i_xy, 1e-9);
  EXPECT_NEAR(b.i_ty_upper, i_xy, 1e-9);
}

TEST(Kde, BoundsBracketExactTwoComponentMixture) {
  for (double delta : {0.3, 1.0, 2.0, 4.0}) {
    Matrix<float> layer(2, 1);
    layer(0, 0) = 0.0f;
    layer(1, 0) = static_cast<float>(delta);
    const Task task = uniform_task(2, {0, 1}, 2);  // Y = X: I(T;Y) = I(X;T)
    const KdeBounds b = kde_bounds(layer, task, 1.0, 1);
    const double exact = exact_mixture_information_1d({0.0, delta}, 1.0);
    EXPECT_LE(b.i_xt_lower, exact + 1e-9) << "delta " << delta;
    EXPECT_GE(b.i_xt_upper, exact - 1e-9) << "delta " << delta;
    EXPECT_NEAR(b.i_ty_lower, b.i_xt_lower, 1e-12);
    EXPECT_NEAR(b.i_ty_upper, b.i_xt_upper, 1e-12);
  }
}

TEST(Kde, GaussianChannelWithinTolerance) {
  // T' = X + N(0, 0.25), X ~ N(0, 1) represented by 1000 samples: I = 0.5 log2(1 + 4) =
  // 1.161 bits for continuous X. The pairwise bounds are not tight when the components overlap
  // densely (continuous X): for small noise the KL bound tends to I + d/2 nats and the
  // Bhattacharyya bound to I - d/2 (ln 4 - 1) nats. Stated tolerance: the bounds bracket the
  // exact information of the sample mixture and the continuous value (within 0.05 bits of
  // sampling error), and the gap is at most d bits (here 1).
  Rng rng(21);
  const std::size_t n = 1000;
  Matrix<float> layer(n, 1);
  std::vector<double> centres(n);
  for (std::size_t i = 0; i < n; ++i) centres[i] = layer(i, 0) = static_cast<float>(rng.normal());
  const Task task = uniform_task(n, std::vector<int>(n, 0), 1);
  const KdeBounds b = kde_bounds(layer, task, 0.25, 2);
  const double exact = exact_mixture_information_1d(centres, 0.25);
  const double analytic = 0.5 * std::log2(1.0 + 4.0);
  EXPECT_LE(b.i_xt_lower, exact + 1e-6);
  EXPECT_GE(b.i_xt_upper, exact - 1e-6);
  EXPECT_LE(b.i_xt_lower, analytic + 0.05);
  EXPECT_GE(b.i_xt_upper, analytic - 0.05);
  EXPECT_LE(b.i_xt_upper - b.i_xt_lower, 1.0);
  EXPECT_NEAR(exact, analytic, 0.05);
  EXPECT_NEAR(b.i_ty_upper, 0.0, 1e-9);  // one label: I(T;Y) = 0
}

// The bounds' formulas written out pair by pair in double (docs/estimators.md): the reference
// for the GEMM path of wide layers. In bits.
KdeBounds naive_kde(const Matrix<float>& t, const Task& task, double s2) {
  const std::size_t n = t.rows(), d = t.cols(), ny = task.n_labels();
  std::vector<double> p_y(ny, 0.0);
  for (std::size_t j = 0; j < n; ++j)
    for (std::size_t y = 0; y < ny; ++y) p_y[y] += task.p_x[j] * task.p_y_given_x(j, y);
  double up = 0, lo = 0, cup = 0, clo = 0;
  for (std::size_t i = 0; i < n; ++i) {
    double a_up = 0, a_lo = 0;
    std::vector<double> b_up(ny, 0.0), b_lo(ny, 0.0);
    for (std::size_t j = 0; j < n; ++j) {
      double dist = 0;
      for (std::size_t c = 0; c < d; ++c) dist += (double(t(i, c)) - t(j, c)) * (double(t(i, c)) - t(j, c));
      const double ku = std::exp(-dist / (2 * s2)), kl = std::exp(-dist / (8 * s2));
      a_up += task.p_x[j] * ku;
      a_lo += task.p_x[j] * kl;
      for (std::size_t y = 0; y < ny; ++y) {
        b_up[y] += task.p_x[j] * task.p_y_given_x(j, y) * ku;
        b_lo[y] += task.p_x[j] * task.p_y_given_x(j, y) * kl;
      }
    }
    up += task.p_x[i] * std::log(a_up);
    lo += task.p_x[i] * std::log(a_lo);
    for (std::size_t y = 0; y < ny; ++y) {
      const double w = task.p_x[i] * task.p_y_given_x(i, y);
      if (w <= 0) continue;
      cup += w * std::log(b_up[y] / p_y[y]);
      clo += w * std::log(b_lo[y] / p_y[y]);
    }
  }
  const double bits = 1 / std::numbers::ln2;
  KdeBounds b;
  b.i_xt_upper = -up * bits;
  b.i_xt_lower = -lo * bits;
  b.i_ty_upper = (-up + cup) * bits;
  b.i_ty_lower = (-lo + clo) * bits;
  return b;
}

TEST(Kde, WideLayersThroughTheGemmPathMatchThePairwiseFormulas) {
  // 40 units (>= 32: squared distances from a GEMM), 1,100 rows (three 512-row blocks, the
  // last partial), 3 labels; then the same on 1 and 3 threads.
  constexpr std::size_t kRows = 1100;
  Rng rng(12);
  Matrix<float> layer(kRows, 40);
  for (auto& v : layer.values()) v = static_cast<float>(std::tanh(0.05 * rng.normal()));
  std::vector<int> labels(kRows);
  for (auto& y : labels) y = static_cast<int>(rng.uniform_int(3));
  const Task task = uniform_task(kRows, labels, 3);
  const KdeBounds ref = naive_kde(layer, task, 0.1);
  const KdeBounds got = kde_bounds(layer, task, 0.1, 1);
  EXPECT_NEAR(got.i_xt_upper, ref.i_xt_upper, 1e-9);
  EXPECT_NEAR(got.i_xt_lower, ref.i_xt_lower, 1e-9);
  EXPECT_NEAR(got.i_ty_upper, ref.i_ty_upper, 1e-9);
  EXPECT_NEAR(got.i_ty_lower, ref.i_ty_lower, 1e-9);
  EXPECT_GT(ref.i_xt_upper, 0.5);  // not a degenerate case
  EXPECT_LT(ref.i_xt_upper, std::log2(static_cast<double>(kRows)) - 0.1);
  const KdeBounds three = kde_bounds(layer, task, 0.1, 3);
  EXPECT_EQ(got.i_xt_upper, three.i_xt_upper);
  EXPECT_EQ(got.i_ty_lower, three.i_ty_lower);
}

TEST(Kde, ConstantLayerGivesZeroAndThreadsDoNotChangeResults) {
  const Task task = testing::twelve_bit_task();
  const KdeBounds c = kde_bounds(Matrix<float>(task.n_patterns(), 3, 0.1f), task, 1e-3, 1);
  EXPECT_NEAR(c.i_xt_upper, 0.0, 1e-12);
  EXPECT_NEAR(c.i_xt_lower, 0.0, 1e-12);
  EXPECT_NEAR(c.i_ty_upper, 0.0, 1e-12);
  Rng rng(4);
  Matrix<float> layer(600, 3);
  for (auto& v : layer.values()) v = static_cast<float>(std::tanh(rng.normal()));
  std::vector<int> labels(600);
  for (auto& y : labels) y = static_cast<int>(rng.uniform_int(2));
  const Task t2 = uniform_task(600, labels, 2);
  const KdeBounds one = kde_bounds(layer, t2, 0.01, 1), three = kde_bounds(layer, t2, 0.01, 3);
  EXPECT_EQ(one.i_xt_upper, three.i_xt_upper);
  EXPECT_EQ(one.i_ty_lower, three.i_ty_lower);
  EXPECT_LE(one.i_xt_lower, one.i_xt_upper);
}

TEST(Kde, PermutingOrNegatingUnitsChangesNothing) {
  // Distances are invariant under permuting and negating units: so are the bounds.
  Rng rng(6);
  Matrix<float> layer(300, 3), moved(300, 3);
  for (auto& v : layer.values()) v = static_cast<float>(std::tanh(0.05 * rng.normal()));
  std::vector<int> labels(300);
  for (auto& y : labels) y = static_cast<int>(rng.uniform_int(2));
  for (std::size_t i = 0; i < 300; ++i) {
    moved(i, 0) = -layer(i, 2);
    moved(i, 1) = layer(i, 0);
    moved(i, 2) = -layer(i, 1);
  }
  const Task task = uniform_task(300, labels, 2);
  const KdeBounds a = kde_bounds(layer, task, 1e-3, 1), b = kde_bounds(moved, task, 1e-3, 1);
  EXPECT_NEAR(a.i_xt_upper, b.i_xt_upper, 1e-12);
  EXPECT_NEAR(a.i_xt_lower, b.i_xt_lower, 1e-12);
  EXPECT_NEAR(a.i_ty_upper, b.i_ty_upper, 1e-12);
  EXPECT_NEAR(a.i_ty_lower, b.i_ty_lower, 1e-12);
}

TEST(Kde, EstimatorNamesSelectTheBound) {
  Rng rng(3);
  Matrix<float> layer(400, 2);
  for (auto& v : layer.values()) v = static_cast<float>(0.05 * rng.normal());
  const Task task = uniform_task(400, std::vector<int>(400, 0), 1);
  const InfoEstimate up = KdeEstimator("kde_upper", 1e-3, 1).estimate(layer, task);
  const InfoEstimate lo = KdeEstimator("kde_lower", 1e-3, 1).estimate(layer, task);
  EXPECT_EQ(up.i_xt, up.i_xt_upper);
  EXPECT_EQ(lo.i_xt, lo.i_xt_lower);
  EXPECT_LT(lo.i_xt, up.i_xt);  // overlapping components: the bounds differ
  EXPECT_THROW(KdeEstimator("kde", 0.0, 1), Error);
  EXPECT_THROW(KdeEstimator("kde_middle", 1e-3, 1), Error);
}

}  // namespace
}  // namespace infoplane
