#include "infoplane/ib/layer_beta.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numbers>
#include <string>

#include "infoplane/core/discrete_information.hpp"
#include "infoplane/core/error.hpp"
#include "infoplane/ib/ib_equations.hpp"

namespace infoplane {
namespace {

// Mean KL (nats) of `encoder` against the IB encoder at beta, from precomputed divergences.
double mean_kl_nats(std::span<const double> p_x, const Matrix<double>& encoder,
                    const Matrix<double>& divergences, std::span<const double> p_t,
                    double beta) {
  const auto log_ib = ib_log_encoder(divergences, p_t, beta);
  double kl = 0.0;
  for (std::size_t x = 0; x < p_x.size(); ++x) {
    if (p_x[x] <= 0.0) continue;
    double row = 0.0;
    for (std::size_t t = 0; t < encoder.cols(); ++t) {
      const double e = encoder(x, t);
      if (e > 0.0) row += e * (std::log(e) - log_ib(x, t));
    }
    kl += p_x[x] * row;
  }
  return std::max(0.0, kl);  // KL >= 0; rounding can leave -1e-17
}

// Grid scan then golden section of f(ln beta) (the mean KL in nats) over the options' range.
// Fills beta_star, kl_bits and the bound flags.
template <class Objective>
LayerBeta minimise_log_beta(Objective f, const LayerBetaOptions& opt) {
  const double lo = std::log(opt.beta_min), hi = std::log(opt.beta_max);
  // Coarse scan: the first best node (ties go to the smaller beta).
  const int n = opt.grid_points;
  int best = 0;
  double best_value = std::numeric_limits<double>::infinity();
  for (int k = 0; k < n; ++k) {
    const double value = f(lo + (hi - lo) * k / (n - 1));
    if (value < best_value) {
      best_value = value;
      best = k;
    }
  }
  // Golden section on the two grid cells around the best node: f is convex in beta, hence
  // unimodal in log beta, so the minimiser lies in this bracket.
  double a = lo + (hi - lo) * std::max(best - 1, 0) / (n - 1);
  double b = lo + (hi - lo) * std::min(best + 1, n - 1) / (n - 1);
  const double ratio = (std::sqrt(5.0) - 1.0) / 2.0;
  double c = b - ratio * (b - a), d = a + ratio * (b - a);
  double fc = f(c), fd = f(d);
  while (b - a > opt.log_beta_tolerance) {
    if (fc <= fd) {
      b = d, d = c, fd = fc;
      c = b - ratio * (b - a), fc = f(c);
    } else {
      a = c, c = d, fc = fd;
      d = a + ratio * (b - a), fd = f(d);
    }
  }
  double log_star = 0.5 * (a + b);
  double value = f(log_star);
  if (best_value < value) {  // flat stretches: keep the grid's node if it is strictly better
    log_star = lo + (hi - lo) * best / (n - 1);
    value = best_value;
  }
  LayerBeta out;
  out.beta_star = std::exp(log_star);
  out.kl_bits = value / std::numbers::ln2;
  out.at_lower_bound = log_star - lo <= 2.0 * opt.log_beta_tolerance;
  out.at_upper_bound = hi - log_star <= 2.0 * opt.log_beta_tolerance;
  return out;
}

LayerBeta minimise_over_beta(std::span<const double> p_x, const Matrix<double>& p_y_given_x,
                             const Matrix<double>& encoder, const LayerBetaOptions& opt) {
  const auto clusters = ib_clusters(p_x, p_y_given_x, encoder);
  const auto divergences = ib_divergences(p_y_given_x, clusters);
  LayerBeta out = minimise_log_beta(
      [&](double log_beta) {
        return mean_kl_nats(p_x, encoder, divergences, clusters.p_t, std::exp(log_beta));
      },
      opt);
  const auto info = ib_information(p_x, p_y_given_x, encoder);
  out.i_xt = info.i_xt;
  out.i_ty = info.i_ty;
  out.n_symbols = static_cast<int>(std::count_if(clusters.p_t.begin(), clusters.p_t.end(),
                                                 [](double p) { return p > 0.0; }));
  return out;
}

// A deterministic encoder t(x) (a binned layer) in O(rows x decoders) per beta instead of
// O(n_x x n_t): with KL of a one-hot against p_beta(t|x) = p(t) exp(-beta D(x,t)) / Z(x),
//   mean KL = sum_x p(x) [-ln p(t(x)) + beta D(x, t(x)) + ln Z(x)],
//   Z(x) = sum_t p(t) exp(-beta D(x, t)),  D(x, t) = KL[p(y|x) || p(y|t)] (nats).
// D depends on x only through its row p(y|x) and on t only through its decoder p(y|t), so
// inputs are grouped by identical rows (r, weight w_r) and symbols by identical decoders (u,
// mass q_u): ln Z_r = logsumexp_u (ln q_u - beta D(r, u)). For the spherical rule that is 64
// rows against at most a few hundred decoders, whatever the layer's symbol count.
LayerBeta deterministic_layer_beta(std::span<const double> p_x, const Matrix<double>& p_y_given_x,
                                   std::span<const int> t_of_x, const LayerBetaOptions& opt) {
  const std::size_t n_x = p_x.size(), n_y = p_y_given_x.cols();
  for (std::size_t x = 0; x < n_x; ++x)
    if (t_of_x[x] < 0)
      throw Error("ib layer: t_of_x[" + std::to_string(x) + "] = " + std::to_string(t_of_x[x]) +
                  ": expected a symbol id >= 0");
  const std::size_t n_t = static_cast<std::size_t>(*std::max_element(t_of_x.begin(), t_of_x.end())) + 1;

  // Rows of p(y|x), grouped exactly; the row id of each input.
  std::map<std::vector<double>, int> row_ids;
  std::vector<int> row_of_x(n_x);
  std::vector<std::vector<double>> rows;
  for (std::size_t x = 0; x < n_x; ++x) {
    std::vector<double> row(p_y_given_x.row(x).begin(), p_y_given_x.row(x).end());
    const auto [it, added] = row_ids.emplace(row, static_cast<int>(rows.size()));
    if (added) rows.push_back(std::move(row));
    row_of_x[x] = it->second;
  }
  // p(t), and p(y|t): a symbol whose inputs share one row keeps that row exactly, so that
  // symbols with the same class content group together.
  std::vector<double> p_t(n_t, 0.0), joint(n_t * n_y, 0.0);
  std::vector<int> single_row(n_t, -1);  // -1: no input yet, -2: several rows
  for (std::size_t x = 0; x < n_x; ++x) {
    const std::size_t t = static_cast<std::size_t>(t_of_x[x]);
    p_t[t] += p_x[x];
    for (std::size_t y = 0; y < n_y; ++y) joint[t * n_y + y] += p_x[x] * p_y_given_x(x, y);
    single_row[t] = single_row[t] == -1 || single_row[t] == row_of_x[x] ? row_of_x[x] : -2;
  }
  std::map<std::vector<double>, int> decoder_ids;
  std::vector<std::vector<double>> decoders;
  std::vector<double> q;                  // mass per distinct decoder
  std::vector<int> decoder_of_t(n_t, -1);
  for (std::size_t t = 0; t < n_t; ++t) {
    if (p_t[t] <= 0.0) continue;
    std::vector<double> d(n_y);
    if (single_row[t] >= 0) d = rows[static_cast<std::size_t>(single_row[t])];
    else for (std::size_t y = 0; y < n_y; ++y) d[y] = joint[t * n_y + y] / p_t[t];
    const auto [it, added] = decoder_ids.emplace(d, static_cast<int>(decoders.size()));
    if (added) {
      decoders.push_back(std::move(d));
      q.push_back(0.0);
    }
    q[static_cast<std::size_t>(it->second)] += p_t[t];
    decoder_of_t[t] = it->second;
  }
  // Probabilities below 1e-300 count as 0: a saturated rule (the spherical rule's gamma = 246)
  // has p(y|x) ~ 1e-320, which underflows to 0 in any mixture p(y|t) and would make the
  // divergence infinite though its contribution a log(a/b) is below 1e-297 nats.
  constexpr double kNegligible = 1e-300;
  auto kl_nats = [&](const std::vector<double>& a, const std::vector<double>& b) {
    double kl = 0.0;
    for (std::size_t y = 0; y < n_y; ++y) {
      if (a[y] <= kNegligible) continue;
      if (b[y] <= 0.0) return std::numeric_limits<double>::infinity();
      kl += a[y] * std::log(a[y] / b[y]);
    }
    return std::max(0.0, kl);
  };
  const std::size_t n_r = rows.size(), n_u = decoders.size();
  std::vector<double> divergence(n_r * n_u), w(n_r, 0.0), log_q(n_u);
  for (std::size_t r = 0; r < n_r; ++r)
    for (std::size_t u = 0; u < n_u; ++u) divergence[r * n_u + u] = kl_nats(rows[r], decoders[u]);
  for (std::size_t u = 0; u < n_u; ++u) log_q[u] = std::log(q[u]);
  // The beta-independent terms: sum_x p(x) (-ln p(t(x))) and sum_x p(x) D(x, t(x)).
  double constant = 0.0, slope = 0.0;
  for (std::size_t x = 0; x < n_x; ++x) {
    if (p_x[x] <= 0.0) continue;
    const std::size_t t = static_cast<std::size_t>(t_of_x[x]);
    w[static_cast<std::size_t>(row_of_x[x])] += p_x[x];
    constant -= p_x[x] * std::log(p_t[t]);
    slope += p_x[x] * divergence[static_cast<std::size_t>(row_of_x[x]) * n_u +
                                 static_cast<std::size_t>(decoder_of_t[t])];
  }
  std::vector<double> terms(n_u);
  LayerBeta out = minimise_log_beta(
      [&](double log_beta) {
        const double beta = std::exp(log_beta);
        double value = constant + beta * slope;
        for (std::size_t r = 0; r < n_r; ++r) {
          if (w[r] <= 0.0) continue;
          double top = -std::numeric_limits<double>::infinity();
          for (std::size_t u = 0; u < n_u; ++u) {
            terms[u] = log_q[u] - beta * divergence[r * n_u + u];
            top = std::max(top, terms[u]);
          }
          if (!std::isfinite(top)) return std::numeric_limits<double>::infinity();
          double sum = 0.0;
          for (std::size_t u = 0; u < n_u; ++u) sum += std::exp(terms[u] - top);
          value += w[r] * (top + std::log(sum));
        }
        return std::max(0.0, value);  // KL >= 0; rounding can leave -1e-17
      },
      opt);
  // I(X;T) = H(T) for a deterministic encoder; I(T;Y) = sum_t p(t) KL[p(y|t) || p(y)].
  std::vector<double> p_y(n_y, 0.0);
  for (std::size_t x = 0; x < n_x; ++x)
    for (std::size_t y = 0; y < n_y; ++y) p_y[y] += p_x[x] * p_y_given_x(x, y);
  out.i_xt = entropy_bits(p_t);
  for (std::size_t t = 0; t < n_t; ++t) {
    if (p_t[t] <= 0.0) continue;
    ++out.n_symbols;
    out.i_ty += p_t[t] * kl_nats(decoders[static_cast<std::size_t>(decoder_of_t[t])], p_y) /
                std::numbers::ln2;
  }
  return out;
}

void validate_encoder(std::span<const double> p_x, const Matrix<double>& encoder) {
  if (encoder.rows() != p_x.size() || encoder.cols() == 0) {
    throw Error("ib layer: encoder has shape [" + std::to_string(encoder.rows()) + ", " +
                std::to_string(encoder.cols()) + "]: expected [" + std::to_string(p_x.size()) +
                ", n_t >= 1]");
  }
  for (std::size_t x = 0; x < encoder.rows(); ++x) {
    double sum = 0.0;
    for (double e : encoder.row(x)) {
      if (!std::isfinite(e) || e < 0.0) {
        throw Error("ib layer: encoder row " + std::to_string(x) +
                    " has an entry that is not a finite non-negative number");
      }
      sum += e;
    }
    if (std::abs(sum - 1.0) > 1e-9) {
      throw Error("ib layer: encoder row " + std::to_string(x) + " sums to " +
                  std::to_string(sum) + ": expected 1");
    }
  }
}

}  // namespace

void validate_layer_beta_options(const LayerBetaOptions& o) {
  if (!(o.beta_min > 0.0) || !std::isfinite(o.beta_min)) {
    throw Error("ib layer: beta_min = " + std::to_string(o.beta_min) + ": expected > 0");
  }
  if (!(o.beta_max > o.beta_min) || !std::isfinite(o.beta_max)) {
    throw Error("ib layer: beta_max = " + std::to_string(o.beta_max) +
                ": expected a finite number > beta_min");
  }
  if (o.grid_points < 3) {
    throw Error("ib layer: grid_points = " + std::to_string(o.grid_points) + ": expected >= 3");
  }
  if (!(o.log_beta_tolerance > 0.0)) {
    throw Error("ib layer: log_beta_tolerance = " + std::to_string(o.log_beta_tolerance) +
                ": expected > 0");
  }
}

double encoder_kl_at_beta(std::span<const double> p_x, const Matrix<double>& p_y_given_x,
                          const Matrix<double>& encoder, double beta) {
  const auto clusters = ib_clusters(p_x, p_y_given_x, encoder);
  const auto divergences = ib_divergences(p_y_given_x, clusters);
  return mean_kl_nats(p_x, encoder, divergences, clusters.p_t, beta) / std::numbers::ln2;
}

Matrix<double> one_hot_encoder(std::span<const int> t_of_x) {
  if (t_of_x.empty()) throw Error("ib layer: t_of_x is empty: expected one symbol per input");
  const int top = *std::max_element(t_of_x.begin(), t_of_x.end());
  for (std::size_t x = 0; x < t_of_x.size(); ++x) {
    if (t_of_x[x] < 0) {
      throw Error("ib layer: t_of_x[" + std::to_string(x) + "] = " + std::to_string(t_of_x[x]) +
                  ": expected a symbol id >= 0");
    }
  }
  Matrix<double> encoder(t_of_x.size(), static_cast<std::size_t>(top) + 1, 0.0);
  for (std::size_t x = 0; x < t_of_x.size(); ++x) {
    encoder(x, static_cast<std::size_t>(t_of_x[x])) = 1.0;
  }
  return encoder;
}

LayerBeta layer_beta(std::span<const double> p_x, const Matrix<double>& p_y_given_x,
                     std::span<const int> t_of_x, const LayerBetaOptions& options) {
  validate_ib_problem(p_x, p_y_given_x, "ib layer");
  validate_layer_beta_options(options);
  if (t_of_x.size() != p_x.size()) {
    throw Error("ib layer: t_of_x has " + std::to_string(t_of_x.size()) +
                " symbols: expected one per input (" + std::to_string(p_x.size()) + ")");
  }
  return deterministic_layer_beta(p_x, p_y_given_x, t_of_x, options);
}

LayerBeta encoder_beta(std::span<const double> p_x, const Matrix<double>& p_y_given_x,
                       const Matrix<double>& encoder, const LayerBetaOptions& options) {
  validate_ib_problem(p_x, p_y_given_x, "ib layer");
  validate_layer_beta_options(options);
  validate_encoder(p_x, encoder);
  return minimise_over_beta(p_x, p_y_given_x, encoder, options);
}

double ib_curve_gap(const IBCurve& curve, double i_xt, double i_ty) {
  return ib_curve_i_ty_at(curve, i_xt) - i_ty;
}

}  // namespace infoplane
