// Monte-Carlo sample propagation for the information of a noisy layer T = f(X) + Z; see
// include/infoplane/info/noisy_mixture.hpp for the model, the estimators and their errors.
#include "infoplane/info/noisy_mixture.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

#include "infoplane/core/error.hpp"
#include "infoplane/core/rng.hpp"
#include "detail/parallel_rows.hpp"

namespace infoplane {

namespace {

constexpr std::uint64_t kStream = 0x6e6f697379ULL;  // "noisy": the sample streams' purpose
constexpr std::size_t kBlock = 64;                  // samples per parallel work item
constexpr std::size_t kLanes = 8;                   // components per vector step (fixed lanes)
// exp(e) for e < kUnderflow is below the smallest double: such terms are exactly 0.
constexpr double kUnderflow = -745.2;

void check_options(const NoisyMixtureOptions& o) {
  if (!(o.sigma2 > 0.0) || !std::isfinite(o.sigma2)) {
    throw Error("noisy: sigma2 = " + std::to_string(o.sigma2) +
                ": the noise variance must be a finite value > 0");
  }
  if (o.mc_samples < 1) {
    throw Error("noisy: mc_samples = " + std::to_string(o.mc_samples) + ": must be >= 1");
  }
  if (o.threads < 1) throw Error("noisy: threads = " + std::to_string(o.threads) + ": must be >= 1");
}

inline double lane_total(const double (&lanes)[kLanes]) {
  double s = 0.0;
  for (double v : lanes) s += v;
  return s;
}

// Mean and standard error (sample std / sqrt(M), infinite for M = 1) of terms in index order.
void mean_and_se(const std::vector<double>& v, double& mean, double& se) {
  const double m = static_cast<double>(v.size());
  double s = 0.0;
  for (double x : v) s += x;
  mean = s / m;
  double ss = 0.0;
  for (double x : v) ss += (x - mean) * (x - mean);
  se = v.size() > 1 ? std::sqrt(ss / (m - 1.0) / m) : std::numeric_limits<double>::infinity();
}

}  // namespace

NoisyMixtureInfo noisy_mixture_information(MatrixView<float> layer, const Task& task,
                                           const NoisyMixtureOptions& options) {
  check_options(options);
  validate_layer(layer, task, "noisy");
  const std::size_t n = layer.rows(), d = layer.cols(), n_labels = task.n_labels();
  const std::size_t n8 = (n + kLanes - 1) / kLanes * kLanes;  // padded components: weight 0
  const std::size_t n_samples = static_cast<std::size_t>(options.mc_samples);
  const double sd = std::sqrt(options.sigma2), inv_2s = 0.5 / options.sigma2;
  constexpr double kMinusInf = -std::numeric_limits<double>::infinity();

  // Components: centres feature-major f_fm[c * n8 + j] = f(x_j)[c]; log weights log p(x_j)
  // (-inf for p = 0 and for padding); q_fm[y * n8 + j] = p(y|x_j); cumulative p(x).
  std::vector<double> f_fm(d * n8, 0.0), log_p(n8, kMinusInf), q_fm(n_labels * n8, 0.0);
  std::vector<double> cum(n), p_y(n_labels, 0.0);
  double total = 0.0;
  std::size_t last_positive = 0;
  for (std::size_t j = 0; j < n; ++j) {
    for (std::size_t c = 0; c < d; ++c) f_fm[c * n8 + j] = layer(j, c);
    const double p = task.p_x[j];
    if (p > 0.0) log_p[j] = std::log(p), last_positive = j;
    cum[j] = total += p;
    for (std::size_t y = 0; y < n_labels; ++y) {
      q_fm[y * n8 + j] = task.p_y_given_x(j, y);
      p_y[y] += p * task.p_y_given_x(j, y);
    }
  }
  // Normalising constant of N(.; mu, sigma2 I), nats.
  const double log_norm =
      -0.5 * static_cast<double>(d) * std::log(2.0 * std::numbers::pi * options.sigma2);

  // Per-sample terms, bits: h_terms[m] = -log2 p(t_m), d_terms[m] = D_m (header).
  std::vector<double> h_terms(n_samples), d_terms(n_samples);
  const std::size_t n_blocks = (n_samples + kBlock - 1) / kBlock;
  detail::parallel_rows(n_blocks, options.threads, [&](std::size_t block) {
    std::vector<double> t(d), a(n8), k(n8);
    for (std::size_t m = block * kBlock; m < std::min(n_samples, (block + 1) * kBlock); ++m) {
      // The sample: x ~ p(x) by inverse CDF, t = f(x) + sd * N(0, I), from stream m alone.
      Rng rng = Rng::derive(options.seed, {kStream, m});
      const double u = rng.uniform() * total;
      std::size_t x = static_cast<std::size_t>(std::upper_bound(cum.begin(), cum.end(), u) -
                                               cum.begin());
      x = std::min(x, last_positive);  // u rounded up to `total`
      for (std::size_t c = 0; c < d; ++c) t[c] = f_fm[c * n8 + x] + sd * rng.normal();
      // a_j = log p(x_j) - ||t - f(x_j)||^2 / (2 sigma2): log of component j's weighted density
      // up to log_norm; kLanes components at a time, distances accumulated in registers.
      double lane_max[kLanes];
      std::fill(lane_max, lane_max + kLanes, kMinusInf);
      for (std::size_t j0 = 0; j0 < n8; j0 += kLanes) {
        double acc[kLanes] = {};
        for (std::size_t c = 0; c < d; ++c) {
          const double* fc = f_fm.data() + c * n8 + j0;
          const double tc = t[c];
          for (std::size_t l = 0; l < kLanes; ++l) acc[l] += (fc[l] - tc) * (fc[l] - tc);
        }
        for (std::size_t l = 0; l < kLanes; ++l) {
          a[j0 + l] = log_p[j0 + l] - acc[l] * inv_2s;
          lane_max[l] = std::max(lane_max[l], a[j0 + l]);
        }
      }
      const double a_max = *std::max_element(lane_max, lane_max + kLanes);
      // Log-sum-exp around the largest term; sums in fixed lanes, then lane order.
      double lane_sum[kLanes] = {};
      for (std::size_t j0 = 0; j0 < n8; j0 += kLanes) {
        for (std::size_t l = 0; l < kLanes; ++l) {
          const double e = a[j0 + l] - a_max;
          k[j0 + l] = e > kUnderflow ? std::exp(e) : 0.0;
          lane_sum[l] += k[j0 + l];
        }
      }
      const double log_sum = std::log(lane_total(lane_sum));  // >= log 1: the largest is exp(0)
      h_terms[m] = -(a_max + log_sum + log_norm) / std::numbers::ln2;
      // D_m = sum_y p(y|x) [log p(t|y) - log p(t)], with
      // log p(t|y) - log p(t) = log sum_j p(y|x_j) k_j - log sum_j k_j - log p(y).
      double dm = 0.0;
      for (std::size_t y = 0; y < n_labels; ++y) {
        const double* qy = q_fm.data() + y * n8;
        const double q_xy = qy[x];
        if (q_xy <= 0.0) continue;
        double lane_s[kLanes] = {};
        for (std::size_t j0 = 0; j0 < n8; j0 += kLanes)
          for (std::size_t l = 0; l < kLanes; ++l) lane_s[l] += qy[j0 + l] * k[j0 + l];
        const double s_y = lane_total(lane_s);
        double log_s_y;
        if (s_y > 0.0) {
          log_s_y = std::log(s_y);
        } else {
          // Class y's terms all underflowed relative to the largest term (very large d or
          // distances): log-sum-exp over class y alone.
          double b_max = kMinusInf;
          for (std::size_t j = 0; j < n; ++j)
            if (qy[j] > 0.0) b_max = std::max(b_max, a[j] + std::log(qy[j]));
          double sb = 0.0;
          for (std::size_t j = 0; j < n; ++j)
            if (qy[j] > 0.0) sb += std::exp(a[j] + std::log(qy[j]) - b_max);
          log_s_y = b_max - a_max + std::log(sb);
        }
        dm += q_xy * (log_s_y - log_sum - std::log(p_y[y]));
      }
      d_terms[m] = dm / std::numbers::ln2;
    }
  });

  NoisyMixtureInfo r;
  mean_and_se(h_terms, r.h_t, r.h_t_se);
  r.h_t_given_x = 0.5 * static_cast<double>(d) *
                  std::log2(2.0 * std::numbers::pi * std::numbers::e * options.sigma2);
  r.i_xt = r.h_t - r.h_t_given_x;
  r.i_xt_se = r.h_t_se;
  mean_and_se(d_terms, r.i_ty, r.i_ty_se);
  r.h_t_given_y = r.h_t - r.i_ty;
  return r;
}

NoisyMixtureEstimator::NoisyMixtureEstimator(NoisyMixtureOptions options) : options_(options) {
  check_options(options_);
}

InfoEstimate NoisyMixtureEstimator::estimate(MatrixView<float> layer, const Task& task) const {
  const NoisyMixtureInfo r = noisy_mixture_information(layer, task, options_);
  InfoEstimate e;
  e.i_xt = r.i_xt;
  e.i_ty = r.i_ty;
  e.i_xt_lower = r.i_xt - 2.0 * r.i_xt_se;
  e.i_xt_upper = r.i_xt + 2.0 * r.i_xt_se;
  e.i_ty_lower = r.i_ty - 2.0 * r.i_ty_se;
  e.i_ty_upper = r.i_ty + 2.0 * r.i_ty_se;
  return e;
}

}  // namespace infoplane
