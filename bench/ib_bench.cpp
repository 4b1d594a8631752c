// Cost of the IB module: the annealed curve on a sufficient statistic (64 classes) against
// the same problem spread over 4096 patterns, one encoder update, and beta* of a layer.
// The problem is synthetic (64 classes of 64 patterns, p(y=1|c) spread over (0.02, 0.98))
// with the spherical task's shape; `infoplane ib --rule spherical` times the real task.
#include <benchmark/benchmark.h>

#include <cmath>

#include "infoplane/core/rng.hpp"
#include "infoplane/ib/ib_curve.hpp"
#include "infoplane/ib/ib_equations.hpp"
#include "infoplane/ib/layer_beta.hpp"

namespace infoplane {
namespace {

constexpr std::size_t kClasses = 64, kPerClass = 64;

// Class c has p(y=1|c) = sigmoid(6 (u_c - 0.5)), u_c uniform; patterns share their class's row.
IBProblem synthetic_problem(bool patterns) {
  Rng rng(2017);
  std::vector<double> p1(kClasses);
  for (auto& p : p1) p = 1.0 / (1.0 + std::exp(-8.0 * (rng.uniform() - 0.5)));
  const std::size_t per = patterns ? kPerClass : 1;
  IBProblem problem{std::vector<double>(kClasses * per, 1.0 / (kClasses * per)),
                    Matrix<double>(kClasses * per, 2)};
  for (std::size_t x = 0; x < kClasses * per; ++x) {
    problem.p_y_given_x(x, 1) = p1[x / per];
    problem.p_y_given_x(x, 0) = 1.0 - p1[x / per];
  }
  return problem;
}

void BM_IBCurve(benchmark::State& state) {
  const auto problem = synthetic_problem(state.range(0) != 0);
  IBCurveOptions opt;
  opt.n_betas = static_cast<int>(state.range(1));
  long iterations = 0;
  for (auto _ : state) {
    const auto curve = compute_ib_curve(problem, opt);
    for (const auto& p : curve.points) iterations += p.iterations;
    benchmark::DoNotOptimize(curve.points.back().i_ty);
  }
  state.counters["n_x"] = static_cast<double>(problem.n_x());
  state.counters["updates"] =
      benchmark::Counter(static_cast<double>(iterations), benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_IBCurve)->Args({0, 60})->Args({1, 60})->Unit(benchmark::kMillisecond);

void BM_IBEncoderUpdate(benchmark::State& state) {
  const auto problem = synthetic_problem(true);
  const auto n_t = static_cast<std::size_t>(state.range(0));
  IBClusters clusters{std::vector<double>(n_t, 1.0 / n_t), Matrix<double>(n_t, 2)};
  for (std::size_t t = 0; t < n_t; ++t) {
    clusters.p_y_given_t(t, 1) = (t + 0.5) / n_t;
    clusters.p_y_given_t(t, 0) = 1.0 - clusters.p_y_given_t(t, 1);
  }
  for (auto _ : state) {
    auto fp = ib_iterate(problem.p_x, problem.p_y_given_x, clusters, 50.0, 0.0, 1);
    benchmark::DoNotOptimize(fp.encoder.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<long>(problem.n_x() * n_t));
}
BENCHMARK(BM_IBEncoderUpdate)->Arg(2)->Arg(16)->Arg(64)->Unit(benchmark::kMicrosecond);

void BM_LayerBeta(benchmark::State& state) {
  const auto problem = synthetic_problem(true);
  // A 30-symbol layer: patterns grouped by a coarse bin of p(y=1|x), with some mixing.
  std::vector<int> t_of_x(problem.n_x());
  for (std::size_t x = 0; x < t_of_x.size(); ++x) {
    t_of_x[x] = static_cast<int>(problem.p_y_given_x(x, 1) * 29.999 + (x % 7 == 0 ? 1 : 0)) % 30;
  }
  for (auto _ : state) {
    const auto lb = layer_beta(problem.p_x, problem.p_y_given_x, t_of_x);
    benchmark::DoNotOptimize(lb.beta_star);
  }
}
BENCHMARK(BM_LayerBeta)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace infoplane
