// KSG (Kraskov et al. 2004, estimator 1) and Ross (2014) k-nearest-neighbour estimators with
// max-norm distances, brute force; see include/infoplane/info/ksg.hpp.
#include "infoplane/info/ksg.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numbers>

#include "infoplane/core/error.hpp"
#include "infoplane/core/rng.hpp"
#include "detail/parallel_rows.hpp"
#include "detail/v4.hpp"

namespace infoplane {

namespace {

using detail::V4;
using detail::V4i;
using detail::load;
inline V4 abs_of(V4 x) {  // clears the sign bit, as std::abs does
  constexpr long long kNoSign = 0x7FFFFFFFFFFFFFFFLL;
  return reinterpret_cast<V4>(reinterpret_cast<V4i>(x) & V4i{kNoSign, kNoSign, kNoSign, kNoSign});
}
inline V4 max_of(V4 a, V4 b) { return a > b ? a : b; }

// Rows are taken kRows at a time: each load of row j serves kRows distances (the rows of a
// 1,024-unit layer do not fit in L1, so the single-row loop waited on memory).
constexpr std::size_t kRows = 4;

// out[r] = max_c |m[i0 + r, c] - m[j, c]| (max norm) for r < rows <= kRows. The maximum is
// exact in any order, so the distances are the same as one row at a time, element by element.
void max_norms(const Matrix<double>& m, std::size_t i0, std::size_t rows, std::size_t j, double* out) {
  const std::size_t d = m.cols();
  const double* b = m.data() + j * d;
  const double* a[kRows];
  for (std::size_t r = 0; r < kRows; ++r) a[r] = m.data() + (i0 + std::min(r, rows - 1)) * d;
  V4 lo[kRows] = {}, hi[kRows] = {};
  std::size_t c = 0;
  for (; c + 8 <= d; c += 8) {
    const V4 b_lo = load(b + c), b_hi = load(b + c + 4);
    for (std::size_t r = 0; r < kRows; ++r) {
      lo[r] = max_of(lo[r], abs_of(load(a[r] + c) - b_lo));
      hi[r] = max_of(hi[r], abs_of(load(a[r] + c + 4) - b_hi));
    }
  }
  for (std::size_t r = 0; r < rows; ++r) {
    const V4 v = max_of(lo[r], hi[r]);
    double x = std::max(std::max(v[0], v[1]), std::max(v[2], v[3]));
    for (std::size_t e = c; e < d; ++e) x = std::max(x, std::abs(a[r][e] - b[e]));
    out[r] = x;
  }
}

// Keeps the k smallest values seen (ascending); kth() is the k-th smallest.
class SmallestK {
 public:
  explicit SmallestK(int k) : k_(k), v_(static_cast<std::size_t>(k), kInf) {}
  void push(double x) {
    if (x >= v_[k_ - 1]) return;
    int p = k_ - 1;
    while (p > 0 && v_[p - 1] > x) {
      v_[p] = v_[p - 1];
      --p;
    }
    v_[p] = x;
  }
  double kth() const { return v_[k_ - 1]; }

 private:
  static constexpr double kInf = std::numeric_limits<double>::infinity();
  int k_;
  std::vector<double> v_;
};

double mean_in_order(const std::vector<double>& v) {
  double s = 0.0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}

// Adds N(0, std^2) to every element.
void add_noise(Matrix<double>& m, double std_dev, Rng& rng) {
  if (std_dev <= 0.0) return;
  for (double& x : m.values()) x += std_dev * rng.normal();
}

double scale_of(const Matrix<double>& m) {
  double s = 0.0;
  for (double x : m.values()) s = std::max(s, std::abs(x));
  return s > 0.0 ? s : 1.0;
}

}  // namespace

double digamma(double x) {
  INFOPLANE_ASSERT(x > 0.0);
  double result = 0.0;
  while (x < 10.0) {
    result -= 1.0 / x;
    x += 1.0;
  }
  const double f = 1.0 / (x * x);
  // Asymptotic series: ln x - 1/(2x) - sum B_2n / (2n x^2n); at x >= 10 the first omitted
  // term (691/32760 x^-12) is below 3e-14.
  const double series =
      f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f * (1.0 / 132)))));
  return result + std::log(x) - 0.5 / x - series;
}

