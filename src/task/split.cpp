// Training / test split of a task's patterns, with labels sampled from p(y|x).
#include "infoplane/task/split.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <string>

#include "infoplane/core/error.hpp"
#include "infoplane/core/rng.hpp"

namespace infoplane {
namespace {

constexpr std::uint64_t kStreamSelect = 1;  // which patterns go to the training set
constexpr std::uint64_t kStreamLabels = 2;  // the label drawn for each pattern
constexpr std::uint64_t kStreamEvalRows = 3;  // evaluation_rows' subset (from info.seed)

// Inverse-CDF draw from one row of p(y|x). Deterministic rows cost one uniform as well, so
// that the stream position never depends on the probabilities.
int draw_label(std::span<const double> p, double u) {
  double cumulative = 0.0;
  int last_positive = 0;
  for (std::size_t y = 0; y < p.size(); ++y) {
    if (p[y] <= 0.0) continue;
    last_positive = static_cast<int>(y);
    cumulative += p[y];
    if (u < cumulative) return static_cast<int>(y);
  }
  return last_positive;  // u beyond the row's sum through round-off
}

}  // namespace

Split draw_split(const Task& task, double train_fraction, std::uint64_t seed) {
  if (!(train_fraction > 0.0 && train_fraction <= 1.0)) {
    throw Error("train fraction " + std::to_string(train_fraction) + ": expected 0 < f <= 1");
  }
  const std::size_t n = task.n_patterns();
  INFOPLANE_ASSERT(task.p_y_given_x.rows() == n && n > 0 && task.n_train_patterns <= n);
  // Two-file tasks draw from the training file's patterns only; the test file is the test set.
  const std::size_t pool = task.n_train_patterns > 0 ? task.n_train_patterns : n;
  const auto n_train = static_cast<std::size_t>(std::llround(train_fraction * pool));
  if (n_train == 0) {
    throw Error("train fraction " + std::to_string(train_fraction) + " of " + std::to_string(n) +
                " patterns leaves an empty training set; expected a larger fraction");
  }

  // One label per pattern, drawn in row order from its own stream: a pattern's label does not
  // depend on the fraction or on which set it lands in.
  Rng label_rng = Rng::derive(seed, {kStreamLabels});
  std::vector<int> labels(n);
  for (std::size_t i = 0; i < n; ++i) labels[i] = draw_label(task.p_y_given_x.row(i), label_rng.uniform());

  // A uniformly random subset: shuffle all rows, keep the first n_train, list them in row order.
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  Rng select_rng = Rng::derive(seed, {kStreamSelect});
  select_rng.shuffle(std::span<int>(order.data(), pool));
  std::sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(n_train));
  std::sort(order.begin() + static_cast<std::ptrdiff_t>(n_train), order.begin() + static_cast<std::ptrdiff_t>(pool));
  // Two-file tasks: the training file's patterns not drawn are left out of both sets.
  if (pool < n) order.erase(order.begin() + static_cast<std::ptrdiff_t>(n_train), order.begin() + static_cast<std::ptrdiff_t>(pool));

  Split split;
  auto fill = [&](Sample& sample, auto first, auto last) {
    sample.pattern.assign(first, last);
    sample.label.reserve(sample.pattern.size());
    for (int row : sample.pattern) sample.label.push_back(labels[row]);
  };
  fill(split.train, order.begin(), order.begin() + static_cast<std::ptrdiff_t>(n_train));
  fill(split.test, order.begin() + static_cast<std::ptrdiff_t>(n_train), order.end());
  return split;
}

std::vector<int> evaluation_rows(const Task& task, std::size_t n_rows, std::uint64_t seed) {
  const std::size_t first = task.n_train_patterns, n = task.n_patterns();
  const std::size_t pool = n - first;
  if (n_rows > pool) {
    throw Error("info.eval_rows = " + std::to_string(n_rows) + " (flag --eval-rows): more than the " +
                std::to_string(pool) + " evaluation patterns of task " + task.name +
                "; expected at most that (0 = all)");
  }
  if (n_rows == 0 && first == 0) return {};  // the whole task
  std::vector<int> rows(pool);
  std::iota(rows.begin(), rows.end(), static_cast<int>(first));
  if (n_rows == 0 || n_rows == pool) return rows;
  Rng rng = Rng::derive(seed, {kStreamEvalRows});
  rng.shuffle(std::span<int>(rows));
  rows.resize(n_rows);
  std::sort(rows.begin(), rows.end());
  return rows;
}

Task sample_task(const Task& task, const Sample& sample, SampleLabels labels) {
  const std::size_t n = sample.pattern.size();
  if (n == 0) throw Error(task.name + ": the training sample is empty");
  Task out;
  out.name = task.name + (labels == SampleLabels::kTrue ? " (training sample)" : " (training sample, drawn labels)");
  out.inputs = Matrix<float>(n, task.n_inputs());
  out.p_x.assign(n, 1.0 / static_cast<double>(n));
  out.p_y_given_x = Matrix<double>(n, task.n_labels());
  for (std::size_t i = 0; i < n; ++i) {
    const auto x = static_cast<std::size_t>(sample.pattern[i]);
    std::copy(task.inputs.row(x).begin(), task.inputs.row(x).end(), out.inputs.row(i).begin());
    if (labels == SampleLabels::kTrue) {
      std::copy(task.p_y_given_x.row(x).begin(), task.p_y_given_x.row(x).end(), out.p_y_given_x.row(i).begin());
      if (!task.pattern_class.empty()) out.pattern_class.push_back(task.pattern_class[x]);
    } else {
      out.p_y_given_x(i, static_cast<std::size_t>(sample.label[i])) = 1.0;
    }
  }
  if (!out.pattern_class.empty()) {  // compact class ids 0..k-1 (the IB problem needs them)
    std::map<int, int> compact;
    for (int& c : out.pattern_class) c = compact.emplace(c, static_cast<int>(compact.size())).first->second;
  }
  return out;
}

}  // namespace infoplane
