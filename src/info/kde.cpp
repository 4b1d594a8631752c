// KDE bounds (pairwise-KL upper, Bhattacharyya lower) on I(X;T) and I(T;Y) under added
// Gaussian noise; see include/infoplane/info/kde.hpp for the formulas.
#include "infoplane/info/kde.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numbers>
#include <vector>

#include "infoplane/core/error.hpp"
#include "detail/parallel_rows.hpp"
#include "detail/squared_distances.hpp"
#include "detail/v4.hpp"

namespace infoplane {

namespace {

// The O(n^2) loop runs four columns j at a time (detail/v4.hpp).
using detail::V4;
using detail::V4i;
using detail::load;
inline V4 splat(double x) { return V4{x, x, x, x}; }
inline double lane_sum(V4 v) { return (v[0] + v[1]) + (v[2] + v[3]); }

// exp(x) for x <= 0, four at a time: x = k ln2 + r with |r| <= ln2 / 2 (Cody-Waite split of
// ln2), exp(r) by its Taylor series to r^13 (truncation error < 2e-16 relative), times 2^k built
// in the exponent bits. Values below -708 (where 2^k would be subnormal) return 0; their
// true value is below 3e-308 and is dropped next to the diagonal term 1 anyway.
inline V4 exp_nonpositive(V4 x) {
  const V4i tiny = x < splat(-708.0);
  x = tiny ? splat(-708.0) : x;
  const double kMagic = 6755399441055744.0;  // 1.5 * 2^52: adding it rounds to an integer
  const V4 shifted = x * splat(1.4426950408889634) + splat(kMagic);
  const V4 k = shifted - splat(kMagic);
  const V4 r = (x - k * splat(0.693147180369123816490)) - k * splat(1.90821492927058770002e-10);
  V4 p = splat(1.0 / 6227020800.0);  // 1/13!
  const double inv_fact[13] = {1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0,
                               1.0 / 362880.0,   1.0 / 40320.0,    1.0 / 5040.0,
                               1.0 / 720.0,      1.0 / 120.0,      1.0 / 24.0,
                               1.0 / 6.0,        0.5,              1.0,
                               1.0};
  for (double c : inv_fact) p = p * r + splat(c);
  // Vector casts reinterpret the bits (GCC/Clang). The integer k sits in the low mantissa bits
  // of `shifted`: bits(shifted) - bits(kMagic) = k.
  const long long kMagicBits = 0x4338000000000000LL;
  V4i bits = (V4i)shifted - V4i{kMagicBits, kMagicBits, kMagicBits, kMagicBits};
  bits = (bits + 1023) << 52;
  const V4 result = p * (V4)bits;
  return (V4)((V4i)result & ~tiny);
}

// One row's running kernel sums over the columns j (4 at a time): A_i = sum_j p_j k(i, j) and
// B_iy = sum_j w_yj k(i, j), for the upper (KL) and the lower (Bhattacharyya) kernel.
struct RowSums {
  V4 a_up, a_lo;
  V4* b_up;  // shape = [n_labels]
  V4* b_lo;
};

// Adds columns j..j+3 at squared distances dist2 to a row's sums. The Bhattacharyya kernel is
// exp(-D/(8 s)) (minus_inv_8s = -1/(8 s)); the KL kernel exp(-D/(2 s)) is its 4th power.
inline void add_columns(RowSums& r, V4 dist2, V4 minus_inv_8s, const double* p, const double* w,
                        std::size_t n4, std::size_t n_labels, std::size_t j) {
  const V4 k_lo = exp_nonpositive(dist2 * minus_inv_8s);
  const V4 k_sq = k_lo * k_lo;
  const V4 k_up = k_sq * k_sq;
  const V4 p_j = load(p + j);
  r.a_up += p_j * k_up;
  r.a_lo += p_j * k_lo;
  for (std::size_t y = 0; y < n_labels; ++y) {
    const V4 w_j = load(w + y * n4 + j);
    r.b_up[y] += w_j * k_up;
    r.b_lo[y] += w_j * k_lo;
  }
}

// Row i's terms, in nats: [0] p_i log A_i (upper kernel), [1] same for the lower kernel,
// [2] sum_y w_iy log(B_iy / p_y) (upper), [3] same (lower). out: 4 doubles, zero on entry.
inline void row_terms(const RowSums& r, double p_i, const double* w, const double* p_y, std::size_t n4,
                      std::size_t n_labels, std::size_t i, double* out) {
  out[0] = p_i * std::log(lane_sum(r.a_up));
  out[1] = p_i * std::log(lane_sum(r.a_lo));
  for (std::size_t y = 0; y < n_labels; ++y) {
    const double w_iy = w[y * n4 + i];
    if (w_iy <= 0.0) continue;
    out[2] += w_iy * std::log(lane_sum(r.b_up[y]) / p_y[y]);
    out[3] += w_iy * std::log(lane_sum(r.b_lo[y]) / p_y[y]);
  }
}

}  // namespace

KdeBounds kde_bounds(MatrixView<float> layer, const Task& task, double sigma2, int threads) {
  if (!(sigma2 > 0.0) || !std::isfinite(sigma2)) {
    throw Error("kde: sigma2 = " + std::to_string(sigma2) + ": must be a finite value > 0");
  }
  const std::size_t n = layer.rows(), d = layer.cols(), n_labels = task.n_labels();
  INFOPLANE_ASSERT(task.n_patterns() == n);
  const std::size_t n4 = (n + 3) / 4 * 4;  // padded columns carry weight 0

  // Weights p_j and w[y * n4 + j] = p(x_j) p(y|x_j), padded with 0; p(y) = sum_j w[y, j].
  std::vector<double> p(n4, 0.0), w(n_labels * n4, 0.0);
  std::vector<double> p_y(n_labels, 0.0);
  for (std::size_t j = 0; j < n; ++j) {
    p[j] = task.p_x[j];
    for (std::size_t y = 0; y < n_labels; ++y) {
      w[y * n4 + j] = task.p_x[j] * task.p_y_given_x(j, y);
      p_y[y] += w[y * n4 + j];
    }
  }

  // Per-row terms (row_terms), shape = [n, 4].
  std::vector<double> terms(n * 4, 0.0);
  const V4 minus_inv_8s = splat(-1.0 / (8.0 * sigma2));
  // Rows in blocks of kRows share each load of the columns j (the column data, d * n * 8
  // bytes, does not fit in L1). Each row's sums run over j in the same order in any block, so
  // the result does not depend on the blocking or the thread count.
  constexpr std::size_t kRows = 4;
  // Wide layers (d >= kGemmMinWidth, e.g. 1,024 units): the squared distances of a block of
  // kGemmRows rows to every column come from one double GEMM, ||t_i||^2 + ||t_j||^2 - 2 t_i.t_j
  // (OpenBLAS, on this thread), instead of d subtractions per pair; the kernels and sums that
  // follow are the same. Rounding: |error| <= ~1e-16 d max||t||^2, next to 8 sigma2 >= 1e-6
  // in the exponent. Narrow layers keep the direct differences (cheaper there, and their
  // results unchanged). Blocks of 512 rows: the double GEMM (Eigen's, before OpenBLAS) at
  // 10,000 x 1,024 ran 2.1x faster than with 64-row blocks (each call streams the whole t^T
  // past its block of rows); each thread's block buffer, allocated once, costs 512 * n * 8
  // bytes, half of t. Fixed, not derived from the thread count: the GEMM's rounding may depend
  // on the block's shape.
  constexpr std::size_t kGemmMinWidth = 32, kGemmRows = 512;
  if (d >= kGemmMinWidth) {
    std::vector<double> t(n4 * d, 0.0);  // sample-major, shape = [n4, d], padded rows 0
    for (std::size_t j = 0; j < n; ++j)
      for (std::size_t c = 0; c < d; ++c) t[j * d + c] = layer(j, c);
    const std::vector<double> norm2 = detail::squared_norms(t.data(), n4, d);
    const std::size_t n_gemm_blocks = (n + kGemmRows - 1) / kGemmRows;
    detail::parallel_ranges(n_gemm_blocks, threads, [&](std::size_t first_block, std::size_t end_block) {
      // This thread's scratch, reused by its blocks: dist2 shape = [kGemmRows, n4].
      std::vector<double> dist2(kGemmRows * n4);
      std::vector<V4> b_up(n_labels), b_lo(n_labels);
      for (std::size_t block = first_block; block < end_block; ++block) {
        const std::size_t i0 = block * kGemmRows, rows = std::min(kGemmRows, n - i0);
        detail::squared_distances(t.data(), norm2.data(), d, i0, rows, n4, dist2.data());
        for (std::size_t r = 0; r < rows; ++r) {
          const std::size_t i = i0 + r;
          const double p_i = task.p_x[i];
          if (p_i <= 0.0) continue;
          const double* row = dist2.data() + r * n4;
          std::fill(b_up.begin(), b_up.end(), splat(0.0));
          std::fill(b_lo.begin(), b_lo.end(), splat(0.0));
          RowSums sums{splat(0.0), splat(0.0), b_up.data(), b_lo.data()};
          for (std::size_t j = 0; j < n4; j += 4) add_columns(sums, load(row + j), minus_inv_8s, p.data(), w.data(), n4, n_labels, j);
          row_terms(sums, p_i, w.data(), p_y.data(), n4, n_labels, i, terms.data() + i * 4);
        }
      }
    });
  }
  // Narrow layers: feature-major rows, t_fm[c * n4 + j] = t_j[c] (padded with 0).
  std::vector<double> t_fm(d >= kGemmMinWidth ? 0 : d * n4, 0.0);
  if (d < kGemmMinWidth) {
    for (std::size_t j = 0; j < n; ++j)
      for (std::size_t c = 0; c < d; ++c) t_fm[c * n4 + j] = layer(j, c);
  }
  const std::size_t n_blocks = d >= kGemmMinWidth ? 0 : (n + kRows - 1) / kRows;
  detail::parallel_rows(n_blocks, threads, [&](std::size_t block) {
    const std::size_t i0 = block * kRows;
    // Row coordinates (rows past n repeat row n-1; their output is dropped).
    std::vector<double> ti(kRows * d);
    for (std::size_t r = 0; r < kRows; ++r)
      for (std::size_t c = 0; c < d; ++c) ti[r * d + c] = t_fm[c * n4 + std::min(i0 + r, n - 1)];
    std::vector<V4> b_up(kRows * n_labels, splat(0.0)), b_lo(kRows * n_labels, splat(0.0));
    RowSums sums[kRows];
    for (std::size_t r = 0; r < kRows; ++r) {
      sums[r] = {splat(0.0), splat(0.0), b_up.data() + r * n_labels, b_lo.data() + r * n_labels};
    }
    for (std::size_t j = 0; j < n4; j += 4) {
      V4 dist2[kRows];
      for (std::size_t r = 0; r < kRows; ++r) dist2[r] = splat(0.0);
      for (std::size_t c = 0; c < d; ++c) {
        const V4 col = load(t_fm.data() + c * n4 + j);
        for (std::size_t r = 0; r < kRows; ++r) {
          const V4 diff = col - splat(ti[r * d + c]);
          dist2[r] += diff * diff;
        }
      }
      for (std::size_t r = 0; r < kRows; ++r) add_columns(sums[r], dist2[r], minus_inv_8s, p.data(), w.data(), n4, n_labels, j);
    }
    for (std::size_t r = 0; r < kRows && i0 + r < n; ++r) {
      const std::size_t i = i0 + r;
      const double p_i = task.p_x[i];
      if (p_i <= 0.0) continue;
      row_terms(sums[r], p_i, w.data(), p_y.data(), n4, n_labels, i, terms.data() + i * 4);
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

InfoEstimate KdeEstimator::estimate(MatrixView<float> layer, const Task& task) const {
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
