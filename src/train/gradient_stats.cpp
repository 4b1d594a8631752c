#include "infoplane/train/gradient_stats.hpp"

#include <algorithm>
#include <cmath>

#include "infoplane/core/error.hpp"

namespace infoplane {

namespace {

constexpr std::size_t kLanes = 8;  // independent partial sums: the compiler can keep them in vector registers

// Sums x_e^2 over n doubles or floats in kLanes interleaved partial sums, then adds the lanes
// in a fixed order. `add_to_sum` (may be null) also receives x_e, element by element.
template <typename T>
double squared_norm(const T* x, std::size_t n, double* add_to_sum) {
  double lanes[kLanes] = {};
  std::size_t e = 0;
  for (; e + kLanes <= n; e += kLanes) {
    for (std::size_t j = 0; j < kLanes; ++j) {
      const double v = x[e + j];
      if (add_to_sum != nullptr) add_to_sum[e + j] += v;
      lanes[j] += v * v;
    }
  }
  for (std::size_t j = 0; e < n; ++e, ++j) {
    const double v = x[e];
    if (add_to_sum != nullptr) add_to_sum[e] += v;
    lanes[j] += v * v;
  }
  double total = 0.0;
  for (double lane : lanes) total += lane;
  return total;
}

}  // namespace

GradientStatsAccumulator::GradientStatsAccumulator(const NetworkSpec& spec) : spec_(spec) {
  std::size_t n = 0;
  for (int l = 0; l < spec.n_weight_layers(); ++l) n += spec.n_weights(l);
  sum_.assign(n, 0.0);
  sum_sq_norms_.assign(static_cast<std::size_t>(spec.n_weight_layers()), 0.0);
  stats_.resize(static_cast<std::size_t>(spec.n_weight_layers()));
}

void GradientStatsAccumulator::reset() {
  std::fill(sum_.begin(), sum_.end(), 0.0);
  std::fill(sum_sq_norms_.begin(), sum_sq_norms_.end(), 0.0);
  batches_ = 0;
}

void GradientStatsAccumulator::add(const float* grad) {
  std::size_t k = 0;
  for (int l = 0; l < spec_.n_weight_layers(); ++l) {
    const std::size_t n = spec_.n_weights(l);
    sum_sq_norms_[l] += squared_norm(grad + spec_.weight_offset(l), n, sum_.data() + k);
    k += n;
  }
  ++batches_;
}

const std::vector<LayerGradientStats>& GradientStatsAccumulator::finish(const float* params) {
  INFOPLANE_ASSERT(batches_ > 0);
  const double inv_b = 1.0 / static_cast<double>(batches_);
  std::size_t k = 0;
  for (int l = 0; l < spec_.n_weight_layers(); ++l) {
    const std::size_t n = spec_.n_weights(l);
    // ||sum/B||^2 as ||sum||^2 / B^2: with B = 1 the same value, in the same order, as sum_sq_norms_.
    const double mean2 = squared_norm(sum_.data() + k, n, nullptr) * inv_b * inv_b;
    k += n;
    const double var = std::max(0.0, sum_sq_norms_[l] * inv_b - mean2);
    const double w2 = squared_norm(params + spec_.weight_offset(l), n, nullptr);
    stats_[l] = {std::sqrt(mean2), std::sqrt(var), std::sqrt(w2)};
  }
  return stats_;
}

}  // namespace infoplane
