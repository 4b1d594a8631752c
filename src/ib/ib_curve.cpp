// Deterministic annealing along beta for the IB curve (see ib_curve.hpp for the scheme).
#include "infoplane/ib/ib_curve.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "infoplane/core/error.hpp"
#include "infoplane/core/rng.hpp"
#include "infoplane/ib/ib_equations.hpp"

namespace infoplane {
namespace {

// Clusters lighter than this (probability) are dropped: at large beta a losing cluster's mass
// underflows towards 0 but never reaches it, and would only cost time.
constexpr double kMinClusterMass = 1e-12;
// A split is kept only if it does not raise the Lagrangian by more than this (bits).
constexpr double kLagrangianSlack = 1e-9;

double lagrangian_bits(std::span<const double> p_x, const Matrix<double>& p_y_given_x,
                       const Matrix<double>& encoder, double beta) {
  const auto info = ib_information(p_x, p_y_given_x, encoder);
  return info.i_xt - beta * info.i_ty;
}

// Duplicates up to `room` clusters (heaviest first). Each copy gets half the mass; their
// decoders are p(y|t) (1 +/- eps u_y), renormalised, u_y uniform in [-1, 1].
IBClusters split_clusters(const IBClusters& in, std::size_t room, double eps, Rng& rng) {
  const std::size_t n_t = in.p_t.size(), n_y = in.p_y_given_t.cols();
  std::vector<std::size_t> order(n_t);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](auto a, auto b) { return in.p_t[a] > in.p_t[b]; });
  const std::size_t n_split = std::min(room, n_t);
  IBClusters out{in.p_t, Matrix<double>(n_t + n_split, n_y)};
  out.p_t.resize(n_t + n_split);
  for (std::size_t t = 0; t < n_t; ++t) {
    std::copy_n(in.p_y_given_t.row(t).begin(), n_y, out.p_y_given_t.row(t).begin());
  }
  std::vector<double> u(n_y);
  for (std::size_t k = 0; k < n_split; ++k) {
    const std::size_t t = order[k], twin = n_t + k;
    for (double& v : u) v = 2.0 * rng.uniform() - 1.0;
    out.p_t[t] = out.p_t[twin] = 0.5 * in.p_t[t];
    double sum_a = 0.0, sum_b = 0.0;
    for (std::size_t y = 0; y < n_y; ++y) {
      const double q = in.p_y_given_t(t, y);
      out.p_y_given_t(t, y) = q * (1.0 + eps * u[y]);
      out.p_y_given_t(twin, y) = q * (1.0 - eps * u[y]);
      sum_a += out.p_y_given_t(t, y);
      sum_b += out.p_y_given_t(twin, y);
    }
    for (std::size_t y = 0; y < n_y; ++y) {
      out.p_y_given_t(t, y) /= sum_a;
      out.p_y_given_t(twin, y) /= sum_b;
    }
  }
  return out;
}

// Merges clusters whose decoders agree to `merge_distance` and drops near-empty ones.
// Returns true if anything changed (the caller then re-converges).
bool merge_clusters(IBClusters& c, double merge_distance) {
  const std::size_t n_t = c.p_t.size(), n_y = c.p_y_given_t.cols();
  std::vector<int> target(n_t, -1);  // cluster each one merges into; -1 = itself / dropped
  std::vector<bool> keep(n_t, true);
  bool changed = false;
  for (std::size_t t = 0; t < n_t; ++t) {
    if (c.p_t[t] < kMinClusterMass) {
      keep[t] = false;
      changed = true;
    }
  }
  for (std::size_t a = 0; a < n_t; ++a) {
    if (!keep[a]) continue;
    for (std::size_t b = a + 1; b < n_t; ++b) {
      if (!keep[b]) continue;
      double dist = 0.0;
      for (std::size_t y = 0; y < n_y; ++y) {
        dist = std::max(dist, std::abs(c.p_y_given_t(a, y) - c.p_y_given_t(b, y)));
      }
      if (dist >= merge_distance) continue;
      // Pool b into a: masses add, decoders average by mass.
      const double wa = c.p_t[a], wb = c.p_t[b];
      for (std::size_t y = 0; y < n_y; ++y) {
        c.p_y_given_t(a, y) = (wa * c.p_y_given_t(a, y) + wb * c.p_y_given_t(b, y)) / (wa + wb);
      }
      c.p_t[a] = wa + wb;
      keep[b] = false;
      changed = true;
    }
  }
  if (!changed) return false;
  IBClusters out{{}, Matrix<double>(static_cast<std::size_t>(std::count(keep.begin(), keep.end(), true)), n_y)};
  double total = 0.0;
  for (std::size_t t = 0, k = 0; t < n_t; ++t) {
    if (!keep[t]) continue;
    out.p_t.push_back(c.p_t[t]);
    total += c.p_t[t];
    std::copy_n(c.p_y_given_t.row(t).begin(), n_y, out.p_y_given_t.row(k++).begin());
  }
  for (double& p : out.p_t) p /= total;  // dropped mass (< 1e-12 each) goes back to the rest
  c = std::move(out);
  return true;
}

