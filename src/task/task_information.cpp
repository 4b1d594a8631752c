// Exact entropies and mutual information of a Task's P(X,Y), in bits.
#include "infoplane/task/task_information.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "infoplane/core/error.hpp"

namespace infoplane {

std::vector<double> label_marginal(const Task& task) {
  INFOPLANE_ASSERT(task.p_x.size() == task.p_y_given_x.rows());
  std::vector<double> p_y(task.n_labels(), 0.0);
  for (std::size_t i = 0; i < task.p_x.size(); ++i) {
    const auto row = task.p_y_given_x.row(i);
    for (std::size_t y = 0; y < row.size(); ++y) p_y[y] += task.p_x[i] * row[y];
  }
  return p_y;
}

double h_x_bits(const Task& task) { return entropy_bits(task.p_x); }

double h_y_bits(const Task& task) {
  const auto p_y = label_marginal(task);
  return entropy_bits(p_y);
}

double h_y_given_x_bits(const Task& task) {
  INFOPLANE_ASSERT(task.p_x.size() == task.p_y_given_x.rows());
  double h = 0.0;
  for (std::size_t i = 0; i < task.p_x.size(); ++i) {
    h += task.p_x[i] * entropy_bits(task.p_y_given_x.row(i));
  }
  return h;
}

double mutual_information_xy_bits(const Task& task) {
  // Clamp tiny negative round-off: I(X;Y) >= 0.
  return std::max(0.0, h_y_bits(task) - h_y_given_x_bits(task));
}

std::size_t count_classes(const Task& task) {
  if (!task.pattern_class.empty()) {
    return std::set<int>(task.pattern_class.begin(), task.pattern_class.end()).size();
  }
  std::set<std::vector<double>> rows;
  for (std::size_t i = 0; i < task.p_y_given_x.rows(); ++i) {
    const auto row = task.p_y_given_x.row(i);
    rows.emplace(row.begin(), row.end());
  }
  return rows.size();
}

TaskSummary summarize(const Task& task) {
  TaskSummary s;
  s.n_patterns = task.n_patterns();
  s.n_inputs = task.n_inputs();
  s.n_labels = task.n_labels();
  s.n_classes = count_classes(task);
  s.h_x_bits = h_x_bits(task);
  const auto p_y = label_marginal(task);
  s.h_y_bits = entropy_bits(p_y);
  s.i_xy_bits = std::max(0.0, s.h_y_bits - h_y_given_x_bits(task));
  s.p_y1 = p_y.size() >= 2 ? p_y[1] : 0.0;
  return s;
}

}  // namespace infoplane
