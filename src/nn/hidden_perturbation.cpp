// Noise and quantization of hidden activations; see include/infoplane/nn/hidden_perturbation.hpp.
#include "infoplane/nn/hidden_perturbation.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "infoplane/core/error.hpp"
#include "infoplane/core/rng.hpp"
#include "infoplane/core/uniform_quantizer.hpp"

namespace infoplane {

std::pair<double, double> default_quantize_range(Activation activation) {
  switch (activation) {
    case Activation::kTanh: return {-1.0, 1.0};
    case Activation::kSigmoid: return {0.0, 1.0};
    case Activation::kRelu: return {0.0, 4.0};
    case Activation::kLinear: return {-4.0, 4.0};
  }
  return {-1.0, 1.0};
}

void hidden_noise(const NoiseKey& key, std::uint64_t sample, int layer, double noise_var,
                  std::span<float> out) {
  Rng rng = Rng::derive(key.seed, {key.network, kStreamHiddenNoise, key.epoch, key.batch, sample,
                                   static_cast<std::uint64_t>(layer)});
  const double sd = std::sqrt(noise_var);
  for (float& v : out) v = static_cast<float>(sd * rng.normal());
}

float quantize_value(float v, int bits, float lo, float hi) { return UniformQuantizer(bits, lo, hi)(v); }

HiddenPerturbation::HiddenPerturbation(const HiddenPerturbationSettings& settings,
                                       std::vector<int> hidden_widths, int stride)
    : settings_(settings), widths_(std::move(hidden_widths)), stride_(stride) {
  INFOPLANE_ASSERT(settings.noise_var >= 0.0 && settings.quantize_bits >= 0 &&
                   settings.quantize_bits <= 16 && settings.quantize_lo < settings.quantize_hi);
  int widest = 0;
  for (int w : widths_) {
    clean_.emplace_back(static_cast<std::size_t>(w) * stride_ + 8, 0.0f);
    widest = std::max(widest, w);
  }
  draws_.assign(static_cast<std::size_t>(widest), 0.0f);
}

float* HiddenPerturbation::clean_row(int layer) const {
  const auto& v = clean_[static_cast<std::size_t>(layer)];
  const auto address = reinterpret_cast<std::uintptr_t>(v.data());
  return const_cast<float*>(v.data()) + ((32 - address % 32) % 32) / sizeof(float);
}

void HiddenPerturbation::apply(int layer, float* block, int cols, int real,
                               std::uint64_t first_sample, bool keep_clean) {
  INFOPLANE_ASSERT(layer >= 0 && layer < static_cast<int>(widths_.size()) && real <= cols);
  const int width = widths_[static_cast<std::size_t>(layer)];
  if (keep_clean) {
    float* clean = clean_row(layer);
    for (int j = 0; j < width; ++j) {
      std::memcpy(clean + static_cast<std::size_t>(j) * stride_,
                  block + static_cast<std::size_t>(j) * stride_, sizeof(float) * cols);
    }
  }
  if (settings_.noise_var > 0.0) {
    const std::span<float> draws(draws_.data(), static_cast<std::size_t>(width));
    for (int c = 0; c < real; ++c) {
      hidden_noise(key_, first_sample + static_cast<std::uint64_t>(c), layer, settings_.noise_var, draws);
      for (int j = 0; j < width; ++j) block[static_cast<std::size_t>(j) * stride_ + c] += draws[j];
    }
  }
  if (settings_.quantize_bits > 0) {
    const UniformQuantizer quantize(settings_.quantize_bits, static_cast<float>(settings_.quantize_lo),
                                    static_cast<float>(settings_.quantize_hi));
    for (int j = 0; j < width; ++j) {
      float* row = block + static_cast<std::size_t>(j) * stride_;
      for (int c = 0; c < real; ++c) row[c] = quantize(row[c]);
    }
  }
}

}  // namespace infoplane
