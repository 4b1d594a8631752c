#pragma once
// The uniform quantizer of quantized layers (Lorenzen, Igel & Nielsen 2022), shared by the
// network's quantized activations (nn/hidden_perturbation) and the exact estimator's
// quantize_activations (info/exact_count), so both give the same levels bit for bit:
// 2^bits levels lo + k (hi - lo) / (2^bits - 1), k = 0 .. 2^bits - 1; each value goes to the
// nearest level (ties upwards), values outside [lo, hi] to the end levels.
//
// Levels are computed in double from the integer k, so a level's value does not depend on how
// it was reached (idempotence: a level maps to itself); float rounding of a level (< 1e-7
// relative) is far below half a step (>= 1/131070 of the range) for bits <= 16.
#include <algorithm>
#include <cmath>

namespace infoplane {

class UniformQuantizer {
 public:
  // bits in 1..16 and finite lo < hi (checked by the callers, which name their own inputs).
  UniformQuantizer(int bits, float lo, float hi)
      : top_((1 << bits) - 1), lo_(lo), step_((static_cast<double>(hi) - lo) / top_) {}
  float operator()(float v) const {
    const double k = std::clamp(std::floor((v - lo_) / step_ + 0.5), 0.0, static_cast<double>(top_));
    return static_cast<float>(lo_ + k * step_);
  }

 private:
  int top_;      // the highest level index, 2^bits - 1
  double lo_;    // the lowest level (a float's value)
  double step_;  // distance between levels
};

}  // namespace infoplane
