#pragma once
// Training / test samples drawn from a task: which patterns, and labels sampled from p(y|x).
#include <cstdint>
#include <vector>

#include "infoplane/task/task.hpp"

namespace infoplane {

struct Sample {
  std::vector<int> pattern;  // row indices into Task::inputs
  std::vector<int> label;    // label per row, drawn from p(y|x) (deterministic for 0/1 rules)
};

struct Split {
  Sample train;
  Sample test;  // every pattern not in train
};

// Draws round(train_fraction * n_patterns) distinct patterns uniformly at random (never the
// first rows), labels from p(y|x); the rest form the test set. Same seed, same split.
// Throws infoplane::Error unless 0 < train_fraction <= 1.
Split draw_split(const Task& task, double train_fraction, std::uint64_t seed);

// The patterns the information plane is estimated on (ascending): the evaluation patterns are
// the test file's of a two-file task (Task::n_train_patterns), else every pattern; n_rows > 0
// keeps a uniformly random subset of n_rows of them, drawn from Rng::derive(seed, {3}) (seed:
// info.seed). Empty means the whole task (a one-file task with n_rows = 0). Throws
// infoplane::Error naming info.eval_rows when n_rows exceeds the evaluation patterns.
std::vector<int> evaluation_rows(const Task& task, std::size_t n_rows, std::uint64_t seed);

// The empirical distribution of a training sample, as a task over its patterns (rows in the
// sample's order): p(x) uniform over them. With SampleLabels::kTrue p(y|x) stays the rule's, so
// the task's IB curve is the finite-sample curve against which the layers' I(T;Y) (measured with
// the true rule) is compared; with kDrawn p(y|x) is one-hot at the labels drawn for the sample
// (the empirical joint distribution, docs/information-bottleneck.md). Pattern classes carry over
// for kTrue.
enum class SampleLabels { kTrue, kDrawn };
Task sample_task(const Task& task, const Sample& sample, SampleLabels labels);

}  // namespace infoplane
