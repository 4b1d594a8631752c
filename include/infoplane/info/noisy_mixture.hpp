#pragma once
// Information of a noisy layer (Goldfeld et al. 2019, "Estimating information flow in deep
// neural networks"): T = f(X) + Z with X the task's discrete patterns (weights p(x)), f(x) the
// layer's activation row for pattern x (shape = [n_patterns, d]) and Z ~ N(0, sigma2 I_d)
// independent of X. Then mutual information is finite and well defined:
//   h(T|X) = d/2 log2(2 pi e sigma2)                          (exact)
//   h(T)   = -E log2 p(t),  p(t) = sum_x p(x) N(t; f(x), sigma2 I)   (a Gaussian mixture)
//   I(X;T) = h(T) - h(T|X)
//   I(T;Y) = h(T) - sum_y p(y) h(T|Y=y),  p(t|y) = sum_x p(x|y) N(t; f(x), sigma2 I),
//            p(x|y) = p(x) p(y|x) / p(y)
// in bits (differential entropies, so h can be negative; the informations are >= 0).
//
// h(T) is estimated by Monte-Carlo sample propagation: M samples (x_m, t_m), x_m ~ p(x),
// t_m = f(x_m) + z_m, and h(T) ~ mean_m -log2 p(t_m). The class-conditional entropies use the
// same samples: (x_m, t_m) with weight p(y|x_m) is a draw of T|Y=y with weight p(y) (for 0/1
// labels: the samples with x_m in class y are exact draws from T|Y=y), so
//   sum_y p(y) h(T|Y=y) ~ mean_m sum_y p(y|x_m) (-log2 p(t_m|y))
// and I(T;Y) ~ mean_m D_m with D_m = sum_y p(y|x_m) log2 p(t_m|y) - log2 p(t_m). Sharing the
// samples cancels the noise term ||z||^2 common to both entropies, so I(T;Y) has a much
// smaller error than a difference of independent estimates, at the cost of one pass.
// Stated errors (one standard error of the mean of M iid terms):
//   se(h(T)) = se(I(X;T)) = std_m(-log2 p(t_m)) / sqrt(M),  se(I(T;Y)) = std_m(D_m) / sqrt(M)
// (sample standard deviations, M - 1 in the denominator; infinite for M = 1).
// Densities are evaluated with log-sum-exp (stable for any sigma2 and distance); distinct
// patterns with identical rows are fine. Cost O(M n d) (+ O(M n n_labels)); samples are split
// over `threads`, each sample drawn from its own stream Rng::derive(seed, {kStream, m}), and
// the per-sample terms summed in sample order, so results do not depend on the thread count.
#include <cstdint>
#include <string>

#include "infoplane/info/estimator.hpp"

namespace infoplane {

// Defaults: EstimatorOptions (estimator.hpp), where the user-facing parameters live.
struct NoisyMixtureOptions {
  double sigma2 = EstimatorOptions{}.sigma2;       // noise variance per unit (units^2), > 0
  int mc_samples = EstimatorOptions{}.mc_samples;  // M, Monte-Carlo samples, >= 1
  std::uint64_t seed = EstimatorOptions{}.seed;    // sample stream
  int threads = EstimatorOptions{}.threads;        // >= 1; results do not depend on it
};

// All values in bits; *_se = one standard error of the Monte-Carlo estimate (see above).
struct NoisyMixtureInfo {
  double h_t = 0.0;          // h(T), estimate
  double h_t_se = 0.0;
  double h_t_given_x = 0.0;  // h(T|X), exact
  double h_t_given_y = 0.0;  // sum_y p(y) h(T|Y=y), estimate
  double i_xt = 0.0;         // h(T) - h(T|X)
  double i_xt_se = 0.0;      // = h_t_se
  double i_ty = 0.0;         // h(T) - h(T|Y)
  double i_ty_se = 0.0;
};

// Throws infoplane::Error for options out of range (naming the option) or a layer that does not
// fit the task (validate_layer).
NoisyMixtureInfo noisy_mixture_information(MatrixView<float> layer, const Task& task,
                                           const NoisyMixtureOptions& options);

// "noisy": i_xt, i_ty = the point estimates; i_xt_lower/upper = i_xt -/+ 2 i_xt_se, and the same
// for i_ty (about a 95% interval for the Monte-Carlo error; not bounds of the true value).
class NoisyMixtureEstimator : public Estimator {
 public:
  explicit NoisyMixtureEstimator(NoisyMixtureOptions options);
  std::string name() const override { return "noisy"; }
  InfoEstimate estimate(MatrixView<float> layer, const Task& task) const override;
  const NoisyMixtureOptions& options() const { return options_; }

 private:
  NoisyMixtureOptions options_;
};

}  // namespace infoplane
