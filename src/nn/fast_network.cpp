#include "infoplane/nn/fast_network.hpp"

#include <immintrin.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "infoplane/core/error.hpp"
#include "nn/detail/fast_kernels.hpp"
#include "nn/detail/wide_layers.hpp"

namespace infoplane {

using detail::kStride;

AlignedFloats::AlignedFloats(std::size_t n) : size_(n) {
  const std::size_t bytes = ((n * sizeof(float) + 31) / 32) * 32;
  data_.reset(static_cast<float*>(std::aligned_alloc(32, std::max<std::size_t>(bytes, 32))));
  INFOPLANE_ASSERT(data_ != nullptr);
  std::memset(data_.get(), 0, std::max<std::size_t>(bytes, 32));
}

void AlignedFloats::Free::operator()(float* p) const { std::free(p); }

FeatureMajorInputs::FeatureMajorInputs(const Matrix<float>& inputs)
    : n_inputs(static_cast<int>(inputs.cols())),
      n_inputs_padded((static_cast<int>(inputs.cols()) + 7) / 8 * 8),
      n_patterns(static_cast<int>(inputs.rows())),
      rows((inputs.rows() + 1) * static_cast<std::size_t>((inputs.cols() + 7) / 8 * 8)) {
  // Row by row (60,000 images: a plain copy, not an element loop); the padding stays zero.
  const std::size_t n = static_cast<std::size_t>(n_inputs);
  for (int p = 0; p < n_patterns; ++p) {
    std::memcpy(rows.data() + static_cast<std::size_t>(p) * n_inputs_padded, inputs.data() + p * n, n * sizeof(float));
  }
  if (n_inputs > 32) return;
  const auto values = inputs.values();
  if (!std::all_of(values.begin(), values.end(), [](float v) { return v == 0.0f || v == 1.0f; })) return;
  bit_codes.assign(static_cast<std::size_t>(n_patterns) + 1, 0);
  for (int p = 0; p < n_patterns; ++p) {
    for (int i = 0; i < n_inputs; ++i) {
      if (inputs(p, i) == 1.0f) bit_codes[p] |= std::uint32_t{1} << i;
    }
  }
}

namespace {

// In-register transpose of an 8 x 8 float block (r[k] = row k on entry, column k on exit).
inline void transpose8x8(__m256 r[8]) {
  const __m256 t0 = _mm256_unpacklo_ps(r[0], r[1]), t1 = _mm256_unpackhi_ps(r[0], r[1]);
  const __m256 t2 = _mm256_unpacklo_ps(r[2], r[3]), t3 = _mm256_unpackhi_ps(r[2], r[3]);
  const __m256 t4 = _mm256_unpacklo_ps(r[4], r[5]), t5 = _mm256_unpackhi_ps(r[4], r[5]);
  const __m256 t6 = _mm256_unpacklo_ps(r[6], r[7]), t7 = _mm256_unpackhi_ps(r[6], r[7]);
  const __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE);
  const __m256 u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE);
  const __m256 u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE);
  const __m256 u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
  r[0] = _mm256_permute2f128_ps(u0, u4, 0x20);
  r[1] = _mm256_permute2f128_ps(u1, u5, 0x20);
  r[2] = _mm256_permute2f128_ps(u2, u6, 0x20);
  r[3] = _mm256_permute2f128_ps(u3, u7, 0x20);
  r[4] = _mm256_permute2f128_ps(u0, u4, 0x31);
  r[5] = _mm256_permute2f128_ps(u1, u5, 0x31);
  r[6] = _mm256_permute2f128_ps(u2, u6, 0x31);
  r[7] = _mm256_permute2f128_ps(u3, u7, 0x31);
}