double ksg_mutual_information(const Matrix<double>& a, const Matrix<double>& b, int k,
                              int threads) {
  const std::size_t n = a.rows();
  INFOPLANE_ASSERT(b.rows() == n);
  if (k < 1 || static_cast<std::size_t>(k) >= n) {
    throw Error("ksg: k = " + std::to_string(k) + ": must be >= 1 and below the sample count " +
                std::to_string(n));
  }
  std::vector<double> term(n);
  detail::parallel_rows((n + kRows - 1) / kRows, threads, [&](std::size_t block) {
    const std::size_t i0 = block * kRows, rows = std::min(kRows, n - i0);
    // Marginal distances kept for the counting pass: shape = [rows, n] each.
    std::vector<double> dist_a(rows * n), dist_b(rows * n);
    double da[kRows], db[kRows];
    for (std::size_t j = 0; j < n; ++j) {
      max_norms(a, i0, rows, j, da);
      max_norms(b, i0, rows, j, db);
      for (std::size_t r = 0; r < rows; ++r) {
        dist_a[r * n + j] = da[r];
        dist_b[r * n + j] = db[r];
      }
    }
    for (std::size_t r = 0; r < rows; ++r) {
      const std::size_t i = i0 + r;
      const double* row_a = dist_a.data() + r * n;
      const double* row_b = dist_b.data() + r * n;
      SmallestK nearest(k);
      for (std::size_t j = 0; j < n; ++j) {
        if (j != i) nearest.push(std::max(row_a[j], row_b[j]));
      }
      const double eps = nearest.kth();
      int n_a = 0, n_b = 0;
      for (std::size_t j = 0; j < n; ++j) {
        n_a += row_a[j] < eps;
        n_b += row_b[j] < eps;
      }
      // j == i (distance 0) was counted when eps > 0: a point is not its own neighbour.
      n_a -= eps > 0.0;
      n_b -= eps > 0.0;
      term[i] = digamma(n_a + 1.0) + digamma(n_b + 1.0);
    }
  });
  return digamma(k) + digamma(static_cast<double>(n)) - mean_in_order(term);
}

double ksg_discrete_mutual_information(const Matrix<double>& t, const std::vector<int>& labels,
                                       int k, int threads) {
  const std::size_t n = t.rows();
  INFOPLANE_ASSERT(labels.size() == n);
  if (k < 1) throw Error("ksg: k = " + std::to_string(k) + ": must be >= 1");
  std::map<int, int> counts;
  for (int y : labels) ++counts[y];
  std::vector<double> psi_ny(n, 0.0), psi_k(n, 0.0), psi_m(n, 0.0);
  std::vector<char> kept(n, 0);
  detail::parallel_rows((n + kRows - 1) / kRows, threads, [&](std::size_t block) {
    const std::size_t i0 = block * kRows, rows = std::min(kRows, n - i0);
    std::vector<double> dist(rows * n);  // shape = [rows, n]
    double out[kRows];
    for (std::size_t j = 0; j < n; ++j) {
      max_norms(t, i0, rows, j, out);
      for (std::size_t r = 0; r < rows; ++r) dist[r * n + j] = out[r];
    }
    for (std::size_t r = 0; r < rows; ++r) {
      const std::size_t i = i0 + r;
      const double* row = dist.data() + r * n;
      const int n_y = counts.at(labels[i]);
      if (n_y < 2) continue;  // a singleton class has no within-class neighbour
      const int k_i = std::min(k, n_y - 1);
      SmallestK nearest(k_i);
      for (std::size_t j = 0; j < n; ++j) {
        if (j != i && labels[j] == labels[i]) nearest.push(row[j]);
      }
      const double eps = nearest.kth();
      int m = 0;
      for (std::size_t j = 0; j < n; ++j) m += row[j] <= eps;
      m -= 1;  // the point itself (distance 0)
      kept[i] = 1;
      psi_ny[i] = digamma(n_y);
      psi_k[i] = digamma(k_i);
      psi_m[i] = digamma(m);
    }
  });
  double s_ny = 0.0, s_k = 0.0, s_m = 0.0;
  std::size_t n_kept = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!kept[i]) continue;
    ++n_kept;
    s_ny += psi_ny[i];
    s_k += psi_k[i];
    s_m += psi_m[i];
  }
  if (n_kept < 2) return 0.0;  // every class is a singleton: nothing to estimate from
  const double nk = static_cast<double>(n_kept);
  return digamma(nk) - s_ny / nk + s_k / nk - s_m / nk;
}

