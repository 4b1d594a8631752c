#pragma once
// Shared pieces of the benchmarks: the headline workload on a synthetic 12-bit task (all 4096
// patterns; the label rule does not change the cost), a random 85% split, and FLOP counts.
#include <cstdint>
#include <numeric>

#include "infoplane/core/rng.hpp"
#include "infoplane/nn/network_spec.hpp"
#include "infoplane/task/split.hpp"
#include "infoplane/task/task.hpp"

namespace infoplane::bench {

inline Task twelve_bit_task() {
  Task t;
  t.name = "bench-12bit";
  t.inputs = Matrix<float>(4096, 12);
  t.p_x.assign(4096, 1.0 / 4096);
  t.p_y_given_x = Matrix<double>(4096, 2);
  for (std::size_t p = 0; p < 4096; ++p) {
    int ones = 0;
    for (int b = 0; b < 12; ++b) {
      const int bit = static_cast<int>((p >> b) & 1U);
      t.inputs(p, static_cast<std::size_t>(b)) = static_cast<float>(bit);
      ones += bit * (b % 3 + 1);
    }
    t.p_y_given_x(p, static_cast<std::size_t>(ones % 2)) = 1.0;
  }
  return t;
}

// 3482 training patterns (85% of 4096), the rest test.
inline Split bench_split(const Task& task, std::uint64_t seed) {
  std::vector<int> perm(task.n_patterns());
  std::iota(perm.begin(), perm.end(), 0);
  Rng rng(seed);
  rng.shuffle(std::span<int>(perm));
  Split s;
  for (std::size_t k = 0; k < perm.size(); ++k) {
    Sample& dst = k < 3482 ? s.train : s.test;
    dst.pattern.push_back(perm[k]);
    dst.label.push_back(task.p_y_given_x(perm[k], 1) > 0.5 ? 1 : 0);
  }
  return s;
}

// Multiply-add FLOPs (2 per FMA) per sample: forward 2 sum(n_in n_out); backward the weight
// gradient 2 sum(n_in n_out) plus the deltas 2 sum_{l >= 1}(n_in n_out). Activations, softmax
// and the optimizer are not counted. (PERFORMANCE.md counts 594 + 932 = 1526 FLOP with those; this
// count gives 526 + 812 = 1338 for 12-10-7-5-4-3-2.)
inline double forward_flops(const NetworkSpec& s) {
  double f = 0;
  for (int l = 0; l < s.n_weight_layers(); ++l) f += 2.0 * s.widths[l] * s.widths[l + 1];
  return f;
}
inline double backward_flops(const NetworkSpec& s) {
  double f = forward_flops(s);
  for (int l = 1; l < s.n_weight_layers(); ++l) f += 2.0 * s.widths[l] * s.widths[l + 1];
  return f;
}

}  // namespace infoplane::bench
