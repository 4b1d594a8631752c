#pragma once
// The task: the exact joint distribution P(X, Y) over a finite set of input patterns.
// Every estimator and the IB solver read it; the trainer draws its samples from it.
#include <map>
#include <string>
#include <vector>

#include "infoplane/core/matrix.hpp"

namespace infoplane {

struct Task {
  std::string name;                // "spherical", "committee", "mat:<path>", "idx:<path>"
  Matrix<float> inputs;            // shape = [n_patterns, n_inputs]; 0/1 for the 12-bit tasks
  std::vector<double> p_x;         // shape = [n_patterns]; sums to 1 (uniform for 12-bit tasks)
  Matrix<double> p_y_given_x;      // shape = [n_patterns, n_labels]; each row sums to 1
  // Optional sufficient statistic of X for Y: class id per pattern (the 64 orbits of the
  // spherical rule); empty when the task has none. p(y|x) is constant within a class.
  std::vector<int> pattern_class;  // shape = [n_patterns] or empty
  // Parameters that the code found for the rule (theta, gamma, ...), for summaries.
  std::map<std::string, double> parameters;
  // Two-file tasks (a training file and a test file, e.g. Fashion-MNIST's 60,000 + 10,000
  // images): patterns [0, n_train_patterns) come from the training file and are the only ones
  // a training sample is drawn from; the rest, the test file, are every network's test sample
  // and the information plane's evaluation set. 0: one pool (every pattern may be drawn).
  std::size_t n_train_patterns = 0;

  std::size_t n_patterns() const { return inputs.rows(); }
  std::size_t n_inputs() const { return inputs.cols(); }
  std::size_t n_labels() const { return p_y_given_x.cols(); }
};

}  // namespace infoplane