KsgEstimator::KsgEstimator(KsgOptions options) : options_(options) {
  if (options_.k < 1) throw Error("ksg: k = " + std::to_string(options_.k) + ": must be >= 1");
  if (!(options_.noise_var >= 0.0) || !std::isfinite(options_.noise_var)) {
    throw Error("ksg: noise variance must be finite and >= 0");
  }
  if (!(options_.jitter >= 0.0) || !std::isfinite(options_.jitter)) {
    throw Error("ksg: jitter must be finite and >= 0");
  }
  if (options_.threads < 1) throw Error("ksg: threads must be >= 1");
}

InfoEstimate KsgEstimator::estimate(MatrixView<float> layer, const Task& task) const {
  validate_layer(layer, task, "ksg");
  const std::size_t n = layer.rows();
  // Rows are samples: the estimator needs a uniform p(x).
  for (double p : task.p_x) {
    if (std::abs(p * static_cast<double>(n) - 1.0) > 1e-6) {
      throw Error("ksg: the task's p(x) is not uniform; ksg treats rows as equally likely samples");
    }
  }
  if (static_cast<std::size_t>(options_.k) >= n) {
    throw Error("ksg: k = " + std::to_string(options_.k) + ": must be below the row count " +
                std::to_string(n));
  }
  Rng rng = Rng::derive(options_.seed, {0x6b7367u});
  Matrix<double> t(n, layer.cols());
  std::copy(layer.values().begin(), layer.values().end(), t.values().begin());
  add_noise(t, std::sqrt(options_.noise_var), rng);
  add_noise(t, options_.jitter * scale_of(t), rng);

  // One label per pattern: the 0/1 label, or a draw from p(y|x) when it is soft.
  std::vector<int> labels(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto row = task.p_y_given_x.row(i);
    const auto best = std::max_element(row.begin(), row.end());
    if (*best >= 1.0 - 1e-12) {
      labels[i] = static_cast<int>(best - row.begin());
      continue;
    }
    double u = rng.uniform(), c = 0.0;
    int y = static_cast<int>(row.size()) - 1;
    for (std::size_t l = 0; l < row.size(); ++l) {
      c += row[l];
      if (u < c) {
        y = static_cast<int>(l);
        break;
      }
    }
    labels[i] = y;
  }

  const double to_bits = 1.0 / std::numbers::ln2;
  InfoEstimate e;
  if (task.n_inputs() > 0) {
    Matrix<double> x(n, task.n_inputs());
    std::copy(task.inputs.values().begin(), task.inputs.values().end(), x.values().begin());
    add_noise(x, options_.jitter * scale_of(x), rng);
    e.i_xt = ksg_mutual_information(x, t, options_.k, options_.threads) * to_bits;
  } else {
    e.i_xt = std::numeric_limits<double>::quiet_NaN();  // no inputs to measure against
  }
  e.i_ty = ksg_discrete_mutual_information(t, labels, options_.k, options_.threads) * to_bits;
  e.i_xt_lower = e.i_xt_upper = e.i_xt;
  e.i_ty_lower = e.i_ty_upper = e.i_ty;
  return e;
}

}  // namespace infoplane
