// KSG and Ross estimators against analytic and numerically integrated mutual information.
#include "infoplane/info/ksg.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "infoplane/core/error.hpp"
#include "info/synthetic_task.hpp"

namespace infoplane {
namespace {

constexpr double kEuler = 0.57721566490153286;

TEST(Ksg, DigammaKnownValues) {
  EXPECT_NEAR(digamma(1.0), -kEuler, 1e-12);
  EXPECT_NEAR(digamma(0.5), -kEuler - 2 * std::numbers::ln2, 1e-12);
  double harmonic = 0.0;
  for (int k = 1; k < 100; ++k) harmonic += 1.0 / k;
  EXPECT_NEAR(digamma(100.0), harmonic - kEuler, 1e-12);
  EXPECT_NEAR(digamma(7.5) - digamma(6.5), 1.0 / 6.5, 1e-13);
}

TEST(Ksg, GaussianChannelWithinTolerance) {
  // X ~ N(0, 1) as the task's inputs, T = X + N(0, 0.25): I = 0.5 log2(1 + 4) = 1.161 bits.
  // Stated tolerance for n = 2000, k = 3: 0.08 bits.
  Rng rng(8);
  const std::size_t n = 2000;
  Matrix<float> inputs(n, 1), layer(n, 1);
  for (std::size_t i = 0; i < n; ++i) {
    inputs(i, 0) = static_cast<float>(rng.normal());
    layer(i, 0) = inputs(i, 0) + static_cast<float>(0.5 * rng.normal());
  }
  const Task task = testing::labelled_task(inputs, std::vector<int>(n, 0), 1);
  KsgOptions o;
  o.threads = 2;
  const InfoEstimate e = KsgEstimator(o).estimate(layer, task);
  EXPECT_NEAR(e.i_xt, 0.5 * std::log2(5.0), 0.08);
}

TEST(Ksg, TwoDimensionalCorrelatedGaussians) {
  // Independent coordinates, each a channel with snr 1 and 9: I = 0.5 ln 2 + 0.5 ln 10 nats.
  // Stated tolerance for n = 2000, k = 3: 0.1 nats.
  Rng rng(12);
  const std::size_t n = 2000;
  Matrix<double> x(n, 2), t(n, 2);
  for (std::size_t i = 0; i < n; ++i) {
    x(i, 0) = rng.normal();
    x(i, 1) = rng.normal();
    t(i, 0) = x(i, 0) + rng.normal();
    t(i, 1) = x(i, 1) + rng.normal() / 3.0;
  }
  const double exact = 0.5 * std::log(2.0) + 0.5 * std::log(10.0);
  EXPECT_NEAR(ksg_mutual_information(x, t, 3, 1), exact, 0.1);
}

// Exact I(T;Y) in bits for Y uniform on {0, 1}, T | Y ~ N(+-mu, 1), by integration.
double exact_binary_gaussian(double mu) {
  const double lo = -mu - 12, hi = mu + 12;
  const int steps = 100000;
  const double h = (hi - lo) / steps, c = 1.0 / std::sqrt(2 * std::numbers::pi);
  double info = 0.0;
  for (int s = 0; s <= steps; ++s) {
    const double t = lo + s * h;
    const double p0 = c * std::exp(-(t + mu) * (t + mu) / 2), p1 = c * std::exp(-(t - mu) * (t - mu) / 2);
    const double m = 0.5 * (p0 + p1);
    double f = 0.0;
    if (p0 > 0) f += 0.5 * p0 * std::log2(p0 / m);
    if (p1 > 0) f += 0.5 * p1 * std::log2(p1 / m);
    info += (s == 0 || s == steps) ? 0.5 * f * h : f * h;
  }
  return info;
}

TEST(Ksg, RossDiscreteLabelsMatchIntegratedTruth) {
  // Stated tolerance for n = 2000, k = 3: 0.05 bits.
  Rng rng(5);
  const std::size_t n = 2000;
  const double mu = 1.0;
  Matrix<double> t(n, 1);
  std::vector<int> labels(n);
  for (std::size_t i = 0; i < n; ++i) {
    labels[i] = static_cast<int>(i % 2);
    t(i, 0) = (labels[i] ? mu : -mu) + rng.normal();
  }
  const double bits = ksg_discrete_mutual_information(t, labels, 3, 2) / std::numbers::ln2;
  EXPECT_NEAR(bits, exact_binary_gaussian(mu), 0.05);
  // Labels independent of T: about 0.
  for (std::size_t i = 0; i < n; ++i) labels[i] = static_cast<int>(rng.uniform_int(2));
  EXPECT_NEAR(ksg_discrete_mutual_information(t, labels, 3, 1) / std::numbers::ln2, 0.0, 0.03);
}

TEST(Ksg, DeterministicAndThreadIndependent) {
  Rng rng(2);
  Matrix<float> inputs(700, 2), layer(700, 3);
  for (auto& v : inputs.values()) v = static_cast<float>(rng.uniform_int(2));
  std::vector<int> labels(700);
  for (auto& y : labels) y = static_cast<int>(rng.uniform_int(3));
  const Task task = testing::labelled_task(inputs, labels, 3);
  for (auto& v : layer.values()) v = static_cast<float>(std::tanh(rng.normal()));
  KsgOptions one, two;
  two.threads = 2;
  const InfoEstimate a = KsgEstimator(one).estimate(layer, task);
  const InfoEstimate b = KsgEstimator(two).estimate(layer, task);
  EXPECT_EQ(a.i_xt, b.i_xt);
  EXPECT_EQ(a.i_ty, b.i_ty);
  EXPECT_TRUE(std::isfinite(a.i_xt));
}

TEST(Ksg, DuplicateRowsWithoutJitterStayFinite) {
  // A constant layer with the jitter switched off: every distance is 0; no crash, finite value.
  KsgOptions o;
  o.jitter = 0.0;
  Matrix<float> inputs(50, 1);
  for (std::size_t i = 0; i < 50; ++i) inputs(i, 0) = static_cast<float>(i);
  std::vector<int> labels(50);
  for (std::size_t i = 0; i < 50; ++i) labels[i] = static_cast<int>(i % 2);
  const InfoEstimate e = KsgEstimator(o).estimate(Matrix<float>(50, 2, 0.5f),
                                                  testing::labelled_task(inputs, labels, 2));
  EXPECT_TRUE(std::isfinite(e.i_xt));
  EXPECT_TRUE(std::isfinite(e.i_ty));
  // With the default jitter the constant layer carries about no information about Y.
  const InfoEstimate j = KsgEstimator(KsgOptions{}).estimate(Matrix<float>(50, 2, 0.5f),
                                                             testing::labelled_task(inputs, labels, 2));
  EXPECT_NEAR(j.i_ty, 0.0, 0.25);
}

TEST(Ksg, BadInputThrows) {
  KsgOptions o;
  o.k = 0;
  EXPECT_THROW(KsgEstimator{o}, Error);
  const Task task = testing::labelled_task(Matrix<float>(3, 1), {0, 1, 0}, 2);
  EXPECT_THROW(KsgEstimator(KsgOptions{}).estimate(Matrix<float>(3, 1), task), Error);  // k >= n
  Task skewed = testing::labelled_task(Matrix<float>(10, 1), std::vector<int>(10, 0), 1);
  skewed.p_x.assign(10, 0.5 / 9);  // non-uniform, sums to 1
  skewed.p_x[0] = 0.5;
  EXPECT_THROW(KsgEstimator(KsgOptions{}).estimate(Matrix<float>(10, 1), skewed), Error);
}

}  // namespace
}  // namespace infoplane
