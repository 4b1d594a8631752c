#pragma once
// Small synthetic inputs for the network tests (no task module needed).
#include <cstdint>
#include <vector>

#include "infoplane/core/matrix.hpp"
#include "infoplane/core/rng.hpp"

namespace infoplane::testing {

// All 2^n_bits binary patterns, shape = [2^n_bits, n_bits].
inline Matrix<float> all_bit_patterns(int n_bits) {
  Matrix<float> m(std::size_t{1} << n_bits, static_cast<std::size_t>(n_bits));
  for (std::size_t p = 0; p < m.rows(); ++p) {
    for (int b = 0; b < n_bits; ++b) m(p, static_cast<std::size_t>(b)) = static_cast<float>((p >> b) & 1U);
  }
  return m;
}

}  // namespace infoplane::testing
