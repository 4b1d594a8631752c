// KDE bounds (pairwise-KL upper, Bhattacharyya lower) on I(X;T) and I(T;Y) under added
// Gaussian noise; see include/infoplane/info/kde.hpp for the formulas.
#include "infoplane/info/kde.hpp"

#include <cmath>
#include <numbers>
#include <vector>

#include "infoplane/core/error.hpp"
#include "detail/parallel_rows.hpp"

namespace infoplane {

namespace {

// exp(-x) underflows to 0 in double beyond this; skipping the call changes nothing.
constexpr double kExpCutoff = 745.0;

}  // namespace

KdeBounds kde_bounds(const Matrix<float>& layer, const Task& task, double sigma2, int threads) {
  if (!(sigma2 > 0.0) || !std::isfinite(sigma2)) {
    throw Error("kde: sigma2 = " + std::to_string(sigma2) + ": must be a finite value > 0");
  }
  const std::size_t n = layer.rows(), d = layer.cols(), n_labels = task.n_labels();
  INFOPLANE_ASSERT(task.n_patterns() == n);

  // Rows as double, and the joint weights w[j, y] = p(x_j) p(y|x_j); p(y) = sum_j w[j, y].
  std::vector<double> t(layer.values().begin(), layer.values().end());  // shape = [n, d]
  std::vector<double> w(n * n_labels);                                    // shape = [n, n_labels]
  std::vector<double> p_y(n_labels, 0.0);
  for (std::size_t j = 0; j < n; ++j) {
    for (std::size_t y = 0; y < n_labels; ++y) {
      w[j * n_labels + y] = task.p_x[j] * task.p_y_given_x(j, y);
      p_y[y] += w[j * n_labels + y];
    }
  }

  // Per-row terms, in nats: [0] p_i log A_i (upper kernel), [1] same for the lower kernel,
  // [2] sum_y w_iy log(B_iy / p_y) (upper), [3] same (lower).
  std::vector<double> terms(n * 4, 0.0);
  const double inv_8s = 1.0 / (8.0 * sigma2);
  detail::parallel_rows(n, threads, [&](std::size_t i) {
    const double p_i = task.p_x[i];
    if (p_i <= 0.0) return;
    std::vector<double> b_up(n_labels, 0.0), b_lo(n_labels, 0.0);
    double a_up = 0.0, a_lo = 0.0;
    const double* ti = t.data() + i * d;
    for (std::size_t j = 0; j < n; ++j) {
      const double* tj = t.data() + j * d;
      double dist2 = 0.0;
      for (std::size_t c = 0; c < d; ++c) {
        const double diff = ti[c] - tj[c];
        dist2 += diff * diff;
      }
      const double x = dist2 * inv_8s;
      if (x > kExpCutoff) continue;
      // Bhattacharyya kernel exp(-D/(8 s)); the KL kernel exp(-D/(2 s)) is its 4th power.
      const double k_lo = std::exp(-x);
      const double k_sq = k_lo * k_lo;
      const double k_up = k_sq * k_sq;
      const double p_j = task.p_x[j];
      a_up += p_j * k_up;
      a_lo += p_j * k_lo;
      const double* wj = w.data() + j * n_labels;
      for (std::size_t y = 0; y < n_labels; ++y) {
        b_up[y] += wj[y] * k_up;
        b_lo[y] += wj[y] * k_lo;
      }
    }
    double* out = terms.data() + i * 4;
    out[0] = p_i * std::log(a_up);
    out[1] = p_i * std::log(a_lo);
    const double* wi = w.data() + i * n_labels;
    for (std::size_t y = 0; y < n_labels; ++y) {
      if (wi[y] <= 0.0) continue;
      out[2] += wi[y] * std::log(b_up[y] / p_y[y]);
      out[3] += wi[y] * std::log(b_lo[y] / p_y[y]);
    }
  });

  double s[4] = {0, 0, 0, 0};
  for (std::size_t i = 0; i < n; ++i) {
    for (int q = 0; q < 4; ++q) s[q] += terms[i * 4 + q];
  }
  // I(X;T) = -sum_i p_i log A_i; I(T;Y) = I(X;T) + sum_{i,y} w_iy log(B_iy / p_y).
  const double to_bits = 1.0 / std::numbers::ln2;
  KdeBounds b;
  b.i_xt_upper = -s[0] * to_bits;
  b.i_xt_lower = -s[1] * to_bits;
  b.i_ty_upper = (-s[0] + s[2]) * to_bits;
  b.i_ty_lower = (-s[1] + s[3]) * to_bits;
  return b;
}

KdeEstimator::KdeEstimator(std::string name, double sigma2, int threads)
    : name_(std::move(name)), sigma2_(sigma2), threads_(threads) {
  if (name_ != "kde" && name_ != "kde_upper" && name_ != "kde_lower") {
    throw Error("kde: unknown variant '" + name_ + "' (expected kde, kde_upper or kde_lower)");
  }
  if (!(sigma2_ > 0.0) || !std::isfinite(sigma2_)) {
    throw Error("kde: sigma2 = " + std::to_string(sigma2_) + ": must be a finite value > 0");
  }
  if (threads_ < 1) throw Error("kde: threads = " + std::to_string(threads_) + ": must be >= 1");
}

InfoEstimate KdeEstimator::estimate(const Matrix<float>& layer, const Task& task) const {
  validate_layer(layer, task, name_);
  const KdeBounds b = kde_bounds(layer, task, sigma2_, threads_);
  InfoEstimate e;
  e.i_xt_lower = b.i_xt_lower;
  e.i_xt_upper = b.i_xt_upper;
  e.i_ty_lower = b.i_ty_lower;
  e.i_ty_upper = b.i_ty_upper;
  const bool lower = name_ == "kde_lower";
  e.i_xt = lower ? b.i_xt_lower : b.i_xt_upper;
  e.i_ty = lower ? b.i_ty_lower : b.i_ty_upper;
  return e;
}

}  // namespace infoplane
