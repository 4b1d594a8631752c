#pragma once
// The Information Bottleneck curve of a finite P(X, Y): for each beta of a log-spaced sweep,
// the encoder p(t|x) that minimises the IB Lagrangian L = I(X;T) - beta I(T;Y), found by
// deterministic annealing over beta (see docs/information-bottleneck.md):
//  - warm start: each beta starts from the previous beta's clusters (p(t), p(y|t));
//  - splitting: every cluster is duplicated, the two copies' decoders p(y|t) pushed apart by a
//    small seeded perturbation, the equations iterated to convergence; copies whose decoders
//    come back together are merged, a split that survives (and lowers L) is kept;
//  - each fixed point is iterated until max_{x,t} |change of p(t|x)| < tolerance.
// The perturbation acts on the decoders, so the encoder depends on x only through p(y|x) from
// the first update on: a problem and its sufficient-statistic reduction run the same sequence.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "infoplane/core/matrix.hpp"
#include "infoplane/ib/ib_problem.hpp"

namespace infoplane {

struct IBCurveOptions {
  double beta_min = 0.1;            // first beta (> 0); small enough that T is trivial
  double beta_max = 1000.0;         // last beta (>= beta_min)
  int n_betas = 60;                 // number of log-spaced betas, >= 1 (1 means beta_min only)
  std::size_t max_clusters = 0;     // largest |T|; 0 = distinct rows of p(y|x) (<= n_x)
  double tolerance = 1e-10;         // fixed point: max |change of p(t|x)| per iteration
  int max_iterations = 50000;       // per fixed point; a point that hits it is flagged
  double split_perturbation = 1e-2; // relative push of a split cluster's decoder copies
  double merge_distance = 1e-5;     // clusters whose p(y|t) differ by less (max abs) merge
  int max_split_rounds = 8;         // split attempts per beta (stops at the first rejection)
  std::uint64_t seed = 1;           // perturbation stream: same seed, same curve
  bool keep_encoders = false;       // store p(t|x) of every point (memory n_x * |T| each)
  bool operator==(const IBCurveOptions&) const = default;
};

struct IBCurvePoint {
  double beta = 0.0;
  double i_xt = 0.0;          // I(X;T), bits
  double i_ty = 0.0;          // I(T;Y), bits
  int n_clusters = 0;         // |T| with p(t) > 0
  int iterations = 0;         // encoder updates spent at this beta, split attempts included
  double residual = 0.0;      // max |p(t|x) change| at the last update of the kept solution
  bool converged = false;     // residual < tolerance
  Matrix<double> encoder;     // p(t|x), shape = [n_x, n_clusters]; empty unless keep_encoders
};

struct IBCurve {
  std::vector<IBCurvePoint> points;  // ascending beta
  double i_xy = 0.0;                 // I(X;Y), bits: the curve's ceiling
  std::size_t max_clusters = 0;      // the cardinality cap used
};

// beta_min * (beta_max / beta_min)^(k / (n - 1)), k = 0..n-1.
std::vector<double> log_spaced_betas(double beta_min, double beta_max, int n);

// Throws infoplane::Error naming the option (e.g. "ib: beta_max = 0.05: expected >= beta_min").
void validate_ib_curve_options(const IBCurveOptions& options);

// The curve over the options' beta sweep. Validates inputs and options (infoplane::Error).
IBCurve compute_ib_curve(std::span<const double> p_x, const Matrix<double>& p_y_given_x,
                         const IBCurveOptions& options = {});
IBCurve compute_ib_curve(const IBProblem& problem, const IBCurveOptions& options = {});

// The same, at an explicit ascending list of betas (each > 0).
IBCurve compute_ib_curve_at(std::span<const double> p_x, const Matrix<double>& p_y_given_x,
                            std::span<const double> betas, const IBCurveOptions& options = {});

// A critical point of the curve (the paper's claim v): between two consecutive betas the
// annealing split a cluster, |T| grew from clusters_before to clusters_after. beta is the
// geometric mean of the two betas; i_xt, i_ty (bits) are those of the point after the split.
struct IBCriticalPoint {
  double beta = 0.0;
  double i_xt = 0.0;
  double i_ty = 0.0;
  int clusters_before = 0;
  int clusters_after = 0;
};

// The critical points of a curve whose points are ascending in beta with n_clusters set (a
// curve read from an older results file, without n_clusters, has none).
std::vector<IBCriticalPoint> ib_critical_points(const IBCurve& curve);

// The curve's I(T;Y) at a given I(X;T) (bits): the upper envelope of the points and (0, 0),
// linear between points; beyond the last point, the best I(T;Y) reached (flat).
double ib_curve_i_ty_at(const IBCurve& curve, double i_xt);

}  // namespace infoplane
