// Compression of a layer and its bootstrap interval; see
// include/infoplane/verdict/compression_statistics.hpp.
#include "infoplane/verdict/compression_statistics.hpp"

#include <algorithm>
#include <cmath>

#include "infoplane/core/error.hpp"
#include "infoplane/core/rng.hpp"

namespace infoplane {
namespace {

// C of the mean over `members` (network indices, repeats allowed); sets the peak epoch index.
double compression_of(std::span<const double> i_xt, std::size_t n_epochs, std::span<const int> members,
                      std::vector<double>& mean, std::size_t& peak_index) {
  std::fill(mean.begin(), mean.end(), 0.0);
  for (int n : members) {
    const double* row = i_xt.data() + static_cast<std::size_t>(n) * n_epochs;
    for (std::size_t t = 0; t < n_epochs; ++t) mean[t] += row[t];
  }
  for (double& m : mean) m /= static_cast<double>(members.size());
  peak_index = static_cast<std::size_t>(std::max_element(mean.begin(), mean.end()) - mean.begin());
  return mean[peak_index] - mean.back();
}

}  // namespace

std::vector<int> bootstrap_resample(std::uint64_t seed, int resample, int n_networks) {
  Rng rng = Rng::derive(seed, {kStreamBootstrap, static_cast<std::uint64_t>(resample)});
  std::vector<int> out(static_cast<std::size_t>(n_networks));
  for (int& i : out) i = static_cast<int>(rng.uniform_int(static_cast<std::uint64_t>(n_networks)));
  return out;
}

double sorted_quantile(std::span<const double> sorted, double q) {
  INFOPLANE_ASSERT(!sorted.empty() && q >= 0.0 && q <= 1.0);
  const double pos = q * static_cast<double>(sorted.size() - 1);
  const std::size_t lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (pos - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

CompressionStats compression_statistics(std::span<const double> i_xt, int n_networks,
                                        std::span<const int> epochs, const CompressionOptions& o) {
  const std::size_t n_epochs = epochs.size();
  INFOPLANE_ASSERT(n_networks >= 1 && n_epochs >= 1 && o.resamples >= 1);
  INFOPLANE_ASSERT(i_xt.size() == static_cast<std::size_t>(n_networks) * n_epochs);
  for (double v : i_xt) INFOPLANE_ASSERT(std::isfinite(v));
  std::vector<double> mean(n_epochs);
  std::vector<int> all(static_cast<std::size_t>(n_networks));
  for (int i = 0; i < n_networks; ++i) all[static_cast<std::size_t>(i)] = i;
  CompressionStats s;
  std::size_t peak = 0;
  s.compression_bits = compression_of(i_xt, n_epochs, all, mean, peak);
  s.peak_bits = mean[peak];
  s.final_bits = mean.back();
  s.onset_epoch = epochs[peak];
  std::vector<double> boot(static_cast<std::size_t>(o.resamples));
  for (int r = 0; r < o.resamples; ++r) {
    std::size_t ignored = 0;
    boot[static_cast<std::size_t>(r)] = compression_of(i_xt, n_epochs, bootstrap_resample(o.seed, r, n_networks), mean, ignored);
  }
  std::sort(boot.begin(), boot.end());
  s.ci_low_bits = sorted_quantile(boot, 0.025);
  s.ci_high_bits = sorted_quantile(boot, 0.975);
  s.compresses = s.compression_bits > o.tolerance_bits;
  s.significant = s.ci_low_bits > o.tolerance_bits;
  return s;
}

}  // namespace infoplane
