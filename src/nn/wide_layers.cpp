#include "nn/detail/wide_layers.hpp"

#include <immintrin.h>

#include <Eigen/Core>

#include "nn/detail/fast_kernels.hpp"

namespace infoplane::detail {

namespace {

using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
// A [rows, cols] block of a chunk buffer: rows of kStride floats.
using Chunk = Eigen::Map<RowMajor, Eigen::Aligned32, Eigen::OuterStride<kStride>>;
using ConstChunk = Eigen::Map<const RowMajor, Eigen::Aligned32, Eigen::OuterStride<kStride>>;
// Compact weights W_l, shape = [no, ni] row-major.
using Weights = Eigen::Map<RowMajor>;
using ConstWeights = Eigen::Map<const RowMajor>;

}  // namespace

void wide_forward(const float* w, const float* b, int ni, int no, const float* in, float* out,
                  int cols, Activation act) {
  Chunk z(out, no, cols);
  z.noalias() = ConstWeights(w, no, ni) * ConstChunk(in, ni, cols);
  // Bias and activation in one pass over the block (the activation as the tiny kernels apply it).
  with_activation(act, [&](auto a) {
    for (int j = 0; j < no; ++j) {
      float* row = out + static_cast<std::ptrdiff_t>(j) * kStride;
      const __m256 bj = _mm256_set1_ps(b[j]);
      for (int c = 0; c < cols; c += 8) {
        _mm256_store_ps(row + c, activate8<decltype(a)::value>(_mm256_add_ps(_mm256_load_ps(row + c), bj)));
      }
    }
  });
}

void wide_weight_grad(const float* delta, const float* in, int ni, int no, float* gw, float* gb,
                      int cols) {
  const ConstChunk d(delta, no, cols);
  Weights(gw, no, ni).noalias() += d * ConstChunk(in, ni, cols).transpose();
  for (int j = 0; j < no; ++j) {
    const float* row = delta + static_cast<std::ptrdiff_t>(j) * kStride;
    __m256 acc = _mm256_setzero_ps();
    for (int c = 0; c < cols; c += 8) acc = _mm256_add_ps(acc, _mm256_load_ps(row + c));
    gb[j] += simd::hsum8(acc);
  }
}

void wide_backprop_delta(const float* w, const float* delta, const float* in_act, int ni, int no,
                         float* delta_in, int cols, Activation act) {
  Chunk back(delta_in, ni, cols);
  back.noalias() = ConstWeights(w, no, ni).transpose() * ConstChunk(delta, no, cols);
  with_activation(act, [&](auto a) {
    for (int i = 0; i < ni; ++i) {
      float* row = delta_in + static_cast<std::ptrdiff_t>(i) * kStride;
      const float* ar = in_act + static_cast<std::ptrdiff_t>(i) * kStride;
      for (int c = 0; c < cols; c += 8) {
        _mm256_store_ps(row + c, _mm256_mul_ps(_mm256_load_ps(row + c), derivative8<decltype(a)::value>(_mm256_load_ps(ar + c))));
      }
    }
  });
}

}  // namespace infoplane::detail