// Iterates to a fixed point in chunks of kChunk updates; after each chunk, clusters that have
// met (a split collapsing back, below the critical beta) are merged at once rather than
// iterated until the encoder stops moving, and near-empty ones are dropped. Ends converged
// with no coincident clusters, or after max_iterations updates in all.
constexpr int kChunk = 64;

IBFixedPoint converge_and_merge(std::span<const double> p_x, const Matrix<double>& p_y_given_x,
                                IBClusters start, double beta, const IBCurveOptions& opt,
                                int& iterations) {
  int budget = opt.max_iterations;
  for (;;) {
    const int chunk = std::min(budget, kChunk);
    auto fp = ib_iterate(p_x, p_y_given_x, std::move(start), beta, opt.tolerance, chunk);
    iterations += fp.iterations;
    budget -= fp.iterations;
    IBClusters merged = fp.clusters;
    const bool changed = merge_clusters(merged, opt.merge_distance);
    if (!changed && (fp.converged || budget <= 0)) return fp;
    if (budget <= 0) {
      // Out of budget right after a merge: one last short run so that the encoder returned
      // matches the merged clusters; it stays flagged unconverged unless it settles.
      auto last = ib_iterate(p_x, p_y_given_x, std::move(merged), beta, opt.tolerance, 2);
      iterations += last.iterations;
      return last;
    }
    start = changed ? std::move(merged) : std::move(fp.clusters);
  }
}

}  // namespace

std::vector<double> log_spaced_betas(double beta_min, double beta_max, int n) {
  std::vector<double> betas(static_cast<std::size_t>(std::max(n, 0)));
  for (int k = 0; k < n; ++k) {
    const double f = n == 1 ? 0.0 : static_cast<double>(k) / (n - 1);
    betas[static_cast<std::size_t>(k)] = beta_min * std::pow(beta_max / beta_min, f);
  }
  if (n > 1) betas.back() = beta_max;  // exact endpoint despite pow rounding
  return betas;
}

void validate_ib_curve_options(const IBCurveOptions& o) {
  auto fail = [](const std::string& key, double value, const std::string& expected) {
    throw Error("ib: " + key + " = " + std::to_string(value) + ": expected " + expected);
  };
  if (!(o.beta_min > 0.0) || !std::isfinite(o.beta_min)) fail("beta_min", o.beta_min, "> 0");
  if (!(o.beta_max >= o.beta_min) || !std::isfinite(o.beta_max)) {
    fail("beta_max", o.beta_max, "a finite number >= beta_min");
  }
  if (o.n_betas < 1) fail("n_betas", o.n_betas, ">= 1");
  if (!(o.tolerance > 0.0)) fail("tolerance", o.tolerance, "> 0");
  if (o.max_iterations < 1) fail("max_iterations", o.max_iterations, ">= 1");
  if (!(o.split_perturbation > 0.0 && o.split_perturbation < 1.0)) {
    fail("split_perturbation", o.split_perturbation, "in (0, 1)");
  }
  if (!(o.merge_distance > 0.0)) fail("merge_distance", o.merge_distance, "> 0");
  if (o.max_split_rounds < 0) fail("max_split_rounds", o.max_split_rounds, ">= 0");
}

IBCurve compute_ib_curve(std::span<const double> p_x, const Matrix<double>& p_y_given_x,
                         const IBCurveOptions& options) {
  validate_ib_curve_options(options);
  const auto betas = log_spaced_betas(options.beta_min, options.beta_max, options.n_betas);
  return compute_ib_curve_at(p_x, p_y_given_x, betas, options);
}

IBCurve compute_ib_curve(const IBProblem& problem, const IBCurveOptions& options) {
  return compute_ib_curve(problem.p_x, problem.p_y_given_x, options);
}

