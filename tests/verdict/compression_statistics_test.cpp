// The compression statistic and its bootstrap interval on built series with known answers.
#include "infoplane/verdict/compression_statistics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <vector>

namespace infoplane {
namespace {

// Every network's trajectory is base(t) + offset_n: every resample's mean is base + a constant,
// so C is the base's drop exactly and the interval has zero width.
TEST(CompressionStatistics, ASeriesThatCompressesByAKnownAmount) {
  const std::vector<int> epochs{0, 10, 20, 30, 40, 50};
  const std::vector<double> base{0.0, 1.0, 2.0, 3.0, 2.5, 2.0};
  const int n = 20;
  std::vector<double> series;
  for (int k = 0; k < n; ++k)
    for (double b : base) series.push_back(b + 0.1 * (k - 9.5));
  const CompressionStats s = compression_statistics(series, n, epochs, {500, 3, 0.05});
  EXPECT_NEAR(s.compression_bits, 1.0, 1e-12);
  EXPECT_NEAR(s.peak_bits, 3.0, 1e-12);
  EXPECT_NEAR(s.final_bits, 2.0, 1e-12);
  EXPECT_NEAR(s.ci_low_bits, 1.0, 1e-12);
  EXPECT_NEAR(s.ci_high_bits, 1.0, 1e-12);
  EXPECT_EQ(s.onset_epoch, 30);
  EXPECT_TRUE(s.compresses);
  EXPECT_TRUE(s.significant);
}

TEST(CompressionStatistics, ASeriesThatDoesNotCompress) {
  const std::vector<int> epochs{0, 1, 2, 3, 4};
  const int n = 7;
  std::vector<double> series;
  for (int k = 0; k < n; ++k)
    for (int t = 0; t < 5; ++t) series.push_back(std::log1p(t * (1.0 + 0.2 * k)));  // increasing
  const CompressionStats s = compression_statistics(series, n, epochs, {300, 1, 0.05});
  EXPECT_EQ(s.compression_bits, 0.0);
  EXPECT_EQ(s.ci_low_bits, 0.0);
  EXPECT_EQ(s.ci_high_bits, 0.0);
  EXPECT_EQ(s.onset_epoch, 4);
  EXPECT_FALSE(s.compresses);
  EXPECT_FALSE(s.significant);
}

// A drop d_n that differs between networks, after a common peak: each resample's C is the mean
// of its d's, so the percentile interval is that of a bootstrapped mean, close to the normal
// interval mean(d) -+ 1.96 sd(d) / sqrt(n) (plug-in sd) for 50 symmetric values.
TEST(CompressionStatistics, IntervalWidthMatchesTheMeansStandardError) {
  const int n = 50;
  const std::vector<int> epochs{0, 5, 9};
  std::vector<double> d(n), series;
  for (int k = 0; k < n; ++k) d[k] = 0.5 + 0.3 * std::cos(2.0 * 3.141592653589793 * (k + 0.5) / n * 7.0);
  for (int k = 0; k < n; ++k) {
    series.push_back(1.0);
    series.push_back(3.0);
    series.push_back(3.0 - d[k]);
  }
  const double mean = std::accumulate(d.begin(), d.end(), 0.0) / n;
  double var = 0;
  for (double x : d) var += (x - mean) * (x - mean) / n;
  const double se = std::sqrt(var / n);
  const CompressionStats s = compression_statistics(series, n, epochs, {20000, 5, 0.05});
  EXPECT_NEAR(s.compression_bits, mean, 1e-12);
  EXPECT_NEAR(s.ci_low_bits, mean - 1.96 * se, 0.12 * se);
  EXPECT_NEAR(s.ci_high_bits, mean + 1.96 * se, 0.12 * se);
  EXPECT_EQ(s.onset_epoch, 5);
  // Same seed, same interval; another seed, another (Monte-Carlo) interval.
  const CompressionStats again = compression_statistics(series, n, epochs, {20000, 5, 0.05});
  EXPECT_EQ(again.ci_low_bits, s.ci_low_bits);
  const CompressionStats other = compression_statistics(series, n, epochs, {20000, 6, 0.05});
  EXPECT_NE(other.ci_low_bits, s.ci_low_bits);
}

// Below the tolerance: a small real drop compresses only when it exceeds it, and a drop whose
// interval reaches below the tolerance is not significant.
TEST(CompressionStatistics, ToleranceDecidesCompressesAndSignificant) {
  const std::vector<int> epochs{0, 1, 2};
  std::vector<double> series;
  const int n = 10;
  for (int k = 0; k < n; ++k) {
    series.insert(series.end(), {0.0, 1.0, 1.0 - (k % 2 == 0 ? 0.0 : 0.2)});  // mean drop 0.1
  }
  const CompressionStats loose = compression_statistics(series, n, epochs, {2000, 1, 0.05});
  EXPECT_NEAR(loose.compression_bits, 0.1, 1e-12);
  EXPECT_TRUE(loose.compresses);
  EXPECT_LT(loose.ci_low_bits, 0.1);
  EXPECT_GT(loose.ci_high_bits, 0.1);
  const CompressionStats strict = compression_statistics(series, n, epochs, {2000, 1, 0.15});
  EXPECT_FALSE(strict.compresses);
  EXPECT_FALSE(strict.significant);
  // With tolerance 0.05 the interval's lower end (about 0.1 - 1.96 * 0.1 / sqrt(10) = 0.04)
  // is below it: compresses, not significantly.
  EXPECT_FALSE(loose.significant);
}

TEST(CompressionStatistics, QuantilesAndResamples) {
  const std::vector<double> v{1.0, 2.0, 4.0, 8.0};
  EXPECT_EQ(sorted_quantile(v, 0.0), 1.0);
  EXPECT_EQ(sorted_quantile(v, 1.0), 8.0);
  EXPECT_DOUBLE_EQ(sorted_quantile(v, 0.5), 3.0);
  EXPECT_DOUBLE_EQ(sorted_quantile(v, 0.25), 1.75);
  const auto r = bootstrap_resample(1, 0, 5);
  EXPECT_EQ(r.size(), 5u);
  for (int i : r) EXPECT_TRUE(i >= 0 && i < 5);
  EXPECT_EQ(r, bootstrap_resample(1, 0, 5));
  EXPECT_NE(r, bootstrap_resample(1, 1, 5));
}

}  // namespace
}  // namespace infoplane
