// Exact entropies and I(X;Y) of small tasks with known values.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "infoplane/task/task_information.hpp"

namespace infoplane {
namespace {

Task small_task(const std::vector<double>& p_x, const std::vector<std::vector<double>>& rows) {
  Task t;
  t.inputs = Matrix<float>(p_x.size(), 1);
  t.p_x = p_x;
  t.p_y_given_x = Matrix<double>(rows.size(), rows[0].size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (std::size_t y = 0; y < rows[i].size(); ++y) t.p_y_given_x(i, y) = rows[i][y];
  }
  return t;
}

TEST(TaskInformation, EntropiesOfKnownDistributions) {
  EXPECT_NEAR(entropy_bits(std::vector<double>(8, 0.125)), 3.0, 1e-15);
  EXPECT_NEAR(entropy_bits(std::vector<double>{1.0, 0.0}), 0.0, 1e-15);
  EXPECT_NEAR(binary_entropy_bits(0.5), 1.0, 1e-15);
  EXPECT_NEAR(binary_entropy_bits(0.25), 2.0 - 0.75 * std::log2(3.0), 1e-15);
}

TEST(TaskInformation, DeterministicAndIndependentLabels) {
  // Deterministic labels: I(X;Y) = H(Y). Here p(y) = (0.75, 0.25).
  const Task det = small_task({0.25, 0.25, 0.25, 0.25}, {{1, 0}, {1, 0}, {0, 1}, {1, 0}});
  EXPECT_NEAR(mutual_information_xy_bits(det), binary_entropy_bits(0.25), 1e-15);
  EXPECT_EQ(count_classes(det), 2u);
  // Same p(y|x) for every x: I(X;Y) = 0.
  const Task indep = small_task({0.5, 0.3, 0.2}, {{0.3, 0.7}, {0.3, 0.7}, {0.3, 0.7}});
  EXPECT_NEAR(mutual_information_xy_bits(indep), 0.0, 1e-15);
  const TaskSummary s = summarize(indep);
  EXPECT_NEAR(s.p_y1, 0.7, 1e-15);
  EXPECT_NEAR(s.h_x_bits, entropy_bits(std::vector<double>{0.5, 0.3, 0.2}), 1e-15);
  EXPECT_EQ(s.n_classes, 1u);
}

TEST(TaskInformation, NoisyChannel) {
  // Binary symmetric channel with flip 0.1 on a uniform bit: I = 1 - h(0.1).
  const Task bsc = small_task({0.5, 0.5}, {{0.9, 0.1}, {0.1, 0.9}});
  EXPECT_NEAR(mutual_information_xy_bits(bsc), 1.0 - binary_entropy_bits(0.1), 1e-14);
  EXPECT_NEAR(h_y_given_x_bits(bsc), binary_entropy_bits(0.1), 1e-14);
}

}  // namespace
}  // namespace infoplane
