// The IB problem from a Task: classes pooled as a sufficient statistic, bad tasks rejected.
#include "infoplane/ib/ib_problem.hpp"

#include <gtest/gtest.h>

#include "infoplane/core/error.hpp"

namespace infoplane {
namespace {

// 4 patterns in 2 classes: {0, 2} with p(y=1) = 0.9, {1, 3} with p(y=1) = 0.2.
Task two_class_task() {
  Task task;
  task.name = "synthetic";
  task.inputs = Matrix<float>(4, 1);
  task.p_x = {0.1, 0.2, 0.3, 0.4};
  task.p_y_given_x = Matrix<double>(4, 2);
  const double p1[4] = {0.9, 0.2, 0.9, 0.2};
  for (int x = 0; x < 4; ++x) task.p_y_given_x(x, 1) = 1.0 - (task.p_y_given_x(x, 0) = 1.0 - p1[x]);
  task.pattern_class = {0, 1, 0, 1};
  return task;
}

TEST(IBProblem, ClassesPoolTheirPatterns) {
  const auto problem = ib_problem_from_task(two_class_task(), true);
  ASSERT_EQ(problem.n_x(), 2u);
  EXPECT_NEAR(problem.p_x[0], 0.4, 1e-15);
  EXPECT_NEAR(problem.p_x[1], 0.6, 1e-15);
  EXPECT_DOUBLE_EQ(problem.p_y_given_x(0, 1), 0.9);
  EXPECT_DOUBLE_EQ(problem.p_y_given_x(1, 1), 0.2);
  const auto patterns = ib_problem_from_task(two_class_task(), false);
  EXPECT_EQ(patterns.n_x(), 4u);
  EXPECT_NEAR(mutual_information_xy_bits(problem.p_x, problem.p_y_given_x),
              mutual_information_xy_bits(patterns.p_x, patterns.p_y_given_x), 1e-15);
  EXPECT_EQ(count_distinct_rows(patterns.p_x, patterns.p_y_given_x), 2u);
}

TEST(IBProblem, MutualInformationOfADeterministicBalancedLabelIsOneBit) {
  IBProblem p{{0.25, 0.25, 0.25, 0.25}, Matrix<double>(4, 2, 0.0)};
  p.p_y_given_x(0, 0) = p.p_y_given_x(1, 0) = p.p_y_given_x(2, 1) = p.p_y_given_x(3, 1) = 1.0;
  EXPECT_NEAR(mutual_information_xy_bits(p.p_x, p.p_y_given_x), 1.0, 1e-15);
}

TEST(IBProblem, InconsistentOrBrokenTasksAreRejected) {
  auto task = two_class_task();
  task.p_y_given_x(2, 1) = 0.8, task.p_y_given_x(2, 0) = 0.2;  // class 0 no longer uniform
  try {
    ib_problem_from_task(task, true);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("synthetic"), std::string::npos) << e.what();
  }
  EXPECT_NO_THROW(ib_problem_from_task(task, false));  // fine as patterns
  task = two_class_task();
  task.pattern_class = {0, 2, 0, 2};  // class 1 empty
  EXPECT_THROW(ib_problem_from_task(task, true), Error);
  task = two_class_task();
  task.pattern_class = {0, 1};
  EXPECT_THROW(ib_problem_from_task(task, true), Error);
  task = two_class_task();
  task.p_x[0] = 0.5;  // sums to 1.4
  EXPECT_THROW(ib_problem_from_task(task, false), Error);
}

}  // namespace
}  // namespace infoplane
