// The noisy-layer estimator ("noisy") against independent references: 1-D mixtures whose
// entropies come from a dense trapezoid integral (two components, identical rows, a class
// mixture with soft labels), the calibration of the stated error, the limits of no and full
// separation, the KDE bounds on the same mixture, invariants (DPI, I(X;Y), unit permutation,
// offset, thread count) and bad input.
#include "infoplane/info/noisy_mixture.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>

#include "infoplane/core/error.hpp"
#include "infoplane/info/kde.hpp"
#include "info/synthetic_task.hpp"

namespace infoplane {
namespace {

using testing::labelled_task;
using testing::mutual_information_xy;

// Differential entropy in bits of the 1-D mixture sum_i w_i N(c_i, s2) (weights normalised
// here), by the trapezoid rule on a dense grid covering +-12 standard deviations.
double mixture_entropy_1d(const std::vector<double>& centres, std::vector<double> w, double s2) {
  double total = 0.0;
  for (double v : w) total += v;
  for (double& v : w) v /= total;
  const double sd = std::sqrt(s2);
  double lo = centres[0], hi = centres[0];
  for (double c : centres) lo = std::min(lo, c), hi = std::max(hi, c);
  lo -= 12 * sd;
  hi += 12 * sd;
  const int steps = 40000;
  const double h = (hi - lo) / steps, norm = 1.0 / std::sqrt(2 * std::numbers::pi * s2);
  double entropy = 0.0;
  for (int s = 0; s <= steps; ++s) {
    const double t = lo + s * h;
    double p = 0.0;
    for (std::size_t i = 0; i < centres.size(); ++i)
      p += w[i] * norm * std::exp(-(t - centres[i]) * (t - centres[i]) / (2 * s2));
    const double f = p > 0 ? -p * std::log2(p) : 0.0;
    entropy += (s == 0 || s == steps) ? 0.5 * f * h : f * h;
  }
  return entropy;
}

double gaussian_entropy_bits(double s2, std::size_t d = 1) {
  return 0.5 * static_cast<double>(d) * std::log2(2 * std::numbers::pi * std::numbers::e * s2);
}

Matrix<float> column(const std::vector<double>& values) {
  Matrix<float> m(values.size(), 1);
  for (std::size_t i = 0; i < values.size(); ++i) m(i, 0) = static_cast<float>(values[i]);
  return m;
}

NoisyMixtureInfo run(const Matrix<float>& layer, const Task& task, double sigma2, int samples,
                     std::uint64_t seed = 1, int threads = 1) {
  NoisyMixtureOptions o;
  o.sigma2 = sigma2;
  o.mc_samples = samples;
  o.seed = seed;
  o.threads = threads;
  return noisy_mixture_information(layer, task, o);
}

// Two equiprobable patterns at -a and +a, Y = X (so T|Y=y is one Gaussian and I(T;Y) = I(X;T)).
TEST(NoisyMixture, TwoComponentsMatchQuadrature) {
  const double s2 = 0.01;  // sd 0.1
  const Task task = labelled_task(Matrix<float>(2, 1), {0, 1}, 2);
  for (double a : {0.025, 0.05, 0.1, 0.2, 0.4}) {
    const NoisyMixtureInfo r = run(column({-a, a}), task, s2, 4096);
    const double exact = mixture_entropy_1d({-a, a}, {1, 1}, s2) - gaussian_entropy_bits(s2);
    EXPECT_NEAR(r.h_t_given_x, gaussian_entropy_bits(s2), 1e-12);
    EXPECT_NEAR(r.i_xt, exact, 4 * r.i_xt_se) << "a = " << a;
    // For well-separated components D_m is nearly constant (1 bit) and I(T;Y) misses
    // overlaps rarer than 1/M: at a = 4 sd these cost 1.3e-4 bits (events of probability ~3e-5)
    // while the sample SE is ~1e-6, hence the absolute floor.
    EXPECT_NEAR(r.i_ty, exact, 4 * r.i_ty_se + 2e-4) << "a = " << a;
    EXPECT_GT(r.i_xt_se, 0.0);
    EXPECT_LT(r.i_xt_se, 0.05);
  }
}

TEST(NoisyMixture, IdenticalRowsAreOneComponent) {
  // Rows (0, 0, 0.15): the mixture 2/3 N(0) + 1/3 N(0.15); patterns 0 and 1 coincide.
  const double s2 = 0.01;
  const Task task = labelled_task(Matrix<float>(3, 1), {0, 1, 1}, 2);
  const NoisyMixtureInfo r = run(column({0.0, 0.0, 0.15}), task, s2, 4096);
  const double h = mixture_entropy_1d({0.0, 0.15}, {2, 1}, s2);
  EXPECT_NEAR(r.h_t, h, 4 * r.h_t_se);
  // Y=1 holds patterns 1 and 2: T|Y=1 = (N(0) + N(0.15)) / 2, T|Y=0 = N(0).
  const double h_ty = 1.0 / 3 * gaussian_entropy_bits(s2) +
                      2.0 / 3 * mixture_entropy_1d({0.0, 0.15}, {1, 1}, s2);
  EXPECT_NEAR(r.i_ty, h - h_ty, 4 * r.i_ty_se);
}

TEST(NoisyMixture, ClassMixtureWithSoftLabelsMatchesQuadrature) {
  // Four patterns with p(x) = (0.1, 0.2, 0.3, 0.4) and soft labels; T|Y=y has weights
  // p(x|y) = p(x) p(y|x) / p(y).
  const std::vector<double> f = {-0.3, -0.05, 0.1, 0.35}, p = {0.1, 0.2, 0.3, 0.4};
  const std::vector<double> q1 = {0.9, 0.6, 0.2, 0.0};  // p(y=1|x)
  Task task = labelled_task(Matrix<float>(4, 1), {0, 0, 0, 0}, 2);
  task.p_x = p;
  for (std::size_t i = 0; i < 4; ++i) {
    task.p_y_given_x(i, 1) = q1[i];
    task.p_y_given_x(i, 0) = 1.0 - q1[i];
  }
  const double s2 = 0.02;
  const NoisyMixtureInfo r = run(column(f), task, s2, 8192, 5);
  const double h_t = mixture_entropy_1d(f, p, s2);
  double h_ty = 0.0;
  for (int y = 0; y < 2; ++y) {
    std::vector<double> w(4);
    double p_y = 0.0;
    for (std::size_t i = 0; i < 4; ++i) p_y += w[i] = p[i] * (y == 1 ? q1[i] : 1.0 - q1[i]);
    h_ty += p_y * mixture_entropy_1d(f, w, s2);
  }
  EXPECT_NEAR(r.i_xt, h_t - gaussian_entropy_bits(s2), 4 * r.i_xt_se);
  EXPECT_NEAR(r.i_ty, h_t - h_ty, 4 * r.i_ty_se);
  EXPECT_NEAR(r.h_t_given_y, h_ty, 4 * (r.h_t_se + r.i_ty_se));
  EXPECT_GT(h_t - h_ty, 0.05);  // a non-trivial I(T;Y)
  // Sharing the samples: I(T;Y)'s error is much smaller than that of h(T) alone.
  EXPECT_LT(r.i_ty_se, 0.5 * r.h_t_se);
}

TEST(NoisyMixture, StandardErrorShrinksLikeOneOverSqrtM) {
  const Task task = labelled_task(Matrix<float>(2, 1), {0, 1}, 2);
  const Matrix<float> layer = column({-0.1, 0.1});
  const NoisyMixtureInfo small = run(layer, task, 0.01, 1024), big = run(layer, task, 0.01, 16384);
  EXPECT_NEAR(small.h_t_se / big.h_t_se, 4.0, 0.4);
  EXPECT_NEAR(small.i_ty_se / big.i_ty_se, 4.0, 0.4);
  const double exact = mixture_entropy_1d({-0.1, 0.1}, {1, 1}, 0.01);
  EXPECT_NEAR(big.h_t, exact, 4 * big.h_t_se);
}

TEST(NoisyMixture, StatedErrorIsCalibrated) {
  // Over 60 seeds the z-scores (estimate - quadrature) / se have mean square ~ 1: the stated
  // error is the actual spread (chi-square with 60 dof: 0.6..1.5 holds with > 99.5%).
  const Task task = labelled_task(Matrix<float>(2, 1), {0, 1}, 2);
  const Matrix<float> layer = column({-0.08, 0.08});
  const double exact = mixture_entropy_1d({-0.08, 0.08}, {1, 1}, 0.01);
  double z2_h = 0.0, z2_i = 0.0;
  const int n_seeds = 60;
  for (int seed = 1; seed <= n_seeds; ++seed) {
    const NoisyMixtureInfo r = run(layer, task, 0.01, 256, static_cast<std::uint64_t>(seed));
    z2_h += std::pow((r.h_t - exact) / r.h_t_se, 2) / n_seeds;
    z2_i += std::pow((r.i_ty - (exact - gaussian_entropy_bits(0.01))) / r.i_ty_se, 2) / n_seeds;
  }
  EXPECT_GT(z2_h, 0.6);
  EXPECT_LT(z2_h, 1.5);
  EXPECT_GT(z2_i, 0.6);
  EXPECT_LT(z2_i, 1.5);
}

TEST(NoisyMixture, LimitsOfSeparation) {
  const Task task = labelled_task(Matrix<float>(2, 1), {0, 1}, 2);
  // a = 50 sd: the components do not overlap, I(X;T) = H(X) = 1 bit.
  const NoisyMixtureInfo far = run(column({-5.0, 5.0}), task, 0.01, 4096);
  EXPECT_NEAR(far.i_xt, 1.0, 4 * far.i_xt_se);
  EXPECT_NEAR(far.i_ty, 1.0, 1e-9);  // D_m = log2(1 / p(y)) for every sample
  // a = 0: one component, I = 0 (for I(T;Y) exactly: p(t|y) = p(t) for every sample).
  const NoisyMixtureInfo same = run(column({0.0, 0.0}), task, 0.01, 4096);
  EXPECT_NEAR(same.i_xt, 0.0, 4 * same.i_xt_se);
  EXPECT_NEAR(same.i_ty, 0.0, 1e-12);
}

TEST(NoisyMixture, WellSeparatedLayerGivesEntropyOfXAndIxy) {
  // The 12 input bits as a 12-unit layer (corners at distance >= 1, sigma2 = 1e-3).
  const Task task = testing::twelve_bit_task();
  const NoisyMixtureInfo r = run(task.inputs, task, 1e-3, 512);
  EXPECT_NEAR(r.i_xt, 12.0, 4 * r.i_xt_se);
  // D_m = sum_y p(y|x_m) log2(p(y|x_m) / p(y)) here: its only error is the draw of x_m.
  EXPECT_NEAR(r.i_ty, mutual_information_xy(task), 4 * r.i_ty_se);
  // So its stated error is std_x(g(x)) / sqrt(M), g(x) = sum_y p(y|x) log2(p(y|x) / p(y)).
  const double i_xy = mutual_information_xy(task);
  double p1 = 0.0, var = 0.0;
  for (std::size_t i = 0; i < task.n_patterns(); ++i) p1 += task.p_x[i] * task.p_y_given_x(i, 1);
  for (std::size_t i = 0; i < task.n_patterns(); ++i) {
    double g = 0.0;
    for (int y = 0; y < 2; ++y) {
      const double q = task.p_y_given_x(i, y);
      if (q > 0) g += q * std::log2(q / (y == 1 ? p1 : 1.0 - p1));
    }
    var += task.p_x[i] * (g - i_xy) * (g - i_xy);
  }
  EXPECT_NEAR(r.i_ty_se, std::sqrt(var / 512), 0.1 * std::sqrt(var / 512));
}

// A 3-unit layer of the 12-bit task with overlapping noisy components.
Matrix<float> overlapping_layer(const Task& task, double scale, std::uint64_t seed) {
  Rng rng(seed);
  Matrix<float> w(12, 3);
  for (auto& v : w.values()) v = static_cast<float>(rng.normal());
  Matrix<float> layer(task.n_patterns(), 3);
  for (std::size_t i = 0; i < layer.rows(); ++i)
    for (std::size_t c = 0; c < 3; ++c) {
      double s = 0.0;
      for (std::size_t b = 0; b < 12; ++b) s += (2.0 * task.inputs(i, b) - 1.0) * w(b, c);
      layer(i, c) = static_cast<float>(std::tanh(scale * s));
    }
  return layer;
}

TEST(NoisyMixture, KdeBoundsBracketTheEstimate) {
  // The KDE values are the Kolchinsky-Tracey bounds on I(X;T) of the same mixture.
  const Task task = testing::twelve_bit_task();
  for (double s2 : {1e-3, 1e-2}) {
    const Matrix<float> layer = overlapping_layer(task, 0.1, 3);
    const NoisyMixtureInfo r = run(layer, task, s2, 1024);
    EstimatorOptions o;
    o.sigma2 = s2;
    const InfoEstimate lo = make_estimator("kde_lower", o)->estimate(layer, task);
    const InfoEstimate up = make_estimator("kde_upper", o)->estimate(layer, task);
    EXPECT_GT(up.i_xt - lo.i_xt, 0.3) << "sigma2 " << s2;  // a bracket with content
    EXPECT_GE(r.i_xt, lo.i_xt - 4 * r.i_xt_se) << "sigma2 " << s2;
    EXPECT_LE(r.i_xt, up.i_xt + 4 * r.i_xt_se) << "sigma2 " << s2;
  }
}

TEST(NoisyMixture, InformationInequalities) {
  // I(T;Y) <= I(X;T) and I(T;Y) <= I(X;Y) (Markov chain Y -> X -> T), within the MC error.
  const Task task = testing::twelve_bit_task();
  const double i_xy = mutual_information_xy(task);
  for (double scale : {0.05, 0.3, 1.0}) {
    const NoisyMixtureInfo r = run(overlapping_layer(task, scale, 4), task, 1e-2, 512);
    EXPECT_LE(r.i_ty, r.i_xt + 4 * (r.i_xt_se + r.i_ty_se)) << "scale " << scale;
    EXPECT_LE(r.i_ty, i_xy + 4 * r.i_ty_se) << "scale " << scale;
    EXPECT_GT(r.i_ty, 0.0);
  }
}

TEST(NoisyMixture, InvariantUnderPermutationOffsetAndThreads) {
  const Task task = testing::twelve_bit_task();
  // Values on a grid of 1/64 and an offset of 0.5: the shifted layer is exact in float, so the
  // same seed gives the same samples shifted by the offset and the same estimate to rounding.
  Matrix<float> layer = overlapping_layer(task, 0.3, 5);
  for (auto& v : layer.values()) v = std::round(v * 64.0f) / 64.0f;
  Matrix<float> shifted = layer, permuted(layer.rows(), 3);
  for (auto& v : shifted.values()) v += 0.5f;
  for (std::size_t i = 0; i < layer.rows(); ++i) {
    permuted(i, 0) = layer(i, 2);
    permuted(i, 1) = layer(i, 0);
    permuted(i, 2) = layer(i, 1);
  }
  const NoisyMixtureInfo a = run(layer, task, 1e-2, 512);
  const NoisyMixtureInfo b = run(shifted, task, 1e-2, 512);
  EXPECT_NEAR(a.i_xt, b.i_xt, 1e-9);
  EXPECT_NEAR(a.i_ty, b.i_ty, 1e-9);
  // Permuting units permutes which unit gets which noise draw: equal within the MC error.
  const NoisyMixtureInfo p = run(permuted, task, 1e-2, 512);
  EXPECT_NEAR(a.i_xt, p.i_xt, 4 * std::hypot(a.i_xt_se, p.i_xt_se));
  EXPECT_NEAR(a.i_ty, p.i_ty, 4 * std::hypot(a.i_ty_se, p.i_ty_se));
  // Threads: identical bits; another seed: different samples.
  const NoisyMixtureInfo t2 = run(layer, task, 1e-2, 512, 1, 2);
  const NoisyMixtureInfo t3 = run(layer, task, 1e-2, 500, 1, 3);
  EXPECT_EQ(a.i_xt, t2.i_xt);
  EXPECT_EQ(a.i_ty, t2.i_ty);
  EXPECT_EQ(a.i_xt_se, t2.i_xt_se);
  EXPECT_EQ(run(layer, task, 1e-2, 500, 1, 1).i_ty, t3.i_ty);
  EXPECT_NE(run(layer, task, 1e-2, 512, 2).i_xt, a.i_xt);
}

TEST(NoisyMixture, EstimatorReportsTwoStandardErrors) {
  const Task task = labelled_task(Matrix<float>(2, 1), {0, 1}, 2);
  EstimatorOptions o;
  o.sigma2 = 0.01;
  o.mc_samples = 2000;
  o.seed = 9;
  const auto est = make_estimator("noisy", o);
  EXPECT_EQ(est->name(), "noisy");
  const InfoEstimate e = est->estimate(column({-0.1, 0.1}), task);
  const NoisyMixtureInfo r = run(column({-0.1, 0.1}), task, 0.01, 2000, 9);
  EXPECT_EQ(e.i_xt, r.i_xt);
  EXPECT_EQ(e.i_ty, r.i_ty);
  EXPECT_DOUBLE_EQ(e.i_xt_lower, r.i_xt - 2 * r.i_xt_se);
  EXPECT_DOUBLE_EQ(e.i_xt_upper, r.i_xt + 2 * r.i_xt_se);
  EXPECT_DOUBLE_EQ(e.i_ty_lower, r.i_ty - 2 * r.i_ty_se);
  EXPECT_DOUBLE_EQ(e.i_ty_upper, r.i_ty + 2 * r.i_ty_se);
  // One sample: the estimate exists, its error is unknown (infinite).
  const NoisyMixtureInfo one = run(column({-0.1, 0.1}), task, 0.01, 1);
  EXPECT_TRUE(std::isfinite(one.i_xt));
  EXPECT_TRUE(std::isinf(one.i_xt_se));
}

TEST(NoisyMixture, BadInputThrowsNamingTheOption) {
  const Task task = labelled_task(Matrix<float>(2, 1), {0, 1}, 2);
  auto message = [&](EstimatorOptions o, const Matrix<float>& layer) {
    try {
      make_estimator("noisy", o)->estimate(layer, task);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const Matrix<float> good = column({0.0, 1.0});
  Matrix<float> nan = good;
  nan(1, 0) = std::numeric_limits<float>::quiet_NaN();
  EstimatorOptions o;
  EXPECT_EQ(message(o, good), "no error");
  for (double s2 : {0.0, -1.0, std::numeric_limits<double>::quiet_NaN()}) {
    o.sigma2 = s2;
    EXPECT_NE(message(o, good).find("sigma2"), std::string::npos) << s2;
    EXPECT_NE(message(o, good).find("> 0"), std::string::npos) << s2;
  }
  o = {};
  o.mc_samples = 0;
  EXPECT_NE(message(o, good).find("mc_samples = 0: must be >= 1"), std::string::npos);
  o = {};
  o.threads = 0;
  EXPECT_NE(message(o, good).find("threads"), std::string::npos);
  EXPECT_NE(message({}, nan).find("NaN"), std::string::npos);
  EXPECT_NE(message({}, nan).find("noisy"), std::string::npos);
  EXPECT_THROW(run(column({0.0}), task, 0.01, 10), Error);  // rows do not match the task
}

}  // namespace
}  // namespace infoplane
