// The annealed IB curve against the analytic binary-symmetric-channel curve, brute force over
// encoders of a tiny X, and the curve's own invariants.
#include "infoplane/ib/ib_curve.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "infoplane/core/error.hpp"
#include "infoplane/ib/ib_equations.hpp"
#include "ib/ib_test_support.hpp"

namespace infoplane {
namespace {

using testing::binary_symmetric;
using testing::random_problem;

double binary_entropy(double q) {
  if (q <= 0.0 || q >= 1.0) return 0.0;
  return -q * std::log2(q) - (1 - q) * std::log2(1 - q);
}

// h^{-1} on [0, 1/2] by bisection.
double inverse_binary_entropy(double h) {
  double lo = 0.0, hi = 0.5;
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (binary_entropy(mid) < h ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

TEST(IBCurve, BinarySymmetricChannelMatchesMrsGerbersLemma) {
  // For X uniform and Y = X xor Bernoulli(p), the IB curve is
  // I(T;Y) = 1 - h(p * h^{-1}(1 - I(X;T))), a * b = a(1-b) + b(1-a) (Wyner-Ziv).
  const double flip = 0.1;
  const auto problem = binary_symmetric(flip);
  IBCurveOptions opt;
  opt.beta_min = 0.5, opt.beta_max = 200.0, opt.n_betas = 40;
  const auto curve = compute_ib_curve(problem, opt);
  int nontrivial = 0;
  for (const auto& pt : curve.points) {
    ASSERT_TRUE(pt.converged) << "beta " << pt.beta;
    const double q = inverse_binary_entropy(1.0 - pt.i_xt);
    const double expected = 1.0 - binary_entropy(flip * (1 - q) + q * (1 - flip));
    EXPECT_NEAR(pt.i_ty, expected, 1e-7) << "beta " << pt.beta << " I(X;T) " << pt.i_xt;
    if (pt.i_xt > 0.01) ++nontrivial;
  }
  EXPECT_GT(nontrivial, 20);  // the sweep really crosses the transition
  EXPECT_NEAR(curve.points.back().i_ty, curve.i_xy, 1e-3);
}

TEST(IBCurve, BinarySymmetricChannelTransitionAtTheCriticalBeta) {
  // The trivial solution loses stability at beta_c = 1 / (1 - 2p)^2 for the BSC (the inverse
  // of the second eigenvalue of the channel's normalised matrix): below it T is independent.
  const double flip = 0.1, beta_c = 1.0 / ((1 - 2 * flip) * (1 - 2 * flip));
  const auto problem = binary_symmetric(flip);
  const double betas[] = {0.9 * beta_c, 1.1 * beta_c};
  const auto curve = compute_ib_curve_at(problem.p_x, problem.p_y_given_x, betas);
  EXPECT_LT(curve.points[0].i_xt, 1e-6);
  EXPECT_GT(curve.points[1].i_xt, 1e-3);
}

// An achievable (i_xt, i_ty) lies below the line of slope 1/beta through each optimal point:
// i_ty <= i_ty(beta) + (i_xt - i_xt(beta)) / beta, since the point minimises I(X;T) - beta I(T;Y).
::testing::AssertionResult below_supporting_lines(const IBCurve& curve, double i_xt,
                                                  double i_ty) {
  for (const auto& pt : curve.points) {
    const double line = pt.i_ty + (i_xt - pt.i_xt) / pt.beta;
    if (i_ty > line + 1e-9) {
      return ::testing::AssertionFailure() << "(" << i_xt << ", " << i_ty
                                           << ") above the line at beta " << pt.beta;
    }
  }
  return ::testing::AssertionSuccess();
}

struct GridPoint {
  double i_xt, i_ty;
};

// Every encoder of a 4-input X into |T| = 2 with p(t=0|x) on a grid of step 1/steps.
std::vector<GridPoint> grid_encoders(const IBProblem& p, int steps) {
  std::vector<GridPoint> out;
  Matrix<double> enc(4, 2);
  for (int a = 0; a <= steps; ++a)
    for (int b = 0; b <= steps; ++b)
      for (int c = 0; c <= steps; ++c)
        for (int d = 0; d <= steps; ++d) {
          const int k[4] = {a, b, c, d};
          for (int x = 0; x < 4; ++x) enc(x, 1) = 1.0 - (enc(x, 0) = double(k[x]) / steps);
          const auto info = ib_information(p.p_x, p.p_y_given_x, enc);
          out.push_back({info.i_xt, info.i_ty});
        }
  return out;
}

TEST(IBCurve, TinyProblemMatchesBruteForceOverEncoders) {
  const auto problem = random_problem(4, 2, 11);
  IBCurveOptions opt;
  opt.beta_min = 0.5, opt.beta_max = 500.0, opt.n_betas = 30, opt.max_clusters = 2;
  opt.keep_encoders = true;
  const auto curve = compute_ib_curve(problem, opt);
  const auto grid = grid_encoders(problem, 24);
  for (const auto& pt : curve.points) {
    // The solver minimises L = I(X;T) - beta I(T;Y) over all |T| = 2 encoders, the grid over a
    // subset: the solver is never worse, and the grid's best comes close.
    double grid_best = std::numeric_limits<double>::infinity();
    for (const auto& g : grid) grid_best = std::min(grid_best, g.i_xt - pt.beta * g.i_ty);
    const double solver = pt.i_xt - pt.beta * pt.i_ty;
    EXPECT_LE(solver, grid_best + 1e-9) << "beta " << pt.beta;
    EXPECT_GE(solver, grid_best - 0.02 * std::max(1.0, pt.beta / 10)) << "beta " << pt.beta;
  }
  // No grid encoder lies above the curve: below every supporting line of slope 1/beta.
  for (const auto& g : grid) EXPECT_TRUE(below_supporting_lines(curve, g.i_xt, g.i_ty));
  // And at each curve point, no grid encoder with as little I(X;T) has more I(T;Y).
  for (const auto& pt : curve.points) {
    double best = 0.0;
    for (const auto& g : grid) {
      if (g.i_xt <= pt.i_xt) best = std::max(best, g.i_ty);
    }
    EXPECT_LE(best, pt.i_ty + 1e-9) << "beta " << pt.beta;
    EXPECT_GE(best, pt.i_ty - 0.01) << "beta " << pt.beta;
  }
}

TEST(IBCurve, NoDeterministicEncoderLiesAboveTheCurve) {
  const auto problem = random_problem(4, 3, 12);
  IBCurveOptions opt;
  opt.beta_min = 0.2, opt.beta_max = 5000.0, opt.n_betas = 50;
  const auto curve = compute_ib_curve(problem, opt);
  EXPECT_EQ(curve.max_clusters, 4u);
  Matrix<double> enc(4, 4);
  double best_deterministic = 0.0;
  for (int code = 0; code < 256; ++code) {
    std::fill(enc.values().begin(), enc.values().end(), 0.0);
    for (int x = 0, c = code; x < 4; ++x, c /= 4) enc(x, c % 4) = 1.0;
    const auto info = ib_information(problem.p_x, problem.p_y_given_x, enc);
    EXPECT_TRUE(below_supporting_lines(curve, info.i_xt, info.i_ty)) << "code " << code;
    best_deterministic = std::max(best_deterministic, info.i_ty);
  }
  // The identity encoder reaches I(X;Y); the curve's end reaches it too.
  EXPECT_NEAR(best_deterministic, curve.i_xy, 1e-12);
  EXPECT_NEAR(curve.points.back().i_ty, curve.i_xy, 1e-4);
}

class IBCurveInvariants : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    problem_ = random_problem(12, 3, 21);
    IBCurveOptions opt;
    opt.beta_min = 0.1, opt.beta_max = 1e4, opt.n_betas = 50, opt.keep_encoders = true;
    curve_ = compute_ib_curve(problem_, opt);
  }
  static IBProblem problem_;
  static IBCurve curve_;
};
IBProblem IBCurveInvariants::problem_;
IBCurve IBCurveInvariants::curve_;

TEST_F(IBCurveInvariants, StartsAtTheOrigin) {
  EXPECT_LT(curve_.points.front().i_xt, 1e-9);
  EXPECT_LT(curve_.points.front().i_ty, 1e-9);
  EXPECT_EQ(curve_.points.front().n_clusters, 1);
}

TEST_F(IBCurveInvariants, RisesMonotonicallyInBothCoordinates) {
  for (std::size_t k = 1; k < curve_.points.size(); ++k) {
    EXPECT_GE(curve_.points[k].i_xt, curve_.points[k - 1].i_xt - 1e-9) << k;
    EXPECT_GE(curve_.points[k].i_ty, curve_.points[k - 1].i_ty - 1e-9) << k;
  }
}

TEST_F(IBCurveInvariants, StaysInsideTheAchievableRegion) {
  for (const auto& pt : curve_.points) {
    EXPECT_LE(pt.i_ty, curve_.i_xy + 1e-12);
    EXPECT_LE(pt.i_ty, pt.i_xt + 1e-12);  // data processing: I(T;Y) <= I(X;T)
  }
  EXPECT_NEAR(curve_.points.back().i_ty, curve_.i_xy, 1e-3);
}

TEST_F(IBCurveInvariants, ChordSlopesLieBetweenTheInverseBetas) {
  // Each point minimises I(X;T) - beta I(T;Y); comparing two optima gives
  // 1/beta_2 <= dI(T;Y)/dI(X;T) <= 1/beta_1 along any chord: slopes fall, the curve is concave.
  double previous_slope = std::numeric_limits<double>::infinity();
  for (std::size_t k = 1; k < curve_.points.size(); ++k) {
    const auto& a = curve_.points[k - 1];
    const auto& b = curve_.points[k];
    const double dx = b.i_xt - a.i_xt, dy = b.i_ty - a.i_ty;
    EXPECT_LE(a.beta * dy, dx + 1e-8) << k;
    EXPECT_GE(b.beta * dy, dx - 1e-8) << k;
    if (dx > 1e-6) {
      const double slope = dy / dx;
      EXPECT_LE(slope, previous_slope + 1e-6) << k;
      previous_slope = slope;
    }
  }
}

TEST_F(IBCurveInvariants, EveryPointSatisfiesTheSelfConsistentEquations) {
  for (const auto& pt : curve_.points) {
    EXPECT_TRUE(pt.converged) << "beta " << pt.beta;
    ASSERT_EQ(pt.encoder.cols(), static_cast<std::size_t>(pt.n_clusters));
    EXPECT_LT(testing::ib_equation_residual(problem_.p_x, problem_.p_y_given_x, pt.encoder, pt.beta),
              1e-8)
        << "beta " << pt.beta;
    const auto info = ib_information(problem_.p_x, problem_.p_y_given_x, pt.encoder);
    EXPECT_NEAR(info.i_xt, pt.i_xt, 1e-12);
    EXPECT_NEAR(info.i_ty, pt.i_ty, 1e-12);
  }
}

TEST(IBCurve, SufficientStatisticGivesTheSameCurve) {
  // 6 classes, each expanded into 1..5 patterns with unequal masses and the class's p(y|x).
  const auto classes = random_problem(6, 2, 31);
  IBProblem patterns;
  Rng rng(32);
  std::vector<double> raw;
  std::vector<int> cls;
  for (std::size_t c = 0; c < 6; ++c) {
    const int n = 1 + static_cast<int>(c % 5);
    double total = 0.0;
    std::vector<double> w(n);
    for (auto& v : w) total += (v = 0.5 + rng.uniform());
    for (auto v : w) {
      raw.push_back(classes.p_x[c] * v / total);
      cls.push_back(static_cast<int>(c));
    }
  }
  patterns.p_x = raw;
  patterns.p_y_given_x = Matrix<double>(raw.size(), 2);
  for (std::size_t x = 0; x < raw.size(); ++x) {
    for (std::size_t y = 0; y < 2; ++y) {
      patterns.p_y_given_x(x, y) = classes.p_y_given_x(static_cast<std::size_t>(cls[x]), y);
    }
  }
  IBCurveOptions opt;
  opt.beta_min = 0.1, opt.beta_max = 1e4, opt.n_betas = 40;
  const auto a = compute_ib_curve(classes, opt);
  const auto b = compute_ib_curve(patterns, opt);
  ASSERT_EQ(a.points.size(), b.points.size());
  EXPECT_EQ(a.max_clusters, b.max_clusters);
  EXPECT_NEAR(a.i_xy, b.i_xy, 1e-12);
  for (std::size_t k = 0; k < a.points.size(); ++k) {
    EXPECT_EQ(a.points[k].n_clusters, b.points[k].n_clusters) << k;
    EXPECT_NEAR(a.points[k].i_xt, b.points[k].i_xt, 1e-8) << k;
    EXPECT_NEAR(a.points[k].i_ty, b.points[k].i_ty, 1e-8) << k;
  }
}

TEST(IBCurve, SameSeedSameCurve) {
  const auto problem = random_problem(6, 3, 41);
  IBCurveOptions opt;
  opt.n_betas = 20;
  const auto a = compute_ib_curve(problem, opt);
  const auto b = compute_ib_curve(problem, opt);
  for (std::size_t k = 0; k < a.points.size(); ++k) {
    EXPECT_EQ(a.points[k].i_xt, b.points[k].i_xt);
    EXPECT_EQ(a.points[k].i_ty, b.points[k].i_ty);
  }
}

TEST(IBCurve, LogSpacedBetasHitBothEnds) {
  const auto b = log_spaced_betas(0.1, 1000.0, 5);
  ASSERT_EQ(b.size(), 5u);
  EXPECT_DOUBLE_EQ(b[0], 0.1);
  EXPECT_NEAR(b[1], 1.0, 1e-12);
  EXPECT_NEAR(b[2], 10.0, 1e-11);
  EXPECT_DOUBLE_EQ(b[4], 1000.0);
}

TEST(IBCurve, EnvelopeInterpolatesAndStaysFlatBeyondTheEnd) {
  IBCurve curve;
  auto add = [&](double beta, double i_xt, double i_ty) {
    IBCurvePoint p;
    p.beta = beta, p.i_xt = i_xt, p.i_ty = i_ty;
    curve.points.push_back(p);
  };
  add(1.0, 0.0, 0.0);
  add(2.0, 1.0, 0.5);
  add(3.0, 2.0, 0.6);
  add(4.0, 1.5, 0.4);  // below the envelope: ignored
  EXPECT_DOUBLE_EQ(ib_curve_i_ty_at(curve, 0.5), 0.25);
  EXPECT_DOUBLE_EQ(ib_curve_i_ty_at(curve, 1.5), 0.55);
  EXPECT_DOUBLE_EQ(ib_curve_i_ty_at(curve, 5.0), 0.6);
  EXPECT_DOUBLE_EQ(ib_curve_i_ty_at(curve, -1.0), 0.0);
}

TEST(IBCurve, BadOptionsAndInputsNameTheCulprit) {
  const auto problem = random_problem(3, 2, 51);
  auto expect_error = [&](IBCurveOptions opt, const std::string& key) {
    try {
      compute_ib_curve(problem, opt);
      ADD_FAILURE() << "no error for " << key;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(key), std::string::npos) << e.what();
    }
  };
  IBCurveOptions o;
  o.beta_min = 0.0;
  expect_error(o, "beta_min");
  o = {};
  o.beta_max = 0.01;
  expect_error(o, "beta_max");
  o = {};
  o.n_betas = 0;
  expect_error(o, "n_betas");
  o = {};
  o.tolerance = -1;
  expect_error(o, "tolerance");
  IBProblem bad = problem;
  bad.p_x[0] += 0.1;
  EXPECT_THROW(compute_ib_curve(bad), Error);
  bad = problem;
  bad.p_y_given_x(1, 0) = -0.5;
  EXPECT_THROW(compute_ib_curve(bad), Error);
  const double unsorted[] = {2.0, 1.0};
  EXPECT_THROW(compute_ib_curve_at(problem.p_x, problem.p_y_given_x, unsorted), Error);
}

}  // namespace
}  // namespace infoplane
