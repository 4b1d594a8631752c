#pragma once
// AVX2/FMA layer kernels over feature-major chunks: kStride floats per neuron row (a
// compile-time constant, so row offsets are immediates); `cols` <= kStride is a multiple of 8.
// Widths up to kMaxUnrolled are compile-time template arguments, so a layer's input (forward)
// or delta (backward) vectors for 8 samples stay in registers. The generic loops (width 0) are
// kept for completeness: FastNetwork sends every layer wider than kMaxUnrolled to the GEMM path
// (wide_layers.hpp), so they no longer run there.
#include <immintrin.h>

#include <type_traits>
#include <utility>

#include "infoplane/nn/fast_network.hpp"
#include "infoplane/nn/network_spec.hpp"
#include "infoplane/nn/simd_math.hpp"

namespace infoplane::detail {

constexpr int kStride = FastNetwork::kStride;
constexpr int kMaxUnrolled = 12;

// Calls f(std::integral_constant<int, n>) for 1 <= n <= kMaxUnrolled, else f(<0>) (generic).
template <int N = 1, class F>
inline void with_width(int n, F&& f) {
  if constexpr (N > kMaxUnrolled) {
    f(std::integral_constant<int, 0>{});
  } else {
    if (n == N) {
      f(std::integral_constant<int, N>{});
    } else {
      with_width<N + 1>(n, std::forward<F>(f));
    }
  }
}

template <class F>
inline void with_activation(Activation a, F&& f) {
  switch (a) {
    case Activation::kTanh: f(std::integral_constant<Activation, Activation::kTanh>{}); break;
    case Activation::kRelu: f(std::integral_constant<Activation, Activation::kRelu>{}); break;
    case Activation::kLinear: f(std::integral_constant<Activation, Activation::kLinear>{}); break;
    case Activation::kSigmoid: f(std::integral_constant<Activation, Activation::kSigmoid>{}); break;
  }
}

template <Activation A>
inline __m256 activate8(__m256 z) {
  if constexpr (A == Activation::kTanh) return simd::tanh8(z);
  if constexpr (A == Activation::kRelu) return _mm256_max_ps(z, _mm256_setzero_ps());
  if constexpr (A == Activation::kLinear) return z;
  if constexpr (A == Activation::kSigmoid) return simd::sigmoid8(z);
}

// d activation / dz from the activation value a.
template <Activation A>
inline __m256 derivative8(__m256 a) {
  const __m256 one = _mm256_set1_ps(1.0f);
  if constexpr (A == Activation::kTanh) return _mm256_fnmadd_ps(a, a, one);
  if constexpr (A == Activation::kRelu) {
    return _mm256_and_ps(_mm256_cmp_ps(a, _mm256_setzero_ps(), _CMP_GT_OQ), one);
  }
  if constexpr (A == Activation::kLinear) return one;
  if constexpr (A == Activation::kSigmoid) return _mm256_mul_ps(a, _mm256_sub_ps(one, a));
}

// out[j][c] = act(b[j] + sum_i w[j][i] in[i][c]). w8 and b8 hold each weight and bias
// broadcast to 8 lanes (shape = [no, ni, 8] and [no, 8]) so that an FMA takes its weight as a
// memory operand instead of a separate broadcast.
template <int NI, Activation A>
void forward_layer(const float* w8, const float* b8, int ni, int no, const float* in, float* out,
                   int cols) {
  for (int c = 0; c < cols; c += 8) {
    if constexpr (NI > 0) {
      __m256 x[NI];
      for (int i = 0; i < NI; ++i) x[i] = _mm256_load_ps(in + i * kStride + c);
      for (int j = 0; j < no; ++j) {
        const float* wj = w8 + j * NI * 8;
        // Two partial sums halve the dependent FMA chain.
        __m256 acc0 = _mm256_load_ps(b8 + j * 8);
        __m256 acc1 = _mm256_setzero_ps();
        int i = 0;
        for (; i + 1 < NI; i += 2) {
          acc0 = _mm256_fmadd_ps(_mm256_load_ps(wj + i * 8), x[i], acc0);
          acc1 = _mm256_fmadd_ps(_mm256_load_ps(wj + i * 8 + 8), x[i + 1], acc1);
        }
        if (i < NI) acc0 = _mm256_fmadd_ps(_mm256_load_ps(wj + i * 8), x[i], acc0);
        _mm256_store_ps(out + j * kStride + c, _mm256_add_ps(acc0, acc1));
      }
    } else {
      for (int j = 0; j < no; ++j) {
        const float* wj = w8 + j * ni * 8;
        __m256 acc = _mm256_load_ps(b8 + j * 8);
        for (int i = 0; i < ni; ++i) {
          acc = _mm256_fmadd_ps(_mm256_load_ps(wj + i * 8), _mm256_load_ps(in + i * kStride + c), acc);
        }
        _mm256_store_ps(out + j * kStride + c, acc);
      }
    }
  }
  // The activation in a second pass over the block: the FMA loop above keeps its inputs in
  // registers, and this loop's iterations are independent (the divisions of tanh overlap).
  if constexpr (A != Activation::kLinear) {
    for (int j = 0; j < no; ++j) {
      float* row = out + j * kStride;
      for (int c = 0; c < cols; c += 8) _mm256_store_ps(row + c, activate8<A>(_mm256_load_ps(row + c)));
    }
  }
}

// Per-lane gradient sums: gw[j][i][lane] += sum_c delta[j][c] in[i][c], gb[j][lane] += delta.
template <int NI>
void accumulate_weight_grad(const float* delta, const float* in, int ni, int no, float* gw,
                            float* gb, int cols) {
  for (int j = 0; j < no; ++j) {
    const float* dj = delta + j * kStride;
    __m256 accb = _mm256_load_ps(gb + j * 8);
    if constexpr (NI > 0) {
      __m256 acc[NI];
      float* gj = gw + j * NI * 8;
      for (int i = 0; i < NI; ++i) acc[i] = _mm256_load_ps(gj + i * 8);
      for (int c = 0; c < cols; c += 8) {
        const __m256 d = _mm256_load_ps(dj + c);
        accb = _mm256_add_ps(accb, d);
        for (int i = 0; i < NI; ++i) {
          acc[i] = _mm256_fmadd_ps(d, _mm256_load_ps(in + i * kStride + c), acc[i]);
        }
      }
      for (int i = 0; i < NI; ++i) _mm256_store_ps(gj + i * 8, acc[i]);
    } else {
      float* gj = gw + j * ni * 8;
      for (int i = 0; i < ni; ++i) {
        __m256 acc = _mm256_load_ps(gj + i * 8);
        for (int c = 0; c < cols; c += 8) {
          acc = _mm256_fmadd_ps(_mm256_load_ps(dj + c), _mm256_load_ps(in + i * kStride + c), acc);
        }
        _mm256_store_ps(gj + i * 8, acc);
      }
      for (int c = 0; c < cols; c += 8) accb = _mm256_add_ps(accb, _mm256_load_ps(dj + c));
    }
    _mm256_store_ps(gb + j * 8, accb);
  }
}

// delta_in[i][c] = (sum_j w[j][i] delta[j][c]) * act'(in_act[i][c]); w8 as in forward_layer.
template <int NO, Activation A>
void backprop_delta(const float* w8, const float* delta, const float* in_act, int ni, int no,
                    float* delta_in, int cols) {
  for (int c = 0; c < cols; c += 8) {
    if constexpr (NO > 0) {
      __m256 d[NO];
      for (int j = 0; j < NO; ++j) d[j] = _mm256_load_ps(delta + j * kStride + c);
      for (int i = 0; i < ni; ++i) {
        __m256 acc = _mm256_mul_ps(_mm256_load_ps(w8 + i * 8), d[0]);
        for (int j = 1; j < NO; ++j) acc = _mm256_fmadd_ps(_mm256_load_ps(w8 + (j * ni + i) * 8), d[j], acc);
        const __m256 a = _mm256_load_ps(in_act + i * kStride + c);
        _mm256_store_ps(delta_in + i * kStride + c, _mm256_mul_ps(acc, derivative8<A>(a)));
      }
    } else {
      for (int i = 0; i < ni; ++i) {
        __m256 acc = _mm256_setzero_ps();
        for (int j = 0; j < no; ++j) {
          acc = _mm256_fmadd_ps(_mm256_load_ps(w8 + (j * ni + i) * 8), _mm256_load_ps(delta + j * kStride + c), acc);
        }
        const __m256 a = _mm256_load_ps(in_act + i * kStride + c);
        _mm256_store_ps(delta_in + i * kStride + c, _mm256_mul_ps(acc, derivative8<A>(a)));
      }
    }
  }
}

}  // namespace infoplane::detail