// out[k] = sum of the 8 lanes of acc[k] (acc shape = [n, 8]), in a fixed order: 8 rows at a
// time through a register transpose (one vector of 8 sums), the tail with hsum8.
void sum_lanes(const float* acc, std::size_t n, float* out) {
  std::size_t k = 0;
  for (; k + 8 <= n; k += 8) {
    __m256 r[8];
    for (int q = 0; q < 8; ++q) r[q] = _mm256_load_ps(acc + (k + q) * 8);
    transpose8x8(r);  // r[lane][q] = lane `lane` of row k + q
    const __m256 s01 = _mm256_add_ps(r[0], r[1]), s23 = _mm256_add_ps(r[2], r[3]);
    const __m256 s45 = _mm256_add_ps(r[4], r[5]), s67 = _mm256_add_ps(r[6], r[7]);
    _mm256_storeu_ps(out + k, _mm256_add_ps(_mm256_add_ps(s01, s23), _mm256_add_ps(s45, s67)));
  }
  for (; k < n; ++k) out[k] = simd::hsum8(_mm256_load_ps(acc + k * 8));
}

// Lanes c < count of an 8-column block starting at column c0 (all ones) or not (zero).
inline __m256i real_columns(int c0, int count) {
  const __m256i column = _mm256_add_epi32(_mm256_set1_epi32(c0), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
  return _mm256_cmpgt_epi32(_mm256_set1_epi32(count), column);
}

}  // namespace

// Input chunk act_[0] for `count` samples: pattern rows[c] (or first_row + c when rows is
// null); columns up to the next multiple of 8 take the zero pattern. Feature-major
// (n_inputs_padded rows of kStride) for a tiny first layer; sample-major (a pattern row of
// n_inputs_padded floats per column) for a wide one.
void FastNetwork::gather_inputs(const int* rows, int first_row, int count) {
  if (!inputs_->bit_codes.empty()) {
    gather_bit_inputs(rows, first_row, count);
    return;
  }
  const int pad = inputs_->n_inputs_padded;
  const float* src = inputs_->rows.data();
  const int zero_row = inputs_->n_patterns;
  float* x = act_[0].data();
  const int cols = (count + 7) / 8 * 8;
  if (sample_major_input_) {  // the rows as they are, padding columns zero
    for (int c = 0; c < cols; ++c) {
      const int pattern = c >= count ? zero_row : rows != nullptr ? rows[c] : first_row + c;
      std::memcpy(x + static_cast<std::size_t>(c) * pad, src + static_cast<std::size_t>(pattern) * pad, pad * sizeof(float));
    }
    return;
  }
  for (int c0 = 0; c0 < cols; c0 += 8) {
    std::size_t offset[8];  // start of each column's pattern row
    for (int k = 0; k < 8; ++k) {
      const int c = c0 + k;
      const int pattern = c >= count ? zero_row : rows != nullptr ? rows[c] : first_row + c;
      offset[k] = static_cast<std::size_t>(pattern) * pad;
    }
    for (int g = 0; g < pad; g += 8) {
      __m256 r[8];
      for (int k = 0; k < 8; ++k) r[k] = _mm256_load_ps(src + offset[k] + g);
      transpose8x8(r);
      for (int k = 0; k < 8; ++k) _mm256_store_ps(x + (g + k) * kStride + c0, r[k]);
    }
  }
}

// The binary path of gather_inputs: row i of act_[0] = bit i of each column's pattern code, as
// 0.0f or 1.0f; padding columns get code 0. Rows n_inputs.. n_inputs_padded - 1 stay zero from
// the allocation. The chunk's codes are first copied in a scalar loop (a vector gather per 8
// columns was 4x slower here: vpgatherdd is microcoded on this CPU).
void FastNetwork::gather_bit_inputs(const int* rows, int first_row, int count) {
  const std::uint32_t* codes = inputs_->bit_codes.data();
  const int cols = (count + 7) / 8 * 8;
  std::uint32_t* code = chunk_codes_.data();
  if (rows != nullptr) {
    for (int c = 0; c < count; ++c) code[c] = codes[rows[c]];
  } else {
    for (int c = 0; c < count; ++c) code[c] = codes[first_row + c];
  }
  for (int c = count; c < cols; ++c) code[c] = 0;
  float* x = act_[0].data();
  const int n_inputs = inputs_->n_inputs;
  const __m256 one = _mm256_set1_ps(1.0f);
  for (int i = 0; i < n_inputs; ++i) {
    const __m256i bit = _mm256_set1_epi32(static_cast<int>(std::uint32_t{1} << i));
    for (int c = 0; c < cols; c += 8) {
      const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(code + c));
      const __m256i set = _mm256_cmpeq_epi32(_mm256_and_si256(v, bit), bit);
      _mm256_store_ps(x + i * kStride + c, _mm256_and_ps(_mm256_castsi256_ps(set), one));
    }
  }
}

