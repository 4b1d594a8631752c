#include "nn/detail/wide_layers.hpp"

#include <immintrin.h>

#include "core/detail/blas.hpp"
#include "nn/detail/fast_kernels.hpp"

namespace infoplane::detail {

namespace {

// out[j][c] = act(out[j][c] + b[j]): bias and activation in one pass over the block (the
// activation as the tiny kernels apply it).
void add_bias_and_activate(const float* b, int no, float* out, int cols, Activation act) {
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

// gb[j] += sum_c delta[j][c].
void add_bias_grad(const float* delta, int no, float* gb, int cols) {
  for (int j = 0; j < no; ++j) {
    const float* row = delta + static_cast<std::ptrdiff_t>(j) * kStride;
    __m256 acc = _mm256_setzero_ps();
    for (int c = 0; c < cols; c += 8) acc = _mm256_add_ps(acc, _mm256_load_ps(row + c));
    gb[j] += simd::hsum8(acc);
  }
}

}  // namespace

void wide_forward(const float* w, const float* b, int ni, int no, const float* in, float* out,
                  int cols, Activation act) {
  sgemm(CblasNoTrans, CblasNoTrans, no, cols, ni, w, ni, in, kStride, 0.0f, out, kStride);
  add_bias_and_activate(b, no, out, cols, act);
}

void wide_forward_from_rows(const float* w, const float* b, int ni, int no, const float* rows,
                            int row_stride, float* out, int cols, Activation act) {
  sgemm(CblasNoTrans, CblasTrans, no, cols, ni, w, ni, rows, row_stride, 0.0f, out, kStride);
  add_bias_and_activate(b, no, out, cols, act);
}

void wide_weight_grad(const float* delta, const float* in, int ni, int no, float* gw, float* gb,
                      int cols) {
  sgemm(CblasNoTrans, CblasTrans, no, ni, cols, delta, kStride, in, kStride, 1.0f, gw, ni);
  add_bias_grad(delta, no, gb, cols);
}

void wide_weight_grad_from_rows(const float* delta, const float* rows, int row_stride, int ni, int no,
                                float* gw, float* gb, int cols) {
  sgemm(CblasNoTrans, CblasNoTrans, no, ni, cols, delta, kStride, rows, row_stride, 1.0f, gw, ni);
  add_bias_grad(delta, no, gb, cols);
}

void wide_backprop_delta(const float* w, const float* delta, const float* in_act, int ni, int no,
                         float* delta_in, int cols, Activation act) {
  sgemm(CblasTrans, CblasNoTrans, ni, cols, no, w, ni, delta, kStride, 0.0f, delta_in, kStride);
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