IBCurve compute_ib_curve_at(std::span<const double> p_x, const Matrix<double>& p_y_given_x,
                            std::span<const double> betas, const IBCurveOptions& options) {
  validate_ib_problem(p_x, p_y_given_x, "ib");
  validate_ib_curve_options(options);
  for (std::size_t k = 0; k < betas.size(); ++k) {
    if (!(betas[k] > 0.0) || !std::isfinite(betas[k]) || (k > 0 && betas[k] < betas[k - 1])) {
      throw Error("ib: beta[" + std::to_string(k) + "] = " + std::to_string(betas[k]) +
                  ": expected finite, > 0 and ascending");
    }
  }
  const std::size_t n_y = p_y_given_x.cols();
  IBCurve curve;
  curve.i_xy = mutual_information_xy_bits(p_x, p_y_given_x);
  curve.max_clusters = options.max_clusters > 0
                           ? options.max_clusters
                           : std::min(count_distinct_rows(p_x, p_y_given_x), p_x.size());

  // The trivial solution: one cluster holding everything, decoder p(y).
  IBClusters clusters{{1.0}, Matrix<double>(1, n_y, 0.0)};
  for (std::size_t x = 0; x < p_x.size(); ++x) {
    for (std::size_t y = 0; y < n_y; ++y) clusters.p_y_given_t(0, y) += p_x[x] * p_y_given_x(x, y);
  }

  for (std::size_t b = 0; b < betas.size(); ++b) {
    const double beta = betas[b];
    int iterations = 0;
    auto fp = converge_and_merge(p_x, p_y_given_x, clusters, beta, options, iterations);
    for (int round = 0; round < options.max_split_rounds; ++round) {
      const std::size_t n_t = fp.clusters.p_t.size();
      if (n_t >= curve.max_clusters) break;
      auto rng = Rng::derive(options.seed, {b, static_cast<std::uint64_t>(round)});
      auto start = split_clusters(fp.clusters, curve.max_clusters - n_t,
                                  options.split_perturbation, rng);
      auto candidate = converge_and_merge(p_x, p_y_given_x, std::move(start), beta, options,
                                          iterations);
      const bool grew = candidate.clusters.p_t.size() > n_t;
      if (!grew || lagrangian_bits(p_x, p_y_given_x, candidate.encoder, beta) >
                       lagrangian_bits(p_x, p_y_given_x, fp.encoder, beta) + kLagrangianSlack) {
        break;
      }
      fp = std::move(candidate);
    }
    const auto info = ib_information(p_x, p_y_given_x, fp.encoder);
    IBCurvePoint point;
    point.beta = beta;
    point.i_xt = info.i_xt;
    point.i_ty = info.i_ty;
    point.n_clusters = static_cast<int>(fp.clusters.p_t.size());
    point.iterations = iterations;
    point.residual = fp.residual;
    point.converged = fp.converged;
    if (options.keep_encoders) point.encoder = fp.encoder;
    curve.points.push_back(std::move(point));
    clusters = std::move(fp.clusters);
  }
  return curve;
}

double ib_curve_i_ty_at(const IBCurve& curve, double i_xt) {
  // Upper concave hull of (0, 0) and the points (monotone chain over sorted i_xt), cut at its
  // highest point: the achievable region is convex (time sharing) and more I(X;T) never has
  // to lower I(T;Y), so beyond the highest point the bound is flat.
  std::vector<std::pair<double, double>> pts{{0.0, 0.0}};
  for (const auto& p : curve.points) pts.emplace_back(p.i_xt, p.i_ty);
  std::sort(pts.begin(), pts.end());
  std::vector<std::pair<double, double>> hull;
  for (const auto& p : pts) {
    while (hull.size() >= 2) {
      const auto& a = hull[hull.size() - 2];
      const auto& m = hull.back();
      // Drop m if it lies on or below the chord a -> p.
      const double cross = (m.first - a.first) * (p.second - a.second) -
                           (m.second - a.second) * (p.first - a.first);
      if (cross < 0.0) break;
      hull.pop_back();
    }
    hull.push_back(p);
  }
  const auto top = std::max_element(hull.begin(), hull.end(), [](const auto& a, const auto& b) {
    return a.second < b.second;
  });
  hull.erase(top + 1, hull.end());
  if (i_xt <= 0.0) return 0.0;
  for (std::size_t k = 1; k < hull.size(); ++k) {
    const auto& a = hull[k - 1];
    const auto& c = hull[k];
    if (c.first <= a.first) continue;
    if (i_xt <= c.first) {
      const double f = (i_xt - a.first) / (c.first - a.first);
      return a.second + f * (c.second - a.second);
    }
  }
  return hull.back().second;
}

std::vector<IBCriticalPoint> ib_critical_points(const IBCurve& curve) {
  std::vector<IBCriticalPoint> out;
  for (std::size_t k = 1; k < curve.points.size(); ++k) {
    const IBCurvePoint& before = curve.points[k - 1];
    const IBCurvePoint& after = curve.points[k];
    if (before.n_clusters < 1 || after.n_clusters <= before.n_clusters) continue;
    out.push_back({std::sqrt(before.beta * after.beta), after.i_xt, after.i_ty, before.n_clusters,
                   after.n_clusters});
  }
  return out;
}

}  // namespace infoplane
