// beta* of a layer (paper, Eq. 12) against known answers, brute force over beta, and the
// definition of the KL of a one-hot encoder.
#include "infoplane/ib/layer_beta.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "infoplane/core/error.hpp"
#include "infoplane/ib/ib_equations.hpp"
#include "ib/ib_test_support.hpp"

namespace infoplane {
namespace {

using testing::random_problem;

// A soft IB solution at beta0: the fixed point reached from two separated clusters.
IBFixedPoint soft_solution(const IBProblem& p, double beta0) {
  IBClusters start{{0.5, 0.5}, Matrix<double>(2, p.n_y())};
  for (std::size_t y = 0; y < p.n_y(); ++y) {
    start.p_y_given_t(0, y) = (y == 0 ? 2.0 : 1.0) / (p.n_y() + 1.0);
    start.p_y_given_t(1, y) = (y == 1 ? 2.0 : 1.0) / (p.n_y() + 1.0);
  }
  return ib_iterate(p.p_x, p.p_y_given_x, start, beta0, 1e-14, 200000);
}

TEST(LayerBeta, RecoversTheBetaOfAnIBSolution) {
  const auto p = random_problem(10, 3, 61);
  for (double beta0 : {8.0, 30.0}) {
    const auto fp = soft_solution(p, beta0);
    ASSERT_TRUE(fp.converged);
    // The solution must be non-trivial, or every beta fits it.
    ASSERT_GT(ib_information(p.p_x, p.p_y_given_x, fp.encoder).i_xt, 1e-3);
    const auto lb = encoder_beta(p.p_x, p.p_y_given_x, fp.encoder);
    EXPECT_NEAR(lb.beta_star / beta0, 1.0, 1e-5) << beta0;
    EXPECT_LT(lb.kl_bits, 1e-12);
    EXPECT_FALSE(lb.at_lower_bound || lb.at_upper_bound);
    EXPECT_EQ(lb.n_symbols, 2);
  }
}

TEST(LayerBeta, OneHotKLIsMinusLogOfTheIBEncoderAtTheLayerSymbol) {
  const auto p = random_problem(9, 2, 62);
  const std::vector<int> t_of_x = {0, 1, 2, 0, 1, 2, 0, 1, 1};
  const auto enc = one_hot_encoder(t_of_x);
  const auto clusters = ib_clusters(p.p_x, p.p_y_given_x, enc);
  const double beta = 4.2;
  // Independent: p_beta(t|x) from the definition, without logs-sum-exp.
  double expected = 0.0;
  for (std::size_t x = 0; x < 9; ++x) {
    double z = 0.0, own = 0.0;
    for (std::size_t t = 0; t < 3; ++t) {
      double kl = 0.0;
      for (std::size_t y = 0; y < 2; ++y) {
        kl += p.p_y_given_x(x, y) * std::log(p.p_y_given_x(x, y) / clusters.p_y_given_t(t, y));
      }
      const double w = clusters.p_t[t] * std::exp(-beta * kl);
      z += w;
      if (static_cast<int>(t) == t_of_x[x]) own = w;
    }
    expected -= p.p_x[x] * std::log2(own / z);
  }
  EXPECT_NEAR(encoder_kl_at_beta(p.p_x, p.p_y_given_x, enc, beta), expected, 1e-13);
}

TEST(LayerBeta, DeterministicLayerMatchesABruteForceScanOverBeta) {
  const auto p = random_problem(16, 2, 63);
  // A layer that groups inputs by p(y=0|x) but mislabels two of them: an interior optimum.
  std::vector<int> t_of_x(16);
  for (std::size_t x = 0; x < 16; ++x) t_of_x[x] = p.p_y_given_x(x, 0) < 0.5 ? 0 : 1;
  t_of_x[3] = 1 - t_of_x[3];
  t_of_x[7] = 1 - t_of_x[7];
  const auto lb = layer_beta(p.p_x, p.p_y_given_x, t_of_x);
  const auto enc = one_hot_encoder(t_of_x);
  double best_beta = 0.0, best = std::numeric_limits<double>::infinity();
  const int n = 20001;
  for (int k = 0; k < n; ++k) {
    const double beta = 1e-3 * std::pow(1e9, double(k) / (n - 1));
    const double kl = encoder_kl_at_beta(p.p_x, p.p_y_given_x, enc, beta);
    if (kl < best) best = kl, best_beta = beta;
  }
  ASSERT_FALSE(lb.at_lower_bound || lb.at_upper_bound);
  EXPECT_LE(lb.kl_bits, best + 1e-12);
  // The scan's step is 1e9^(1/20000) - 1 = 0.1% in beta.
  EXPECT_NEAR(std::log(lb.beta_star), std::log(best_beta), 2e-3);
  // Interior minimum of a smooth convex function: the derivative vanishes.
  const double h = 1e-4;
  const double up = encoder_kl_at_beta(p.p_x, p.p_y_given_x, enc, lb.beta_star * (1 + h));
  const double down = encoder_kl_at_beta(p.p_x, p.p_y_given_x, enc, lb.beta_star * (1 - h));
  EXPECT_NEAR((up - down) / (2 * h * lb.beta_star), 0.0, 1e-6);
}

TEST(LayerBeta, GroupedDeterministicPathEqualsTheDenseEncoderPath) {
  // Inputs share rows of p(y|x) (like the spherical rule's classes): the deterministic path
  // groups them, the soft-encoder path works on the dense one-hot encoder.
  const auto base = random_problem(6, 3, 64);
  IBProblem p;
  p.p_y_given_x = Matrix<double>(30, 3);
  for (std::size_t x = 0; x < 30; ++x) {
    p.p_x.push_back(1.0 / 30);
    for (std::size_t y = 0; y < 3; ++y) p.p_y_given_x(x, y) = base.p_y_given_x(x % 6, y);
  }
  std::vector<int> t_of_x(30);
  for (std::size_t x = 0; x < 30; ++x) t_of_x[x] = static_cast<int>((x * 7 + x / 4) % 11);
  const auto fast = layer_beta(p.p_x, p.p_y_given_x, t_of_x);
  const auto dense = encoder_beta(p.p_x, p.p_y_given_x, one_hot_encoder(t_of_x));
  EXPECT_NEAR(std::log(fast.beta_star), std::log(dense.beta_star), 1e-6);
  EXPECT_NEAR(fast.kl_bits, dense.kl_bits, 1e-12);
  EXPECT_NEAR(fast.i_xt, dense.i_xt, 1e-12);
  EXPECT_NEAR(fast.i_ty, dense.i_ty, 1e-12);
  EXPECT_EQ(fast.n_symbols, dense.n_symbols);
}

TEST(LayerBeta, SaturatedRowsGiveAFiniteKL) {
  // p(y=0|x) = 1e-320 (a denormal, as the saturated spherical rule produces) underflows to 0
  // in the mixed decoder of symbol 0; the fit must stay finite and interior.
  IBProblem p;
  p.p_y_given_x = Matrix<double>(4, 2);
  const double rows[4][2] = {{1e-320, 1.0}, {1e-321, 1.0}, {0.3, 0.7}, {0.9, 0.1}};
  const double p_x[4] = {1e-4, 1e-4, 0.4999, 0.4999};  // 1e-4 * 1e-320 underflows to 0
  for (std::size_t x = 0; x < 4; ++x) {
    p.p_x.push_back(p_x[x]);
    p.p_y_given_x(x, 0) = rows[x][0];
    p.p_y_given_x(x, 1) = rows[x][1];
  }
  const std::vector<int> t_of_x = {0, 0, 1, 1};
  const auto lb = layer_beta(p.p_x, p.p_y_given_x, t_of_x);
  EXPECT_TRUE(std::isfinite(lb.kl_bits));
  EXPECT_FALSE(lb.at_lower_bound);
}

TEST(LayerBeta, TrivialLayerFitsEveryBeta) {
  const auto p = random_problem(5, 2, 64);
  const std::vector<int> t_of_x(5, 0);
  const auto lb = layer_beta(p.p_x, p.p_y_given_x, t_of_x);
  EXPECT_EQ(lb.kl_bits, 0.0);
  EXPECT_EQ(lb.i_xt, 0.0);
  EXPECT_EQ(lb.n_symbols, 1);
}

TEST(LayerBeta, LayerThatKeepsEveryDistinctRowHasBetaAtTheTopOfTheRange) {
  // t(x) = x: each x is nearest (KL 0) to its own decoder, so the KL falls for ever with beta.
  const auto p = random_problem(6, 2, 65);
  const std::vector<int> t_of_x = {0, 1, 2, 3, 4, 5};
  const auto lb = layer_beta(p.p_x, p.p_y_given_x, t_of_x);
  EXPECT_TRUE(lb.at_upper_bound);
  EXPECT_NEAR(lb.i_ty, mutual_information_xy_bits(p.p_x, p.p_y_given_x), 1e-12);
}

TEST(LayerBeta, GapToTheCurveIsNonNegativeAndVanishesOnIt) {
  const auto p = random_problem(8, 2, 66);
  IBCurveOptions opt;
  opt.beta_min = 0.2, opt.beta_max = 2e4, opt.n_betas = 60, opt.keep_encoders = true;
  const auto curve = compute_ib_curve(p, opt);
  // Every deterministic 2- and 3-symbol layer lies on or below the curve's envelope, apart
  // from the chord error of a piecewise-linear envelope (checked with the points' own slope).
  Rng rng(67);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<int> t_of_x(8);
    for (auto& t : t_of_x) t = static_cast<int>(rng.uniform_int(3));
    const auto info = ib_information(p.p_x, p.p_y_given_x, one_hot_encoder(t_of_x));
    double slack = 0.0;  // the chord below a concave curve: at most the largest cell's rise
    for (std::size_t k = 1; k < curve.points.size(); ++k) {
      const auto& a = curve.points[k - 1];
      const auto& b = curve.points[k];
      if (info.i_xt >= a.i_xt && info.i_xt <= b.i_xt) {
        slack = (info.i_xt - a.i_xt) * (1.0 / a.beta - 1.0 / b.beta);
      }
    }
    EXPECT_GE(ib_curve_gap(curve, info.i_xt, info.i_ty), -slack - 1e-9) << trial;
  }
  for (const auto& pt : curve.points) {
    EXPECT_NEAR(ib_curve_gap(curve, pt.i_xt, pt.i_ty), 0.0, 1e-9) << pt.beta;
  }
}

TEST(LayerBeta, BadInputsNameTheProblem) {
  const auto p = random_problem(4, 2, 68);
  const std::vector<int> short_layer = {0, 1};
  EXPECT_THROW(layer_beta(p.p_x, p.p_y_given_x, short_layer), Error);
  const std::vector<int> negative = {0, -1, 0, 1};
  EXPECT_THROW(layer_beta(p.p_x, p.p_y_given_x, negative), Error);
  LayerBetaOptions opt;
  opt.beta_max = opt.beta_min;
  try {
    layer_beta(p.p_x, p.p_y_given_x, std::vector<int>{0, 1, 0, 1}, opt);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("beta_max"), std::string::npos) << e.what();
  }
  Matrix<double> bad(4, 2, 0.7);
  EXPECT_THROW(encoder_beta(p.p_x, p.p_y_given_x, bad), Error);
}

}  // namespace
}  // namespace infoplane
