#pragma once
// The Information Bottleneck self-consistent equations (Tishby, Pereira & Bialek 1999) and the
// quantities built from them. Natural logs inside (nats); information returned in bits.
//
//   p(t|x) = p(t) exp(-beta KL[p(y|x) || p(y|t)]) / Z(x, beta)      (encoder)
//   p(t)   = sum_x p(t|x) p(x)                                       (cluster marginal)
//   p(y|t) = sum_x p(y|x) p(t|x) p(x) / p(t)                         (decoder)
//
// The encoder update is computed in log space (log-sum-exp over t) so that it stays finite at
// large beta, where exp(-beta KL) underflows for every t but the nearest.
#include <span>
#include <vector>

#include "infoplane/core/matrix.hpp"

namespace infoplane {

// The cluster side of an IB state: what the encoder update needs.
struct IBClusters {
  std::vector<double> p_t;     // shape = [n_t]
  Matrix<double> p_y_given_t;  // shape = [n_t, n_y]; rows of empty clusters (p_t = 0) are 0
};

struct IBInformation {
  double i_xt = 0.0;  // I(X;T), bits
  double i_ty = 0.0;  // I(T;Y), bits
};

// p(t) and p(y|t) from an encoder. encoder: shape = [n_x, n_t], rows sum to 1.
IBClusters ib_clusters(std::span<const double> p_x, const Matrix<double>& p_y_given_x,
                       const Matrix<double>& encoder);

// KL[p(y|x) || p(y|t)] in nats for every (x, t). shape = [n_x, n_t]. +infinity where p(y|t)
// vanishes on the support of p(y|x); 0 * log 0 terms count as 0.
Matrix<double> ib_divergences(const Matrix<double>& p_y_given_x, const IBClusters& clusters);

// The encoder update p(t|x) ∝ p(t) exp(-beta KL[p(y|x)||p(y|t)]). shape = [n_x, n_t].
// Empty clusters (p_t = 0) get p(t|x) = 0. beta >= 0.
Matrix<double> ib_encoder_update(const Matrix<double>& p_y_given_x, const IBClusters& clusters,
                                 double beta);

// log p_beta(t|x) (nats), the same update kept in logs; -infinity where p(t|x) = 0.
Matrix<double> ib_log_encoder(const Matrix<double>& divergences, std::span<const double> p_t,
                              double beta);

// I(X;T) and I(T;Y) of an encoder, bits.
IBInformation ib_information(std::span<const double> p_x, const Matrix<double>& p_y_given_x,
                             const Matrix<double>& encoder);

// One fixed point of the equations, reached by iterating (clusters -> encoder -> clusters).
struct IBFixedPoint {
  Matrix<double> encoder;  // p(t|x), shape = [n_x, n_t]
  IBClusters clusters;     // consistent with `encoder`
  int iterations = 0;
  double residual = 0.0;   // max_{x,t} |p(t|x) change| at the last iteration
  bool converged = false;  // residual < tolerance within max_iterations
};

// Iterates from the given clusters (p(t), p(y|t)) at `beta` until the encoder changes by less
// than `tolerance` (max abs over x, t) or `max_iterations` updates have run.
IBFixedPoint ib_iterate(std::span<const double> p_x, const Matrix<double>& p_y_given_x,
                        IBClusters start, double beta, double tolerance, int max_iterations);

}  // namespace infoplane
