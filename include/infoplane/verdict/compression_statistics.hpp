#pragma once
// Compression of one layer under one estimator, over an ensemble of networks (issue 16).
//
// m(t) = mean over the networks of I(X;T) at recorded epoch t (bits). The compression is
//   C = max_t m(t) - m(t_last),
// the drop of the ensemble-mean trajectory from its peak to the end of training, and its onset
// the epoch of the peak. A 95% interval comes from the percentile bootstrap over networks: B
// resamples of n networks drawn with replacement, resample r from Rng::derive(seed,
// {kStreamBootstrap, r}) (the same resamples for every layer and estimator, so their intervals
// are paired), C recomputed on each (its own peak), and the 2.5% and 97.5% quantiles taken
// (linear interpolation between order statistics).
//
// C >= 0 by construction, and on a flat noisy trajectory the peak of a mean sits above its end
// by chance, so the verdict needs a threshold: the layer compresses when C > tolerance, and
// significantly when the interval's lower end is > tolerance too.
#include <cstdint>
#include <span>
#include <vector>

namespace infoplane {

inline constexpr std::uint64_t kStreamBootstrap = 7;

struct CompressionOptions {
  int resamples = 2000;
  std::uint64_t seed = 1;
  double tolerance_bits = 0.05;
};

struct CompressionStats {
  double peak_bits = 0.0;         // max_t m(t)
  double final_bits = 0.0;        // m(t_last)
  double compression_bits = 0.0;  // C = peak - final, >= 0
  double ci_low_bits = 0.0;       // 95% bootstrap interval of C
  double ci_high_bits = 0.0;
  int onset_epoch = 0;            // the epoch of the peak (the first, on ties)
  bool compresses = false;        // C > tolerance
  bool significant = false;       // ci_low > tolerance
};

// i_xt: shape = [n_networks, epochs.size()], bits, epochs ascending. n_networks >= 1, at least
// one epoch, values finite (asserted).
CompressionStats compression_statistics(std::span<const double> i_xt, int n_networks,
                                        std::span<const int> epochs, const CompressionOptions& options);

// The bootstrap resamples: resample r's network indices (shape = [n_networks]).
std::vector<int> bootstrap_resample(std::uint64_t seed, int resample, int n_networks);

// The q-quantile (0 <= q <= 1) of `sorted` (ascending, non-empty): linear interpolation between
// order statistics at position q (n - 1).
double sorted_quantile(std::span<const double> sorted, double q);

}  // namespace infoplane
