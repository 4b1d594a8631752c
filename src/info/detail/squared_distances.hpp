#pragma once
// Pairwise squared Euclidean distances of sample-major rows by one double GEMM (OpenBLAS, on the
// calling thread): ||t_i - t_j||^2 = ||t_i||^2 + ||t_j||^2 - 2 t_i.t_j, clamped at 0 (the
// cancellation may leave -1e-16-sized values). Used by KDE's wide layers (kde.cpp) and by the
// benchmark that times one such pass alone (bench/wide_bench.cpp, BM_DistanceGemm).
#include <algorithm>
#include <cstddef>
#include <vector>

#include "core/detail/blas.hpp"

namespace infoplane::detail {

// ||t_j||^2 of the n rows of t, shape = [n, d] row-major.
inline std::vector<double> squared_norms(const double* t, std::size_t n, std::size_t d) {
  std::vector<double> norm2(n, 0.0);
  for (std::size_t j = 0; j < n; ++j)
    for (std::size_t c = 0; c < d; ++c) norm2[j] += t[j * d + c] * t[j * d + c];
  return norm2;
}

// out[r * n_cols + j] = ||t_{i0+r} - t_j||^2 for r < rows, j < n_cols; t shape = [>= n_cols and
// >= i0 + rows, d], norm2 its squared_norms, out shape = [rows, n_cols].
inline void squared_distances(const double* t, const double* norm2, std::size_t d, std::size_t i0,
                              std::size_t rows, std::size_t n_cols, double* out) {
  dgemm(CblasNoTrans, CblasTrans, static_cast<int>(rows), static_cast<int>(n_cols), static_cast<int>(d), t + i0 * d,
        static_cast<int>(d), t, static_cast<int>(d), 0.0, out, static_cast<int>(n_cols));
  for (std::size_t r = 0; r < rows; ++r) {
    double* row = out + r * n_cols;
    for (std::size_t j = 0; j < n_cols; ++j) row[j] = std::max(0.0, norm2[i0 + r] + norm2[j] - 2.0 * row[j]);
  }
}

}  // namespace infoplane::detail
