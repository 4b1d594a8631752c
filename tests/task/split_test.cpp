// Training / test splits: sizes, disjointness, randomness, reproducibility, label sampling.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numeric>
#include <set>

#include "infoplane/core/error.hpp"
#include "infoplane/task/make_task.hpp"
#include "infoplane/task/split.hpp"
#include "infoplane/task/task_information.hpp"
#include "infoplane/info/layer_plane.hpp"
#include "support/cli.hpp"

namespace infoplane {
namespace {

TEST(Split, SizesPartitionAndRandomness) {
  const Task task = make_task("spherical");
  for (double fraction : {0.03, 0.05, 0.45, 0.85, 1.0}) {
    const Split s = draw_split(task, fraction, 11);
    const auto n_train = static_cast<std::size_t>(std::llround(fraction * 4096));
    ASSERT_EQ(s.train.pattern.size(), n_train);
    ASSERT_EQ(s.test.pattern.size(), 4096 - n_train);
    ASSERT_EQ(s.train.label.size(), n_train);
    std::set<int> all(s.train.pattern.begin(), s.train.pattern.end());
    all.insert(s.test.pattern.begin(), s.test.pattern.end());
    EXPECT_EQ(all.size(), 4096u);  // disjoint, and together every pattern
    if (fraction < 1.0) {
      // Not the first rows: the largest training row lies well beyond n_train.
      EXPECT_GT(s.train.pattern.back(), static_cast<int>(n_train) + 50);
      // The training set covers the pattern range roughly evenly: mean row near 2047.5.
      const double mean = std::accumulate(s.train.pattern.begin(), s.train.pattern.end(), 0.0) / n_train;
      EXPECT_NEAR(mean, 2047.5, 6.0 * 1182.0 / std::sqrt(double(n_train)));
    }
  }
}

TEST(Split, SameSeedSameSplitOtherSeedOther) {
  const Task task = make_task("spherical");
  const Split a = draw_split(task, 0.45, 5), b = draw_split(task, 0.45, 5), c = draw_split(task, 0.45, 6);
  EXPECT_EQ(a.train.pattern, b.train.pattern);
  EXPECT_EQ(a.train.label, b.train.label);
  EXPECT_EQ(a.test.label, b.test.label);
  EXPECT_NE(a.train.pattern, c.train.pattern);
}

TEST(Split, LabelsFollowPYGivenX) {
  // Deterministic labels are copied; soft labels match p(y|x) in frequency.
  std::vector<int> parity(4096);
  for (int i = 0; i < 4096; ++i) parity[i] = __builtin_popcount(static_cast<unsigned>(i * 2654435761u)) & 1;
  const Task mat = task_from_labels(parity, "parity");
  const Split m = draw_split(mat, 0.5, 3);
  for (std::size_t i = 0; i < m.train.pattern.size(); ++i) {
    EXPECT_EQ(m.train.label[i], mat.p_y_given_x(m.train.pattern[i], 1) == 1.0 ? 1 : 0);
  }
  // Committee K=1: p(y=1|x) is q or 1-q with 1 - h(q) = 0.99; flips where p(y|x) < 1/2.
  const Task t = make_task("committee:1", 4);
  double expected = 0.0, observed = 0.0;
  for (std::uint64_t seed = 0; seed < 8; ++seed) {
    const Split s = draw_split(t, 1.0, seed);
    for (std::size_t i = 0; i < s.train.pattern.size(); ++i) {
      const double p = t.p_y_given_x(s.train.pattern[i], 1);
      expected += p < 0.5 ? p : 1.0 - p;                           // chance of the minority label
      observed += (s.train.label[i] == 1) != (p >= 0.5);
    }
  }
  // 8 x 4096 draws with flip chance ~0.0013: Poisson, allow 5 sigma.
  EXPECT_NEAR(observed, expected, 5.0 * std::sqrt(expected) + 1.0);
  EXPECT_GT(expected, 10.0);
}

TEST(Split, PatternLabelDoesNotDependOnTheFraction) {
  const Task t = make_task("committee", 2);
  const Split small = draw_split(t, 0.05, 9), all = draw_split(t, 1.0, 9);
  for (std::size_t i = 0; i < small.train.pattern.size(); ++i) {
    EXPECT_EQ(small.train.label[i], all.train.label[small.train.pattern[i]]);
  }
}

TEST(Split, RejectsBadFractions) {
  const Task t = make_task("committee");
  for (double f : {0.0, -0.5, 1.01, std::numeric_limits<double>::quiet_NaN(), 1e-5}) {
    EXPECT_THROW(draw_split(t, f, 1), Error) << f;
  }
}

TEST(Split, SampleTaskIsTheSamplesEmpiricalDistribution) {
  const Task task = make_task("spherical");
  const Split all = draw_split(task, 1.0, 4);
  const Task full = sample_task(task, all.train, SampleLabels::kTrue);
  ASSERT_EQ(full.n_patterns(), 4096u);
  EXPECT_NEAR(mutual_information_xy_bits(full), mutual_information_xy_bits(task), 1e-12);
  const Split five = draw_split(task, 0.05, 4);
  const Task rule = sample_task(task, five.train, SampleLabels::kTrue);
  const Task drawn = sample_task(task, five.train, SampleLabels::kDrawn);
  ASSERT_EQ(rule.n_patterns(), five.train.pattern.size());
  for (std::size_t i = 0; i < rule.n_patterns(); ++i) {
    const auto x = static_cast<std::size_t>(five.train.pattern[i]);
    EXPECT_EQ(rule.p_y_given_x(i, 1), task.p_y_given_x(x, 1));
    EXPECT_EQ(drawn.p_y_given_x(i, static_cast<std::size_t>(five.train.label[i])), 1.0);
    EXPECT_EQ(rule.inputs(i, 3), task.inputs(x, 3));
  }
  // Drawn labels are deterministic: I(X;Y) = H(Y) of the sample's labels.
  double ones = 0;
  for (int y : five.train.label) ones += y;
  EXPECT_NEAR(mutual_information_xy_bits(drawn), binary_entropy_bits(ones / five.train.label.size()), 1e-12);
  const std::set<int> classes(rule.pattern_class.begin(), rule.pattern_class.end());
  EXPECT_EQ(*classes.rbegin() + 1, static_cast<int>(classes.size()));  // compact ids
}

}  // namespace
}  // namespace infoplane

