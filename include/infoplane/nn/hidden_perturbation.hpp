#pragma once
// Perturbations of the hidden layers, applied after each hidden unit's activation, in training
// and when the layers are recorded:
//
// - noise (Goldfeld et al. 2019): T_l = f(z_l) + Z_l with Z_l ~ N(0, noise_var I) independent
//   per sample and unit, so that I(X;T) is finite and well defined (the "noisy" estimator);
// - quantization (Lorenzen et al. 2022): T_l = Q(f(z_l)) on 2^bits levels of [lo, hi] (the
//   same levels as info/exact_count.hpp's quantize_activations: lo + k (hi - lo) / (2^bits - 1),
//   nearest level, ties upwards, values outside [lo, hi] to the end levels), so that a layer
//   takes finitely many values and the "exact" estimator counts them.
//
// Both at once: the noise is added first, then quantized. Gradient: straight-through. The
// perturbation is the offset d = T - f(z), treated as a constant of the parameters, so
// dT/dz = f'(z) from the clean activation f(z) (kept for the backward pass). For the noise this
// is the exact gradient for the drawn noise; for the quantizer it is the straight-through
// estimator (Bengio et al. 2013), also outside [lo, hi].
//
// Noise draws: sample s of batch b in epoch e of network n, hidden layer l (0 = first hidden),
// draws its units' noise in unit order from Rng::derive(seed, {n, kStreamHiddenNoise, e, b, s,
// l}), so the draws do not depend on threads, chunking or the other layers. Batches are
// numbered 0, 1, ... within an epoch; a recorded forward pass of every pattern uses
// b = kRecordBatch and s = the pattern index.
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "infoplane/nn/network_spec.hpp"

namespace infoplane {

// The purpose constant of the noise stream (beside train/trainer.hpp's kStreamInit = 1,
// kStreamSample = 2, kStreamBatches = 3).
inline constexpr std::uint64_t kStreamHiddenNoise = 4;
inline constexpr std::uint64_t kRecordBatch = ~std::uint64_t{0};

struct HiddenPerturbationSettings {
  double noise_var = 0.0;  // activation^2; 0 = no noise
  int quantize_bits = 0;   // 0 = not quantized, else 1..16
  double quantize_lo = -1.0, quantize_hi = 1.0;  // the quantizer's range (activation units)
  bool active() const { return noise_var > 0.0 || quantize_bits > 0; }
  bool operator==(const HiddenPerturbationSettings&) const = default;
};

// The quantizer's default range for an activation: tanh [-1, 1], sigmoid [0, 1], relu [0, 4],
// linear [-4, 4] (relu and linear are unbounded: values beyond clip to the end levels).
std::pair<double, double> default_quantize_range(Activation activation);

// Which noise draws a forward pass takes (see above).
struct NoiseKey {
  std::uint64_t seed = 0;
  std::uint64_t network = 0;
  std::uint64_t epoch = 0;
  std::uint64_t batch = 0;
};

// One sample's noise for hidden layer `layer`: out[j] ~ N(0, noise_var), j in unit order.
void hidden_noise(const NoiseKey& key, std::uint64_t sample, int layer, double noise_var,
                  std::span<float> out);

// The quantizer on one value (core/uniform_quantizer.hpp's levels), for the tests' reference.
float quantize_value(float v, int bits, float lo, float hi);

// The workspace of one network: applies the perturbation to feature-major blocks of hidden
// activations and keeps their clean values for the backward pass.
class HiddenPerturbation {
 public:
  // hidden_widths: the widths of the hidden layers; stride: floats per unit row of a block.
  HiddenPerturbation(const HiddenPerturbationSettings& settings, std::vector<int> hidden_widths,
                     int stride);

  const HiddenPerturbationSettings& settings() const { return settings_; }
  void set_key(const NoiseKey& key) { key_ = key; }
  const NoiseKey& key() const { return key_; }

  // block: hidden layer `layer`'s activations, shape = [width, stride], columns [0, cols) of
  // which the first `real` are samples first_sample, first_sample + 1, ... (the rest padding,
  // left as they are). Perturbs the block in place; with keep_clean, first copies the clean
  // values, returned by clean(layer).
  void apply(int layer, float* block, int cols, int real, std::uint64_t first_sample,
             bool keep_clean);
  const float* clean(int layer) const { return clean_row(layer); }

 private:
  HiddenPerturbationSettings settings_;
  std::vector<int> widths_;
  int stride_;
  NoiseKey key_;
  // clean_[l]: shape = [width_l, stride] from the first 32-byte boundary (the kernels' aligned
  // loads), so 8 floats more than the block.
  std::vector<std::vector<float>> clean_;
  float* clean_row(int layer) const;
  std::vector<float> draws_;               // one sample's noise, shape = [width_l]
};

}  // namespace infoplane
