#include "infoplane/ib/ib_equations.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "infoplane/core/error.hpp"

namespace infoplane {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// sum_y p(y|x) log p(y|x) per x (nats): minus the conditional entropy of each row.
std::vector<double> row_neg_entropy(const Matrix<double>& p_y_given_x) {
  std::vector<double> out(p_y_given_x.rows(), 0.0);
  for (std::size_t x = 0; x < p_y_given_x.rows(); ++x) {
    double s = 0.0;
    for (double p : p_y_given_x.row(x)) {
      if (p > 0.0) s += p * std::log(p);
    }
    out[x] = s;
  }
  return out;
}

// Fills `clusters` from `encoder` (shapes already set).
void fill_clusters(std::span<const double> p_x, const Matrix<double>& p_y_given_x,
                   const Matrix<double>& encoder, IBClusters& clusters) {
  const std::size_t n_x = p_x.size(), n_t = encoder.cols(), n_y = p_y_given_x.cols();
  std::fill(clusters.p_t.begin(), clusters.p_t.end(), 0.0);
  std::fill(clusters.p_y_given_t.values().begin(), clusters.p_y_given_t.values().end(), 0.0);
  for (std::size_t x = 0; x < n_x; ++x) {
    if (p_x[x] <= 0.0) continue;
    const auto row_y = p_y_given_x.row(x);
    const auto row_t = encoder.row(x);
    for (std::size_t t = 0; t < n_t; ++t) {
      const double w = p_x[x] * row_t[t];  // p(x, t)
      if (w == 0.0) continue;
      clusters.p_t[t] += w;
      auto out = clusters.p_y_given_t.row(t);
      for (std::size_t y = 0; y < n_y; ++y) out[y] += w * row_y[y];
    }
  }
  for (std::size_t t = 0; t < n_t; ++t) {
    if (clusters.p_t[t] <= 0.0) continue;
    const double inv = 1.0 / clusters.p_t[t];
    for (double& v : clusters.p_y_given_t.row(t)) v *= inv;
  }
}

// divergences(x, t) = KL[p(y|x) || p(y|t)] in nats; `neg_entropy` from row_neg_entropy.
void fill_divergences(const Matrix<double>& p_y_given_x, std::span<const double> neg_entropy,
                      const IBClusters& clusters, Matrix<double>& log_q,
                      Matrix<double>& divergences) {
  const std::size_t n_x = p_y_given_x.rows(), n_t = clusters.p_t.size();
  const std::size_t n_y = p_y_given_x.cols();
  for (std::size_t t = 0; t < n_t; ++t) {
    for (std::size_t y = 0; y < n_y; ++y) {
      const double q = clusters.p_y_given_t(t, y);
      log_q(t, y) = q > 0.0 ? std::log(q) : -kInf;
    }
  }
  for (std::size_t x = 0; x < n_x; ++x) {
    const auto row_y = p_y_given_x.row(x);
    auto out = divergences.row(x);
    for (std::size_t t = 0; t < n_t; ++t) {
      if (clusters.p_t[t] <= 0.0) {
        out[t] = kInf;
        continue;
      }
      double cross = 0.0;  // sum_y p(y|x) log p(y|t); -inf off the support
      const auto lq = log_q.row(t);
      for (std::size_t y = 0; y < n_y; ++y) {
        if (row_y[y] > 0.0) cross += row_y[y] * lq[y];
      }
      // Rounding can make a KL of identical rows slightly negative.
      out[t] = std::max(0.0, neg_entropy[x] - cross);
    }
  }
}

// log p(t|x) = log p(t) - beta D(x, t) - log Z(x), by log-sum-exp over t. With `encoder`
// non-null, also writes p(t|x) itself (one exp per entry: exp(a - top) / sum).
void fill_log_encoder(const Matrix<double>& divergences, std::span<const double> p_t,
                      double beta, Matrix<double>& log_encoder, Matrix<double>* encoder) {
  const std::size_t n_x = divergences.rows(), n_t = p_t.size();
  // log p(t) once per update, not per (x, t); -inf for empty clusters.
  std::vector<double> log_p_t(n_t);
  for (std::size_t t = 0; t < n_t; ++t) log_p_t[t] = p_t[t] > 0.0 ? std::log(p_t[t]) : -kInf;
  for (std::size_t x = 0; x < n_x; ++x) {
    const auto d = divergences.row(x);
    auto out = log_encoder.row(x);
    double top = -kInf;
    for (std::size_t t = 0; t < n_t; ++t) {
      // beta * inf would be NaN at beta = 0: an infinite divergence weighs nothing then.
      const double a = std::isinf(d[t]) ? (beta > 0.0 ? -kInf : log_p_t[t])
                                        : log_p_t[t] - beta * d[t];
      out[t] = a;
      top = std::max(top, a);
    }
    if (!std::isfinite(top)) {
      // Every cluster misses part of p(y|x)'s support: only possible for an x with p(x) = 0
      // (an x with mass feeds its own clusters' decoders). Such an x weighs nothing; give it
      // the prior p(t) so the encoder stays a distribution.
      std::copy(log_p_t.begin(), log_p_t.end(), out.begin());
      top = *std::max_element(out.begin(), out.end());
      INFOPLANE_ASSERT(std::isfinite(top));  // some cluster has mass
    }
    double sum = 0.0;
    if (encoder) {
      auto e = encoder->row(x);
      for (std::size_t t = 0; t < n_t; ++t) sum += (e[t] = std::exp(out[t] - top));
      const double inv = 1.0 / sum;
      for (std::size_t t = 0; t < n_t; ++t) e[t] *= inv;
    } else {
      for (std::size_t t = 0; t < n_t; ++t) sum += std::exp(out[t] - top);
    }
    const double log_z = top + std::log(sum);
    for (std::size_t t = 0; t < n_t; ++t) out[t] -= log_z;
  }
}

}  // namespace

