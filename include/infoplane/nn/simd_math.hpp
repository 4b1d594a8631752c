#pragma once
// Vectorised elementary functions on 8 floats (AVX2 + FMA) for the training hot loop.
// Accuracy (measured by tests/nn/simd_math_test.cpp against double-precision libm):
//   exp8:  |x| <= 87, relative error ~1e-7 (Cody-Waite reduction, degree-7 Taylor on |r| <= ln2/2)
//   tanh8: relative error <= 3.5e-7 (2.1e-7 for |x| < 1); a rational function, ~20 instructions.
//   sigmoid8: 1 / (1 + exp(-x)), x clamped to [-87, 87].
#if !defined(__AVX2__) || !defined(__FMA__)
#error "infoplane's training kernels need AVX2 and FMA: build with INFOPLANE_NATIVE=ON on such a CPU"
#endif
#include <immintrin.h>

namespace infoplane::simd {

inline __m256 exp8(__m256 x) {
  const __m256 log2e = _mm256_set1_ps(1.44269504088896341f);
  const __m256 ln2_hi = _mm256_set1_ps(0.693359375f);     // few mantissa bits: n * ln2_hi exact
  const __m256 ln2_lo = _mm256_set1_ps(-2.12194440e-4f);  // ln 2 - ln2_hi
  x = _mm256_min_ps(_mm256_set1_ps(87.0f), x);  // argument order keeps NaN
  x = _mm256_max_ps(_mm256_set1_ps(-87.0f), x);
  const __m256 n = _mm256_round_ps(_mm256_mul_ps(x, log2e), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256 r = _mm256_fnmadd_ps(n, ln2_hi, x);
  r = _mm256_fnmadd_ps(n, ln2_lo, r);
  // exp(r), |r| <= 0.347: Taylor to r^7, truncation error r^8/8! < 6e-9.
  __m256 p = _mm256_set1_ps(1.0f / 5040.0f);
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 720.0f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 120.0f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 24.0f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 6.0f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(0.5f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
  // Scale by 2^n through the exponent bits (n in [-126, 126] after the clamp).
  const __m256i bits = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
  return _mm256_mul_ps(p, _mm256_castsi256_ps(bits));
}

// tanh(x) = x N(x^2) / D(x^2): the 14th convergent of Lambert's continued fraction
// tanh x = x / (1 + x^2 / (3 + x^2 / (5 + ...))), whose exact relative error is below 3.2e-9 on
// |x| <= 9; all coefficients are positive, so the two Horner chains have no cancellation. The
// integer coefficients of N and D are divided by D(0) = 213458046676875. |x| is clamped at 9
// (tanh(9) rounds to 1 in float) and the result to [-1, 1]. NaN propagates (operand order of
// min/max).
inline __m256 tanh8(__m256 x) {
  x = _mm256_min_ps(_mm256_set1_ps(9.0f), x);
  x = _mm256_max_ps(_mm256_set1_ps(-9.0f), x);
  const __m256 t = _mm256_mul_ps(x, x);
  __m256 n = _mm256_set1_ps(4.91899938e-13f);
  n = _mm256_fmadd_ps(n, t, _mm256_set1_ps(8.69679091e-10f));
  n = _mm256_fmadd_ps(n, t, _mm256_set1_ps(4.08966593e-07f));
  n = _mm256_fmadd_ps(n, t, _mm256_set1_ps(7.36139867e-05f));
  n = _mm256_fmadd_ps(n, t, _mm256_set1_ps(0.00543209877f));
  n = _mm256_fmadd_ps(n, t, _mm256_set1_ps(0.148148148f));
  n = _mm256_fmadd_ps(n, t, _mm256_set1_ps(1.0f));
  __m256 d = _mm256_set1_ps(4.68476132e-15f);
  d = _mm256_fmadd_ps(d, t, _mm256_set1_ps(2.55787968e-11f));
  d = _mm256_fmadd_ps(d, t, _mm256_set1_ps(2.15245575e-08f));
  d = _mm256_fmadd_ps(d, t, _mm256_set1_ps(6.13449889e-06f));
  d = _mm256_fmadd_ps(d, t, _mm256_set1_ps(0.000708534622f));
  d = _mm256_fmadd_ps(d, t, _mm256_set1_ps(0.0325925926f));
  d = _mm256_fmadd_ps(d, t, _mm256_set1_ps(0.481481481f));
  d = _mm256_fmadd_ps(d, t, _mm256_set1_ps(1.0f));
  __m256 r = _mm256_div_ps(_mm256_mul_ps(x, n), d);
  r = _mm256_min_ps(_mm256_set1_ps(1.0f), r);
  return _mm256_max_ps(_mm256_set1_ps(-1.0f), r);
}

inline __m256 sigmoid8(__m256 x) {
  const __m256 one = _mm256_set1_ps(1.0f);
  const __m256 e = exp8(_mm256_sub_ps(_mm256_setzero_ps(), x));
  __m256 s = _mm256_div_ps(one, _mm256_add_ps(one, e));
  const __m256 is_nan = _mm256_cmp_ps(x, x, _CMP_UNORD_Q);
  return _mm256_blendv_ps(s, x, is_nan);
}

// Sum of the 8 lanes, in a fixed order (deterministic).
inline float hsum8(__m256 v) {
  const __m128 lo = _mm256_castps256_ps128(v);
  const __m128 hi = _mm256_extractf128_ps(v, 1);
  __m128 s = _mm_add_ps(lo, hi);
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}

}  // namespace infoplane::simd
