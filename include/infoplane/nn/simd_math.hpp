#pragma once
// Vectorised elementary functions on 8 floats (AVX2 + FMA) for the training hot loop.
// Accuracy (measured by tests/nn/simd_math_test.cpp against double-precision libm):
//   exp8:  |x| <= 87, relative error ~1e-7 (Cody-Waite reduction, degree-7 Taylor on |r| <= ln2/2)
//   tanh8: relative error <= 3.7e-7 (~3 float steps below 1); a degree-4/4 rational, 14 instructions.
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

// tanh(x) = x P(x^2) / Q(x^2), P and Q of degree 4 with P(0) = Q(0) = 1: a rational
// approximation fitted for the least maximum relative error on 0 < x <= 9 (Lawson-weighted
// least squares, scripts/fit-tanh-rational.py; 2.2e-8 in exact arithmetic, 3.6e-7 in float).
// 8 multiply-adds and one division: the division unit is slow here (~8 cycles per 8 floats), the
// FMA pipes are the bottleneck, and the old 14th convergent of Lambert's continued fraction
// (15 multiply-adds) cost 1.5x as much in the training loop for no useful accuracy.
// |x| is clamped at 9 (tanh(9) rounds to 1 in float) and the result to [-1, 1]: over every
// float in (0, 9] the unclamped value's relative error is at most 3.5e-7, but 74,509 of them
// give up to 1 + 2.4e-7 (an exhaustive check, session 2), so the clamp stays.
// NaN propagates (operand order of min/max).
inline __m256 tanh8(__m256 x) {
  x = _mm256_min_ps(_mm256_set1_ps(9.0f), x);
  x = _mm256_max_ps(_mm256_set1_ps(-9.0f), x);
  const __m256 t = _mm256_mul_ps(x, x);
  // Two independent Horner chains, interleaved.
  __m256 p = _mm256_fmadd_ps(_mm256_set1_ps(1.341884381e-08f), t, _mm256_set1_ps(2.066060733e-05f));
  __m256 q = _mm256_fmadd_ps(_mm256_set1_ps(7.804342772e-07f), t, _mm256_set1_ps(3.290975874e-04f));
  p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(3.498959355e-03f));
  q = _mm256_fmadd_ps(q, t, _mm256_set1_ps(2.589006908e-02f));
  p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(1.338395029e-01f));
  q = _mm256_fmadd_ps(q, t, _mm256_set1_ps(4.671727121e-01f));
  p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(1.0f));
  q = _mm256_fmadd_ps(q, t, _mm256_set1_ps(1.0f));
  __m256 r = _mm256_div_ps(_mm256_mul_ps(x, p), q);
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
