#pragma once
// Small synthetic inputs and shared checks for the network tests (no task module needed).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

#include "infoplane/core/matrix.hpp"
#include "infoplane/core/rng.hpp"
#include "infoplane/nn/fast_network.hpp"
#include "infoplane/nn/reference_network.hpp"

namespace infoplane::testing {

// All 2^n_bits binary patterns, shape = [2^n_bits, n_bits].
inline Matrix<float> all_bit_patterns(int n_bits) {
  Matrix<float> m(std::size_t{1} << n_bits, static_cast<std::size_t>(n_bits));
  for (std::size_t p = 0; p < m.rows(); ++p) {
    for (int b = 0; b < n_bits; ++b) m(p, static_cast<std::size_t>(b)) = static_cast<float>((p >> b) & 1U);
  }
  return m;
}

inline std::vector<double> to_double(const std::vector<float>& v) { return {v.begin(), v.end()}; }

// A sample of n rows of [0, n_patterns) and 0/1 labels drawn with a fixed seed.
inline void draw_batch(int n_patterns, int n, std::uint64_t seed, std::vector<int>& rows, std::vector<int>& labels) {
  Rng rng(seed);
  rows.resize(n);
  labels.resize(n);
  for (int s = 0; s < n; ++s) {
    rows[s] = static_cast<int>(rng.uniform_int(n_patterns));
    labels[s] = static_cast<int>(rng.uniform_int(2));
  }
}

// The fast path's float gradient against the clean double reference network's, to 2e-5 of the
// largest gradient component (float rounding over a batch); returns that largest component.
inline double expect_gradient_near_reference(const NetworkSpec& s, const std::vector<float>& params,
                                             const Matrix<float>& inputs, const std::vector<int>& rows,
                                             const std::vector<int>& labels, const std::vector<float>& grad) {
  std::vector<double> ref(params.size());
  reference::loss_and_gradient<double>(s, to_double(params), inputs, rows, labels, ref);
  double scale = 0;
  for (double g : ref) scale = std::max(scale, std::abs(g));
  for (std::size_t k = 0; k < params.size(); ++k) {
    EXPECT_NEAR(grad[k], ref[k], 2e-5 * scale + 1e-6) << "parameter " << k;
  }
  return scale;
}

// Two networks that must compute the same thing bit for bit: the batch gradient, every layer
// of the forward pass of all patterns and the logits.
inline void expect_same_outputs(FastNetwork& a, FastNetwork& b, const std::vector<float>& params,
                                const std::vector<int>& rows, const std::vector<int>& labels) {
  std::vector<float> ga(params.size()), gb(params.size());
  a.batch_gradient(params.data(), rows, labels, ga.data());
  b.batch_gradient(params.data(), rows, labels, gb.data());
  EXPECT_EQ(ga, gb);
  std::vector<Matrix<float>> la, lb;
  Matrix<float> za, zb;
  a.forward_all(params.data(), la, za);
  b.forward_all(params.data(), lb, zb);
  ASSERT_EQ(la.size(), lb.size());
  for (std::size_t l = 0; l < la.size(); ++l) EXPECT_EQ(la[l].values(), lb[l].values()) << "layer " << l;
  EXPECT_EQ(za.values(), zb.values());
}

}  // namespace infoplane::testing