IBClusters ib_clusters(std::span<const double> p_x, const Matrix<double>& p_y_given_x,
                       const Matrix<double>& encoder) {
  INFOPLANE_ASSERT(encoder.rows() == p_x.size() && p_y_given_x.rows() == p_x.size());
  IBClusters clusters{std::vector<double>(encoder.cols(), 0.0),
                      Matrix<double>(encoder.cols(), p_y_given_x.cols(), 0.0)};
  fill_clusters(p_x, p_y_given_x, encoder, clusters);
  return clusters;
}

Matrix<double> ib_divergences(const Matrix<double>& p_y_given_x, const IBClusters& clusters) {
  const auto neg_entropy = row_neg_entropy(p_y_given_x);
  Matrix<double> log_q(clusters.p_t.size(), p_y_given_x.cols());
  Matrix<double> divergences(p_y_given_x.rows(), clusters.p_t.size());
  fill_divergences(p_y_given_x, neg_entropy, clusters, log_q, divergences);
  return divergences;
}

Matrix<double> ib_log_encoder(const Matrix<double>& divergences, std::span<const double> p_t,
                              double beta) {
  INFOPLANE_ASSERT(beta >= 0.0 && divergences.cols() == p_t.size());
  Matrix<double> log_encoder(divergences.rows(), p_t.size());
  fill_log_encoder(divergences, p_t, beta, log_encoder, nullptr);
  return log_encoder;
}

Matrix<double> ib_encoder_update(const Matrix<double>& p_y_given_x, const IBClusters& clusters,
                                 double beta) {
  const auto divergences = ib_divergences(p_y_given_x, clusters);
  Matrix<double> log_encoder(divergences.rows(), divergences.cols());
  Matrix<double> encoder(divergences.rows(), divergences.cols());
  fill_log_encoder(divergences, clusters.p_t, beta, log_encoder, &encoder);
  return encoder;
}

IBInformation ib_information(std::span<const double> p_x, const Matrix<double>& p_y_given_x,
                             const Matrix<double>& encoder) {
  const auto clusters = ib_clusters(p_x, p_y_given_x, encoder);
  const std::size_t n_t = encoder.cols(), n_y = p_y_given_x.cols();
  double i_xt = 0.0;  // nats
  for (std::size_t x = 0; x < p_x.size(); ++x) {
    if (p_x[x] <= 0.0) continue;
    for (std::size_t t = 0; t < n_t; ++t) {
      const double e = encoder(x, t);
      if (e > 0.0) i_xt += p_x[x] * e * std::log(e / clusters.p_t[t]);
    }
  }
  std::vector<double> p_y(n_y, 0.0);
  for (std::size_t t = 0; t < n_t; ++t) {
    for (std::size_t y = 0; y < n_y; ++y) p_y[y] += clusters.p_t[t] * clusters.p_y_given_t(t, y);
  }
  double i_ty = 0.0;  // nats
  for (std::size_t t = 0; t < n_t; ++t) {
    if (clusters.p_t[t] <= 0.0) continue;
    for (std::size_t y = 0; y < n_y; ++y) {
      const double q = clusters.p_y_given_t(t, y);
      if (q > 0.0) i_ty += clusters.p_t[t] * q * std::log(q / p_y[y]);
    }
  }
  // Rounding can leave -1e-17 for an independent T.
  return {std::max(0.0, i_xt / std::numbers::ln2), std::max(0.0, i_ty / std::numbers::ln2)};
}

IBFixedPoint ib_iterate(std::span<const double> p_x, const Matrix<double>& p_y_given_x,
                        IBClusters start, double beta, double tolerance, int max_iterations) {
  const std::size_t n_x = p_x.size(), n_t = start.p_t.size(), n_y = p_y_given_x.cols();
  INFOPLANE_ASSERT(p_y_given_x.rows() == n_x && start.p_y_given_t.rows() == n_t);
  INFOPLANE_ASSERT(start.p_y_given_t.cols() == n_y && beta >= 0.0 && max_iterations >= 1);
  const auto neg_entropy = row_neg_entropy(p_y_given_x);
  // The [n_x, n_t] workspaces are allocated once, outside the loop.
  Matrix<double> log_q(n_t, n_y), divergences(n_x, n_t), log_encoder(n_x, n_t);
  Matrix<double> encoder(n_x, n_t), previous(n_x, n_t);
  IBFixedPoint result;
  result.clusters = std::move(start);
  result.residual = kInf;
  for (int it = 1; it <= max_iterations; ++it) {
    fill_divergences(p_y_given_x, neg_entropy, result.clusters, log_q, divergences);
    fill_log_encoder(divergences, result.clusters.p_t, beta, log_encoder, &encoder);
    fill_clusters(p_x, p_y_given_x, encoder, result.clusters);
    result.iterations = it;
    if (it > 1) {
      double change = 0.0;
      const auto& a = encoder.values();
      const auto& b = previous.values();
      for (std::size_t i = 0; i < a.size(); ++i) change = std::max(change, std::abs(a[i] - b[i]));
      result.residual = change;
      if (change < tolerance) {
        result.converged = true;
        break;
      }
    }
    std::swap(encoder, previous);
  }
  // `previous` holds the last encoder unless we broke out with it in `encoder`.
  result.encoder = result.converged ? std::move(encoder) : std::move(previous);
  return result;
}

}  // namespace infoplane
