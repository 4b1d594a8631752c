#pragma once
// KDE bounds on the information plane (Kolchinsky & Tracey 2017; as used by Saxe et al. 2018).
// Gaussian noise Z ~ N(0, sigma2 I) is added to the layer, T' = t(X) + Z, so that p(t') is a
// mixture of Gaussians centred on the rows t_i with weights p(x_i). With D_ij = ||t_i - t_j||^2:
//   I(X;T') upper (pairwise KL):         -sum_i p_i log sum_j p_j exp(-D_ij / (2 sigma2))
//   I(X;T') lower (Bhattacharyya, i.e.   -sum_i p_i log sum_j p_j exp(-D_ij / (8 sigma2))
//                 the KL form at kernel variance 4 sigma2, minus the constant d/2 log 4)
// and I(T';Y) = [H(T') - H(T'|X)] - sum_y p(y) [H(T'|Y=y) - H(T'|X)], each bracket by the same
// bound with mixture weights p(x|y) = p(x) p(y|x) / p(y). Results converted to bits.
// Cost O(n^2 d): rows are split into fixed blocks over `threads`; the per-row terms are summed
// in row order afterwards, so the result does not depend on the thread count.
#include <string>

#include "infoplane/info/estimator.hpp"

namespace infoplane {

struct KdeBounds {
  double i_xt_lower = 0.0, i_xt_upper = 0.0;  // bits
  double i_ty_lower = 0.0, i_ty_upper = 0.0;  // bits
};

// sigma2 > 0 (variance of the added noise, in the layer's units squared); threads >= 1.
KdeBounds kde_bounds(MatrixView<float> layer, const Task& task, double sigma2, int threads);

// "kde" reports the upper bound as i_xt / i_ty (Saxe et al.'s choice), "kde_upper" the same,
// "kde_lower" the lower bound; all three fill the *_lower / *_upper fields.
class KdeEstimator : public Estimator {
 public:
  KdeEstimator(std::string name, double sigma2, int threads);
  std::string name() const override { return name_; }
  InfoEstimate estimate(MatrixView<float> layer, const Task& task) const override;

 private:
  std::string name_;
  double sigma2_;
  int threads_;
};

}  // namespace infoplane
