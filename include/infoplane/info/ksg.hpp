#pragma once
// k-nearest-neighbour estimators (max-norm neighbours, brute force O(n^2 d), threaded with a
// deterministic reduction order). Rows of the layer are treated as equally weighted samples,
// so p(x) must be uniform.
//  - I(X;T): Kraskov, Stoegbauer & Grassberger 2004, estimator 1, between the task's inputs X
//    (shape = [n, n_inputs]) and the layer T (+ optional Gaussian noise of variance noise_var):
//      I = psi(k) + psi(n) - < psi(n_x + 1) + psi(n_t + 1) >
//    n_x, n_t = points strictly closer than the k-th joint neighbour in each marginal space.
//  - I(T;Y): Ross 2014 for discrete Y (one label per pattern; drawn from p(y|x) with `seed`
//    when p(y|x) is not 0/1):
//      I = psi(n) - < psi(n_y) > + < psi(k_i) > - < psi(m_i) >
//    with the k-th neighbour taken within the pattern's class and m_i the points of the full set
//    within that distance (k_i = min(k, n_y - 1); singleton classes are left out).
// Ties (duplicate rows of a deterministic layer, binary inputs) are broken by a tiny Gaussian
// jitter of std `jitter` times the data's scale (seeded). Values in bits; not clamped at 0.
#include <cstdint>
#include <string>
#include <vector>

#include "infoplane/info/estimator.hpp"

namespace infoplane {

// Defaults: EstimatorOptions (estimator.hpp), where the user-facing parameters live.
struct KsgOptions {
  int k = EstimatorOptions{}.k;                    // neighbours
  double noise_var = EstimatorOptions{}.ksg_noise_var;
  double jitter = EstimatorOptions{}.ksg_jitter;
  std::uint64_t seed = EstimatorOptions{}.seed;
  int threads = EstimatorOptions{}.threads;
};

// Digamma function psi(x) for x > 0 (recurrence up to x >= 10, then the asymptotic series).
double digamma(double x);

// KSG estimator 1 between two sample sets with equal row counts; nats.
double ksg_mutual_information(const Matrix<double>& a, const Matrix<double>& b, int k, int threads);

// Ross 2014 between continuous samples and integer labels; nats.
double ksg_discrete_mutual_information(const Matrix<double>& t, const std::vector<int>& labels,
                                       int k, int threads);

class KsgEstimator : public Estimator {
 public:
  explicit KsgEstimator(KsgOptions options);
  std::string name() const override { return "ksg"; }
  InfoEstimate estimate(MatrixView<float> layer, const Task& task) const override;

 private:
  KsgOptions options_;
};

}  // namespace infoplane