namespace infoplane {
namespace {

// A two-file task of 100 training-file patterns and 40 test-file patterns (labels irrelevant).
Task two_file_task() {
  Task t;
  t.name = "two-file";
  t.inputs = Matrix<float>(140, 2);
  t.p_x.assign(140, 1.0 / 140);
  t.p_y_given_x = Matrix<double>(140, 2);
  for (std::size_t p = 0; p < 140; ++p) t.p_y_given_x(p, p % 2) = 1.0;
  t.n_train_patterns = 100;
  return t;
}

TEST(TwoFileSplit, TrainsOnTheTrainingFileAndTestsOnTheTestFile) {
  const Task t = two_file_task();
  const Split s = draw_split(t, 0.3, 7);
  ASSERT_EQ(s.train.pattern.size(), 30u);  // 30% of the training file's 100
  for (int p : s.train.pattern) EXPECT_LT(p, 100);
  std::vector<int> test(40);
  std::iota(test.begin(), test.end(), 100);
  EXPECT_EQ(s.test.pattern, test);
  EXPECT_TRUE(std::is_sorted(s.train.pattern.begin(), s.train.pattern.end()));
  EXPECT_NE(draw_split(t, 0.3, 8).train.pattern, s.train.pattern);
  EXPECT_EQ(draw_split(t, 0.3, 7).train.pattern, s.train.pattern);
}

TEST(EvaluationRows, AllOrASeededSubsetOfTheEvaluationPatterns) {
  const Task two = two_file_task();
  std::vector<int> test(40);
  std::iota(test.begin(), test.end(), 100);
  EXPECT_EQ(evaluation_rows(two, 0, 1), test);   // the test file
  EXPECT_EQ(evaluation_rows(two, 40, 1), test);
  const std::vector<int> sub = evaluation_rows(two, 15, 1);
  ASSERT_EQ(sub.size(), 15u);
  EXPECT_TRUE(std::is_sorted(sub.begin(), sub.end()));
  EXPECT_EQ(std::set<int>(sub.begin(), sub.end()).size(), 15u);
  for (int r : sub) EXPECT_TRUE(r >= 100 && r < 140);
  EXPECT_EQ(evaluation_rows(two, 15, 1), sub);
  EXPECT_NE(evaluation_rows(two, 15, 2), sub);
  try {
    evaluation_rows(two, 41, 1);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("info.eval_rows = 41"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("--eval-rows"), std::string::npos) << e.what();
  }
  // A one-file task: the whole task (empty) or a subset of all patterns.
  Task one = two;
  one.n_train_patterns = 0;
  EXPECT_TRUE(evaluation_rows(one, 0, 1).empty());
  const std::vector<int> any = evaluation_rows(one, 50, 3);
  ASSERT_EQ(any.size(), 50u);
  EXPECT_LT(*std::min_element(any.begin(), any.end()), 100);  // not only the last rows
}

}  // namespace
}  // namespace infoplane