FastNetwork::FastNetwork(const NetworkSpec& spec, const FeatureMajorInputs& inputs)
    : spec_(spec), inputs_(&inputs) {
  INFOPLANE_ASSERT(spec.n_inputs() == inputs.n_inputs);
  const int n_layers = spec.n_weight_layers();
  n_params_ = spec.n_params();
  for (int l = 0; l < n_layers; ++l) {
    weight_offset_.push_back(spec.weight_offset(l));
    bias_offset_.push_back(spec.bias_offset(l));
    const bool wide = std::max(spec.widths[l], spec.widths[l + 1]) > detail::kMaxUnrolled;
    wide_.push_back(wide ? 1 : 0);
    any_wide_ = any_wide_ || wide;
    // A wide first layer's GEMM reads the pattern rows as they are (it packs its operands
    // anyway): copying whole rows instead of transposing them to feature-major made an epoch of
    // 784-64-32-16-10 at batch 512 ~20% faster. Binary inputs keep their bit-code expansion.
    if (l == 0) sample_major_input_ = wide && inputs.bit_codes.empty();
    lane_weight_offset_.push_back(n_lane_params_);
    lane_bias_offset_.push_back(n_lane_params_ + (wide ? 0 : spec.n_weights(l)));
    if (!wide) n_lane_params_ += spec.n_weights(l) + static_cast<std::size_t>(spec.widths[l + 1]);
  }
  if (any_wide_) {
    chunk_ = kMaxChunk;
    lane_sums_.assign(n_lane_params_, 0.0f);
  } else {
    // Chunk size: the input, activation, logit and delta rows of one sample, in bytes, against
    // a 256 KB budget.
    std::size_t bytes_per_sample = sizeof(float) * (inputs.n_inputs_padded + spec.n_outputs());
    for (int l = 1; l <= n_layers; ++l) bytes_per_sample += 2 * sizeof(float) * spec.widths[l];
    const int fitting = static_cast<int>((std::size_t{256} << 10) / bytes_per_sample) / 8 * 8;
    chunk_ = std::clamp(fitting, kMinChunk, kMaxChunk);
  }
  for (int l = 0; l <= n_layers; ++l) {
    const int rows = l == 0 ? inputs.n_inputs_padded : spec.widths[l];
    act_.emplace_back(static_cast<std::size_t>(rows) * kStride);
    // No delta for the inputs (layer 0): the backward pass stops at the first weight layer.
    delta_.emplace_back(l == 0 ? 0 : static_cast<std::size_t>(spec.widths[l]) * kStride);
  }
  logits_ = AlignedFloats(static_cast<std::size_t>(spec.n_outputs()) * kStride);
  label_ = AlignedFloats(kStride);
  if (!inputs.bit_codes.empty()) chunk_codes_.assign(kStride, 0);
  scale_ = AlignedFloats(kStride);
  grad_acc_ = AlignedFloats(n_lane_params_ * 8);
  params8_ = AlignedFloats(n_lane_params_ * 8);
}

// Gathers `count` samples into the input chunk (feature-major) and pads up to the next multiple
// of 8 with zero inputs, label -1 and scale 0, so padded columns contribute nothing.
void FastNetwork::load_chunk(const int* rows, const int* labels, int count, float inv_batch) {
  const int cols = (count + 7) / 8 * 8;
  gather_inputs(rows, 0, count);
  for (int c = 0; c < cols; c += 8) {
    const __m256 real = _mm256_castsi256_ps(real_columns(c, count));
    const __m256 label = _mm256_cvtepi32_ps(_mm256_maskload_epi32(labels + c, _mm256_castps_si256(real)));
    _mm256_store_ps(label_.data() + c, _mm256_blendv_ps(_mm256_set1_ps(-1.0f), label, real));
    _mm256_store_ps(scale_.data() + c, _mm256_and_ps(real, _mm256_set1_ps(inv_batch)));
  }
}

