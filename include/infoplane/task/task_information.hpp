#pragma once
// Exact information quantities of a Task, computed from its P(X,Y) = p(x) p(y|x). All in bits.
// These are the task's ground truth (the target the networks' layers are compared with); the
// info module's estimators of I(X;T), I(T;Y) from activations live elsewhere.
#include <cstddef>
#include <span>
#include <vector>

#include "infoplane/core/discrete_information.hpp"  // entropy_bits, binary_entropy_bits
#include "infoplane/task/task.hpp"

namespace infoplane {

// Marginal p(y) = sum_x p(x) p(y|x); shape = [n_labels].
std::vector<double> label_marginal(const Task& task);

double h_x_bits(const Task& task);  // H(X)
double h_y_bits(const Task& task);  // H(Y)
// H(Y|X) = sum_x p(x) H(p(y|x)).
double h_y_given_x_bits(const Task& task);
// I(X;Y) = H(Y) - H(Y|X).
double mutual_information_xy_bits(const Task& task);

// Number of classes of patterns: the distinct ids of Task::pattern_class when it is set,
// otherwise the number of distinct rows of p(y|x) (compared exactly).
std::size_t count_classes(const Task& task);

// The numbers `infoplane task` prints.
struct TaskSummary {
  std::size_t n_patterns = 0;
  std::size_t n_inputs = 0;
  std::size_t n_labels = 0;
  std::size_t n_classes = 0;
  double h_x_bits = 0.0;
  double h_y_bits = 0.0;
  double i_xy_bits = 0.0;
  double p_y1 = 0.0;  // p(y = 1), the marginal of label column 1 (0 when n_labels < 2)
};

TaskSummary summarize(const Task& task);

}  // namespace infoplane
