#include "infoplane/nn/weight_geometry.hpp"

#include <cmath>

#include "infoplane/core/error.hpp"

namespace infoplane {

double mean_abs_neuron_cosine(std::span<const float> weights, int n_out, int n_in) {
  INFOPLANE_ASSERT(n_out >= 0 && n_in >= 0 &&
                   weights.size() == static_cast<std::size_t>(n_out) * static_cast<std::size_t>(n_in));
  if (n_out < 2) return 0.0;
  auto row = [&](int i) { return weights.subspan(static_cast<std::size_t>(i) * n_in, static_cast<std::size_t>(n_in)); };
  std::vector<double> norm(static_cast<std::size_t>(n_out));
  for (int i = 0; i < n_out; ++i) {
    double s = 0;
    for (float w : row(i)) s += static_cast<double>(w) * w;
    norm[static_cast<std::size_t>(i)] = std::sqrt(s);
  }
  double sum = 0;
  for (int i = 0; i < n_out; ++i) {
    for (int j = i + 1; j < n_out; ++j) {
      const double denominator = norm[static_cast<std::size_t>(i)] * norm[static_cast<std::size_t>(j)];
      if (denominator == 0) continue;
      double dot = 0;
      const auto a = row(i), b = row(j);
      for (int k = 0; k < n_in; ++k) dot += static_cast<double>(a[k]) * b[k];
      sum += std::fabs(dot) / denominator;
    }
  }
  return sum / (0.5 * n_out * (n_out - 1.0));
}

std::vector<double> in_weight_cosines(const NetworkSpec& spec, std::span<const float> params) {
  std::vector<double> cosines;
  for (int l = 0; l < spec.n_weight_layers(); ++l)
    cosines.push_back(mean_abs_neuron_cosine(params.subspan(spec.weight_offset(l), spec.n_weights(l)),
                                             spec.widths[l + 1], spec.widths[l]));
  return cosines;
}

}  // namespace infoplane