// Each parameter in 8 lanes (params8_), so that an FMA takes its weight as a full-width memory
// operand: measured 3% faster per epoch than a vbroadcastss per FMA from the compact vector.
// Only the tiny layers' parameters (wide layers read the compact vector, params_).
void FastNetwork::broadcast_params(const float* params) {
  params_ = params;
  float* dst = params8_.data();
  if (!any_wide_) {
    const std::size_t n = n_params_;  // a local: the stores below may not alias it
    for (std::size_t k = 0; k < n; ++k) _mm256_store_ps(dst + k * 8, _mm256_set1_ps(params[k]));
    return;
  }
  for (int l = 0; l < spec_.n_weight_layers(); ++l) {
    if (wide_[l]) continue;
    const std::size_t n = spec_.n_weights(l) + static_cast<std::size_t>(spec_.widths[l + 1]);
    const float* src = params + weight_offset_[l];  // W_l then b_l, contiguous
    float* d = dst + lane_weight_offset_[l] * 8;
    for (std::size_t k = 0; k < n; ++k) _mm256_store_ps(d + k * 8, _mm256_set1_ps(src[k]));
  }
}

// Uses the parameters last given to broadcast_params.
void FastNetwork::forward_chunk(int cols) {
  const int n_layers = spec_.n_weight_layers();
  for (int l = 0; l < n_layers; ++l) {
    const int ni = spec_.widths[l], no = spec_.widths[l + 1];
    const bool is_output = l + 1 == n_layers;
    float* out = is_output ? logits_.data() : act_[l + 1].data();
    const Activation a = is_output ? Activation::kLinear : spec_.hidden;
    if (l == 0 && sample_major_input_) {
      detail::wide_forward_from_rows(params_ + weight_offset_[l], params_ + bias_offset_[l], ni, no, act_[0].data(),
                                     inputs_->n_inputs_padded, out, cols, a);
    } else if (wide_[l]) {
      detail::wide_forward(params_ + weight_offset_[l], params_ + bias_offset_[l], ni, no, act_[l].data(), out, cols, a);
    } else {
      const float* w = params8_.data() + lane_weight_offset_[l] * 8;
      const float* b = params8_.data() + lane_bias_offset_[l] * 8;
      detail::with_width(ni, [&](auto width) {
        detail::with_activation(a, [&](auto act) {
          detail::forward_layer<decltype(width)::value, decltype(act)::value>(w, b, ni, no, act_[l].data(), out, cols);
        });
      });
    }
    if (perturbation_ && !is_output) perturbation_->apply(l, out, cols, chunk_real_, chunk_first_, chunk_backward_);
  }
  // Output probabilities.
  const int no = spec_.n_outputs();
  float* p = act_[n_layers].data();
  const float* z = logits_.data();
  for (int c = 0; c < cols; c += 8) {
    if (spec_.output == OutputKind::kSigmoid) {
      _mm256_store_ps(p + c, simd::sigmoid8(_mm256_load_ps(z + c)));
      continue;
    }
    if (no == 2) {
      // The general branch below for two units, with exp(z_max - m) = 1 not computed (bit
      // for bit the same: exp8(0) = 1 and z_min - m = -|z1 - z0| exactly). NaN propagates.
      const __m256 z0 = _mm256_load_ps(z + c), z1 = _mm256_load_ps(z + kStride + c);
      const __m256 minus_abs_diff = _mm256_or_ps(_mm256_sub_ps(z1, z0), _mm256_set1_ps(-0.0f));
      const __m256 e = simd::exp8(minus_abs_diff);
      const __m256 p_max = _mm256_div_ps(_mm256_set1_ps(1.0f), _mm256_add_ps(_mm256_set1_ps(1.0f), e));
      const __m256 p_min = _mm256_mul_ps(e, p_max);
      const __m256 first_larger = _mm256_cmp_ps(z0, z1, _CMP_GT_OQ);
      _mm256_store_ps(p + c, _mm256_blendv_ps(p_min, p_max, first_larger));
      _mm256_store_ps(p + kStride + c, _mm256_blendv_ps(p_max, p_min, first_larger));
      continue;
    }
    __m256 m = _mm256_load_ps(z + c);
    for (int j = 1; j < no; ++j) m = _mm256_max_ps(m, _mm256_load_ps(z + j * kStride + c));
    __m256 sum = _mm256_setzero_ps();
    for (int j = 0; j < no; ++j) {
      const __m256 e = simd::exp8(_mm256_sub_ps(_mm256_load_ps(z + j * kStride + c), m));
      _mm256_store_ps(p + j * kStride + c, e);
      sum = _mm256_add_ps(sum, e);
    }
    const __m256 inv = _mm256_div_ps(_mm256_set1_ps(1.0f), sum);
    for (int j = 0; j < no; ++j) _mm256_store_ps(p + j * kStride + c, _mm256_mul_ps(_mm256_load_ps(p + j * kStride + c), inv));
  }
}

