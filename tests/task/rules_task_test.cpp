// The generated 12-bit tasks: p(y=1), I(X;Y), and parameters recomputed independently here.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "infoplane/core/error.hpp"
#include "infoplane/task/make_task.hpp"
#include "infoplane/task/task_information.hpp"
#include "infoplane/task/rules.hpp"

namespace infoplane {
namespace {

// Independent of task_information.cpp: direct sums over P(X,Y), natural logs converted.
struct Exact {
  double p_y1 = 0.0;
  double i_xy_bits = 0.0;
};

Exact exact_information(const Task& t) {
  auto plogp = [](double p) { return p > 0.0 ? p * std::log(p) : 0.0; };
  Exact e;
  for (std::size_t i = 0; i < t.n_patterns(); ++i) e.p_y1 += t.p_x[i] * t.p_y_given_x(i, 1);
  // I = sum_xy p(x) p(y|x) log(p(y|x) / p(y)).
  double nats = 0.0;
  const double p_y[2] = {1.0 - e.p_y1, e.p_y1};
  for (std::size_t i = 0; i < t.n_patterns(); ++i) {
    for (int y = 0; y < 2; ++y) {
      const double q = t.p_y_given_x(i, y);
      if (q > 0.0) nats += t.p_x[i] * (plogp(q) - q * std::log(p_y[y]));
    }
  }
  e.i_xy_bits = nats / std::log(2.0);
  return e;
}

void check_rule(const Task& task, std::size_t expected_classes) {
  ASSERT_EQ(task.n_patterns(), 4096u);
  ASSERT_EQ(task.n_inputs(), 12u);
  ASSERT_EQ(task.n_labels(), 2u);
  for (int row = 0; row < 4096; row += 1) {
    // Binary-count order, column 0 the most significant bit.
    for (int c = 0; c < 12; ++c) ASSERT_EQ(task.inputs(row, c), float((row >> (11 - c)) & 1));
    EXPECT_NEAR(task.p_y_given_x(row, 0) + task.p_y_given_x(row, 1), 1.0, 1e-15);
  }
  const Exact e = exact_information(task);
  EXPECT_NEAR(e.p_y1, 0.5, 0.01);
  EXPECT_NEAR(e.i_xy_bits, 0.99, 1e-6);
  // The reported parameters are what the code computed.
  EXPECT_NEAR(task.parameters.at("p_y1"), e.p_y1, 1e-12);
  EXPECT_NEAR(task.parameters.at("i_xy_bits"), e.i_xy_bits, 1e-12);
  EXPECT_EQ(std::set<int>(task.pattern_class.begin(), task.pattern_class.end()).size(),
            expected_classes);
  EXPECT_EQ(task.parameters.at("n_classes"), double(expected_classes));
}

// p(y=1|x) = sigmoid(gamma (f - theta)): recover f per class and check theta's gap is the best.
void check_threshold(const Task& task, const std::vector<double>& scores) {
  const double theta = task.parameters.at("theta");
  const double gamma = task.parameters.at("gamma");
  ASSERT_GT(gamma, 0.0);
  for (int row = 0; row < 4096; ++row) {
    const double q = 1.0 / (1.0 + std::exp(-gamma * (scores[row] - theta)));
    ASSERT_NEAR(task.p_y_given_x(row, 1), q, 1e-9) << "row " << row;
  }
  // Brute force over all cut points between distinct scores (mass above each cut).
  std::map<double, double> mass_at;  // score (rounded) -> mass
  for (int row = 0; row < 4096; ++row) mass_at[std::round(scores[row] * 1e6) / 1e6] += 1.0 / 4096;
  double best = 2.0, best_cut = 0.0, above = 1.0;
  for (auto it = mass_at.begin(); std::next(it) != mass_at.end(); ++it) {
    above -= it->second;
    if (std::abs(above - 0.5) < best) {
      best = std::abs(above - 0.5);
      best_cut = 0.5 * (it->first + std::next(it)->first);
    }
  }
  EXPECT_NEAR(theta, best_cut, 1e-5);
  EXPECT_NEAR(task.parameters.at("p_y1_hard"), 0.5, best + 1e-12);
}

TEST(SphericalTask, HitsTheTargetsAndReportsWhatItComputed) {
  const Task task = make_task("spherical");
  check_rule(task, 64);
  std::vector<double> f(4096);
  for (int row = 0; row < 4096; ++row) {
    std::array<int, 12> x{};
    for (int c = 0; c < 12; ++c) x[c] = pattern_bit(row, c);
    f[row] = spherical_score(x);
  }
  check_threshold(task, f);
}

TEST(CommitteeTask, HitsTheTargetsDeterministically) {
  const Task a = make_task("committee", 7);
  check_rule(a, 4);  // K = 3: vote margins -3, -1, 1, 3
  const Task b = make_task("committee", 7);
  EXPECT_EQ(a.p_y_given_x, b.p_y_given_x);
  const Task c = make_task("committee", 8);
  EXPECT_FALSE(a.p_y_given_x == c.p_y_given_x);  // other teacher weights
  // Odd K: the margin flips sign under x -> complement, so p(y=1) of the hard rule is 1/2.
  EXPECT_DOUBLE_EQ(a.parameters.at("p_y1_hard"), 0.5);
  for (int row = 0; row < 4096; ++row) {
    EXPECT_NEAR(a.p_y_given_x(row, 1), a.p_y_given_x(4095 - row, 0), 1e-12);
  }
}

TEST(CommitteeTask, OtherCommitteeSizes) {
  const Task five = make_task("committee:5", 3);
  check_rule(five, 6);
  EXPECT_EQ(five.parameters.at("n_hidden"), 5.0);
  const Task one = make_task("committee:1", 3);  // a single perceptron: two classes
  check_rule(one, 2);
}

TEST(CommitteeTask, ContinuousScoreGivesOneClassPerPatternPair) {
  // The mean of tanh(w_k . s / sqrt(12)) takes a distinct value on (almost) every pattern: the
  // IB problem is no longer a handful of classes. Same teachers as the vote-margin rule.
  const Task t = make_task("committee-tanh", 7);
  check_rule(t, count_classes(t));
  EXPECT_GT(count_classes(t), 2000u);
  EXPECT_EQ(t.name, "committee-tanh");
  for (int row = 0; row < 4096; ++row) {  // odd in s: complementing x swaps the labels
    EXPECT_NEAR(t.p_y_given_x(row, 1), t.p_y_given_x(4095 - row, 0), 1e-12);
  }
  EXPECT_FALSE(make_task("committee-tanh:5", 7).p_y_given_x == t.p_y_given_x);
  EXPECT_THROW(make_task("committee-tanh:0"), Error);
}

TEST(MakeTask, RejectsBadRuleNames) {
  for (const char* rule : {"sphere", "", "committee:0", "committee:x", "committee:3x", "mat:",
                           "idx:onlyone", "idx:,b", "idx:a,"}) {
    try {
      make_task(rule);
      ADD_FAILURE() << "no error for rule '" << rule << "'";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(std::string("'") + rule + "'"), std::string::npos)
          << e.what();
    }
  }
}

}  // namespace
}  // namespace infoplane
