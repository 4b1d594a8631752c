#pragma once
// A small synthetic task and a test-only split for the trainer tests (independent of the task
// module): all 2^n_bits patterns, label = majority of the first three bits (learnable), and a
// seeded random training subset.
#include <algorithm>
#include <cstdint>
#include <numeric>

#include "infoplane/core/rng.hpp"
#include "infoplane/task/split.hpp"
#include "infoplane/task/task.hpp"

namespace infoplane::testing {

inline Task toy_task(int n_bits = 6) {
  Task t;
  t.name = "toy-majority";
  const std::size_t n = std::size_t{1} << n_bits;
  t.inputs = Matrix<float>(n, static_cast<std::size_t>(n_bits));
  t.p_x.assign(n, 1.0 / static_cast<double>(n));
  t.p_y_given_x = Matrix<double>(n, 2);
  for (std::size_t p = 0; p < n; ++p) {
    int ones = 0;
    for (int b = 0; b < n_bits; ++b) {
      const int bit = static_cast<int>((p >> b) & 1U);
      t.inputs(p, static_cast<std::size_t>(b)) = static_cast<float>(bit);
      if (b < 3) ones += bit;
    }
    const int y = ones >= 2 ? 1 : 0;
    t.p_y_given_x(p, static_cast<std::size_t>(y)) = 1.0;
  }
  return t;
}

inline Split toy_split(const Task& task, double fraction, std::uint64_t seed) {
  const int n = static_cast<int>(task.n_patterns());
  std::vector<int> perm(static_cast<std::size_t>(n));
  std::iota(perm.begin(), perm.end(), 0);
  Rng rng(seed);
  rng.shuffle(std::span<int>(perm));
  const int n_train = static_cast<int>(fraction * n + 0.5);
  Split split;
  for (int k = 0; k < n; ++k) {
    const int p = perm[k];
    const int y = task.p_y_given_x(p, 1) > 0.5 ? 1 : 0;
    Sample& s = k < n_train ? split.train : split.test;
    s.pattern.push_back(p);
    s.label.push_back(y);
  }
  return split;
}

}  // namespace infoplane::testing