void FastNetwork::backward_chunk(int cols) {
  const int n_layers = spec_.n_weight_layers();
  const int no = spec_.n_outputs();
  // Output delta dL/dz = (p - onehot(label)) * scale (scale = 1/batch, 0 for padding).
  const float* p = act_[n_layers].data();
  float* d_out = delta_[n_layers].data();
  for (int c = 0; c < cols; c += 8) {
    const __m256 label = _mm256_load_ps(label_.data() + c);
    const __m256 scale = _mm256_load_ps(scale_.data() + c);
    for (int j = 0; j < no; ++j) {
      // Sigmoid output: the single unit's target is label == 1.
      const float target_id = spec_.output == OutputKind::kSigmoid ? 1.0f : static_cast<float>(j);
      const __m256 onehot = _mm256_and_ps(_mm256_cmp_ps(label, _mm256_set1_ps(target_id), _CMP_EQ_OQ), _mm256_set1_ps(1.0f));
      const __m256 d = _mm256_sub_ps(_mm256_load_ps(p + j * kStride + c), onehot);
      _mm256_store_ps(d_out + j * kStride + c, _mm256_mul_ps(d, scale));
    }
  }
  for (int l = n_layers - 1; l >= 0; --l) {
    const int ni = spec_.widths[l], n_out = spec_.widths[l + 1];
    if (l == 0 && sample_major_input_) {
      detail::wide_weight_grad_from_rows(delta_[1].data(), act_[0].data(), inputs_->n_inputs_padded, ni, n_out,
                                         grad_ + weight_offset_[0], grad_ + bias_offset_[0], cols);
      break;
    }
    // act'(z) from the clean activation: the perturbation's gradient is straight-through. The
    // weight gradients take the perturbed act_[l], the input the next layer saw.
    const float* clean = l > 0 && perturbation_ ? perturbation_->clean(l - 1) : act_[l].data();
    if (wide_[l]) {
      detail::wide_weight_grad(delta_[l + 1].data(), act_[l].data(), ni, n_out, grad_ + weight_offset_[l],
                               grad_ + bias_offset_[l], cols);
      if (l == 0) break;
      detail::wide_backprop_delta(params_ + weight_offset_[l], delta_[l + 1].data(), clean, ni, n_out,
                                  delta_[l].data(), cols, spec_.hidden);
      continue;
    }
    float* gw = grad_acc_.data() + lane_weight_offset_[l] * 8;
    float* gb = grad_acc_.data() + lane_bias_offset_[l] * 8;
    detail::with_width(ni, [&](auto width) {
      detail::accumulate_weight_grad<decltype(width)::value>(delta_[l + 1].data(), act_[l].data(), ni, n_out, gw, gb, cols);
    });
    if (l == 0) break;
    const float* w = params8_.data() + lane_weight_offset_[l] * 8;
    detail::with_width(n_out, [&](auto width) {
      detail::with_activation(spec_.hidden, [&](auto act) {
        detail::backprop_delta<decltype(width)::value, decltype(act)::value>(w, delta_[l + 1].data(), clean, ni, n_out, delta_[l].data(), cols);
      });
    });
  }
}

