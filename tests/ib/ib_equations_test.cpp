// The IB equations against hand computations and definitions.
#include "infoplane/ib/ib_equations.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "ib/ib_test_support.hpp"

namespace infoplane {
namespace {

using testing::random_problem;

double entropy_bits(const std::vector<double>& p) {
  double h = 0.0;
  for (double v : p) {
    if (v > 0.0) h -= v * std::log2(v);
  }
  return h;
}

Matrix<double> identity_encoder(std::size_t n) {
  Matrix<double> e(n, n, 0.0);
  for (std::size_t i = 0; i < n; ++i) e(i, i) = 1.0;
  return e;
}

TEST(IBEquations, ClustersOfAOneHotEncoderPoolTheirInputs) {
  const auto p = random_problem(3, 2, 1);
  Matrix<double> enc(3, 2, 0.0);
  enc(0, 0) = enc(1, 1) = enc(2, 1) = 1.0;
  const auto c = ib_clusters(p.p_x, p.p_y_given_x, enc);
  EXPECT_NEAR(c.p_t[0], p.p_x[0], 1e-15);
  EXPECT_NEAR(c.p_t[1], p.p_x[1] + p.p_x[2], 1e-15);
  const double y0 = (p.p_x[1] * p.p_y_given_x(1, 0) + p.p_x[2] * p.p_y_given_x(2, 0)) /
                    (p.p_x[1] + p.p_x[2]);
  EXPECT_NEAR(c.p_y_given_t(1, 0), y0, 1e-15);
  EXPECT_NEAR(c.p_y_given_t(0, 1), p.p_y_given_x(0, 1), 1e-15);
}

TEST(IBEquations, DivergencesMatchTheDefinition) {
  const auto p = random_problem(5, 3, 2);
  Matrix<double> enc(5, 2);
  for (std::size_t x = 0; x < 5; ++x) enc(x, 0) = 1.0 - (enc(x, 1) = 0.1 + 0.15 * x);
  const auto c = ib_clusters(p.p_x, p.p_y_given_x, enc);
  const auto d = ib_divergences(p.p_y_given_x, c);
  for (std::size_t x = 0; x < 5; ++x) {
    for (std::size_t t = 0; t < 2; ++t) {
      double kl = 0.0;
      for (std::size_t y = 0; y < 3; ++y) {
        const double a = p.p_y_given_x(x, y);
        kl += a * std::log(a / c.p_y_given_t(t, y));
      }
      EXPECT_NEAR(d(x, t), kl, 1e-14);
    }
  }
}

TEST(IBEquations, DivergenceIsInfiniteOffTheDecoderSupport) {
  Matrix<double> pyx(1, 2);
  pyx(0, 0) = 0.5, pyx(0, 1) = 0.5;
  IBClusters c{{1.0}, Matrix<double>(1, 2)};
  c.p_y_given_t(0, 0) = 1.0;
  EXPECT_TRUE(std::isinf(ib_divergences(pyx, c)(0, 0)));
}

TEST(IBEquations, UpdateAtBetaZeroIsThePrior) {
  const auto p = random_problem(4, 2, 3);
  IBClusters c{{0.2, 0.3, 0.5}, Matrix<double>(3, 2)};
  for (std::size_t t = 0; t < 3; ++t) c.p_y_given_t(t, 0) = 1.0 - (c.p_y_given_t(t, 1) = 0.2 * (t + 1));
  const auto enc = ib_encoder_update(p.p_y_given_x, c, 0.0);
  for (std::size_t x = 0; x < 4; ++x) {
    for (std::size_t t = 0; t < 3; ++t) EXPECT_NEAR(enc(x, t), c.p_t[t], 1e-15);
  }
}

TEST(IBEquations, UpdateStaysFiniteAtHugeBeta) {
  const auto p = random_problem(6, 2, 4);
  IBClusters c{{0.5, 0.5}, Matrix<double>(2, 2)};
  c.p_y_given_t(0, 0) = 0.8, c.p_y_given_t(0, 1) = 0.2;
  c.p_y_given_t(1, 0) = 0.3, c.p_y_given_t(1, 1) = 0.7;
  const auto d = ib_divergences(p.p_y_given_x, c);
  const auto enc = ib_encoder_update(p.p_y_given_x, c, 1e8);
  for (std::size_t x = 0; x < 6; ++x) {
    // exp(-1e8 KL) underflows for both clusters; the log-space update still picks the nearer.
    const std::size_t nearer = d(x, 0) < d(x, 1) ? 0 : 1;
    EXPECT_DOUBLE_EQ(enc(x, nearer), 1.0);
    EXPECT_DOUBLE_EQ(enc(x, 1 - nearer), 0.0);
  }
}

TEST(IBEquations, UpdateMatchesTheClosedFormAtModerateBeta) {
  const auto p = random_problem(4, 3, 5);
  IBClusters c{{0.4, 0.6}, Matrix<double>(2, 3)};
  const double rows[2][3] = {{0.5, 0.3, 0.2}, {0.1, 0.3, 0.6}};
  for (int t = 0; t < 2; ++t) for (int y = 0; y < 3; ++y) c.p_y_given_t(t, y) = rows[t][y];
  const double beta = 3.7;
  const auto d = ib_divergences(p.p_y_given_x, c);
  const auto enc = ib_encoder_update(p.p_y_given_x, c, beta);
  for (std::size_t x = 0; x < 4; ++x) {
    const double a = 0.4 * std::exp(-beta * d(x, 0)), b = 0.6 * std::exp(-beta * d(x, 1));
    EXPECT_NEAR(enc(x, 0), a / (a + b), 1e-14);
  }
}

TEST(IBEquations, InformationOfTrivialAndIdentityEncoders) {
  const auto p = random_problem(7, 3, 6);
  const auto id = ib_information(p.p_x, p.p_y_given_x, identity_encoder(7));
  EXPECT_NEAR(id.i_xt, entropy_bits(p.p_x), 1e-12);
  EXPECT_NEAR(id.i_ty, mutual_information_xy_bits(p.p_x, p.p_y_given_x), 1e-12);
  const auto trivial = ib_information(p.p_x, p.p_y_given_x, Matrix<double>(7, 1, 1.0));
  EXPECT_EQ(trivial.i_xt, 0.0);
  EXPECT_EQ(trivial.i_ty, 0.0);
}

TEST(IBEquations, InformationOfASoftEncoderMatchesTheJointDefinition) {
  const auto p = random_problem(3, 2, 7);
  Matrix<double> enc(3, 2);
  enc(0, 0) = 0.9, enc(1, 0) = 0.4, enc(2, 0) = 0.05;
  for (int x = 0; x < 3; ++x) enc(x, 1) = 1.0 - enc(x, 0);
  // Brute force over the joint p(x, t, y) = p(x) p(t|x) p(y|x).
  double pt[2] = {0, 0}, py[2] = {0, 0}, pty[2][2] = {{0, 0}, {0, 0}};
  for (int x = 0; x < 3; ++x) {
    for (int t = 0; t < 2; ++t) {
      pt[t] += p.p_x[x] * enc(x, t);
      for (int y = 0; y < 2; ++y) pty[t][y] += p.p_x[x] * enc(x, t) * p.p_y_given_x(x, y);
    }
    for (int y = 0; y < 2; ++y) py[y] += p.p_x[x] * p.p_y_given_x(x, y);
  }
  double i_xt = 0, i_ty = 0;
  for (int x = 0; x < 3; ++x) {
    for (int t = 0; t < 2; ++t) i_xt += p.p_x[x] * enc(x, t) * std::log2(enc(x, t) / pt[t]);
  }
  for (int t = 0; t < 2; ++t) {
    for (int y = 0; y < 2; ++y) i_ty += pty[t][y] * std::log2(pty[t][y] / (pt[t] * py[y]));
  }
  const auto info = ib_information(p.p_x, p.p_y_given_x, enc);
  EXPECT_NEAR(info.i_xt, i_xt, 1e-14);
  EXPECT_NEAR(info.i_ty, i_ty, 1e-14);
}

TEST(IBEquations, IterationReachesAFixedPointOfAllThreeEquations) {
  const auto p = random_problem(8, 2, 8);
  IBClusters start{{0.5, 0.5}, Matrix<double>(2, 2)};
  start.p_y_given_t(0, 0) = 0.7, start.p_y_given_t(0, 1) = 0.3;
  start.p_y_given_t(1, 0) = 0.2, start.p_y_given_t(1, 1) = 0.8;
  const double beta = 20.0;
  const auto fp = ib_iterate(p.p_x, p.p_y_given_x, start, beta, 1e-12, 100000);
  ASSERT_TRUE(fp.converged);
  EXPECT_LT(fp.residual, 1e-12);
  EXPECT_LT(testing::ib_equation_residual(p.p_x, p.p_y_given_x, fp.encoder, beta), 1e-10);
  // The returned clusters are those of the returned encoder.
  const auto c = ib_clusters(p.p_x, p.p_y_given_x, fp.encoder);
  for (std::size_t t = 0; t < 2; ++t) EXPECT_NEAR(c.p_t[t], fp.clusters.p_t[t], 1e-15);
}

TEST(IBEquations, IterationFlagsAnUnconvergedRun) {
  const auto p = random_problem(8, 2, 8);
  IBClusters start{{0.5, 0.5}, Matrix<double>(2, 2)};
  start.p_y_given_t(0, 0) = 0.7, start.p_y_given_t(0, 1) = 0.3;
  start.p_y_given_t(1, 0) = 0.2, start.p_y_given_t(1, 1) = 0.8;
  const auto fp = ib_iterate(p.p_x, p.p_y_given_x, start, 20.0, 1e-300, 3);
  EXPECT_FALSE(fp.converged);
  EXPECT_EQ(fp.iterations, 3);
  EXPECT_GT(fp.residual, 0.0);
}

}  // namespace
}  // namespace infoplane