void FastNetwork::batch_gradient(const float* params, std::span<const int> rows,
                                 std::span<const int> labels, float* grad) {
  INFOPLANE_ASSERT(rows.size() == labels.size() && !rows.empty());
  std::memset(grad_acc_.data(), 0, n_lane_params_ * 8 * sizeof(float));
  broadcast_params(params);
  grad_ = grad;
  for (int l = 0; l < spec_.n_weight_layers(); ++l) {  // wide layers sum into grad directly
    if (!wide_[l]) continue;
    const std::size_t len = spec_.n_weights(l) + static_cast<std::size_t>(spec_.widths[l + 1]);
    std::memset(grad + weight_offset_[l], 0, len * sizeof(float));
  }
  const int n = static_cast<int>(rows.size());
  const float inv_batch = 1.0f / static_cast<float>(n);
  for (int start = 0; start < n; start += chunk_) {
    const int count = std::min(chunk_, n - start);
    load_chunk(rows.data() + start, labels.data() + start, count, inv_batch);
    const int cols = (count + 7) / 8 * 8;
    chunk_first_ = static_cast<std::uint64_t>(start), chunk_real_ = count, chunk_backward_ = true;
    forward_chunk(cols);
    backward_chunk(cols);
  }
  grad_ = nullptr;
  if (!any_wide_) {
    sum_lanes(grad_acc_.data(), n_params_, grad);
    return;
  }
  sum_lanes(grad_acc_.data(), n_lane_params_, lane_sums_.data());
  for (int l = 0; l < spec_.n_weight_layers(); ++l) {
    if (wide_[l]) continue;
    const std::size_t len = spec_.n_weights(l) + static_cast<std::size_t>(spec_.widths[l + 1]);
    std::memcpy(grad + weight_offset_[l], lane_sums_.data() + lane_weight_offset_[l], len * sizeof(float));
  }
}

void FastNetwork::forward_all(const float* params, std::vector<Matrix<float>>& layers,
                              Matrix<float>& logits) {
  const int n_layers = spec_.n_weight_layers();
  const int n = inputs_->n_patterns;
  if (static_cast<int>(layers.size()) != n_layers) layers.resize(n_layers);
  for (int l = 0; l < n_layers; ++l) {
    const std::size_t w = static_cast<std::size_t>(spec_.widths[l + 1]);
    if (layers[l].rows() != static_cast<std::size_t>(n) || layers[l].cols() != w) layers[l] = Matrix<float>(n, w);
  }
  const std::size_t no = static_cast<std::size_t>(spec_.n_outputs());
  if (logits.rows() != static_cast<std::size_t>(n) || logits.cols() != no) logits = Matrix<float>(n, no);
  broadcast_params(params);

  // Patterns in consecutive chunks; load_chunk reads columns [start, start + count).
  for (int start = 0; start < n; start += chunk_) {
    const int count = std::min(chunk_, n - start);
    const int cols = (count + 7) / 8 * 8;
    gather_inputs(nullptr, start, count);
    chunk_first_ = static_cast<std::uint64_t>(start), chunk_real_ = count, chunk_backward_ = false;
    forward_chunk(cols);
    // Transpose to the observers' shape = [n_patterns, width].
    for (int l = 0; l < n_layers; ++l) {
      const int width = spec_.widths[l + 1];
      const float* a = act_[l + 1].data();
      float* dst = layers[l].data() + static_cast<std::size_t>(start) * width;
      for (int c = 0; c < count; ++c) {
        for (int j = 0; j < width; ++j) dst[c * width + j] = a[j * kStride + c];
      }
    }
    float* zdst = logits.data() + static_cast<std::size_t>(start) * no;
    for (int c = 0; c < count; ++c) {
      for (std::size_t j = 0; j < no; ++j) zdst[c * no + j] = logits_.data()[j * kStride + c];
    }
  }
}

void FastNetwork::set_perturbation(const HiddenPerturbationSettings& settings) {
  const std::vector<int> hidden(spec_.widths.begin() + 1, spec_.widths.end() - 1);
  perturbation_ = std::make_unique<HiddenPerturbation>(settings, hidden, kStride);
}

}  // namespace infoplane
