// Estimator costs per layer call on the 12-bit task's 4096 patterns (tanh-like activations).
// Run: build/release/bench/infoplane_bench --benchmark_filter='Info'
// Figures and the command: docs/estimator-costs.md.
#include <benchmark/benchmark.h>

#include <bit>
#include <cmath>

#include "infoplane/core/rng.hpp"
#include "infoplane/info/binning.hpp"
#include "infoplane/info/kde.hpp"
#include "infoplane/info/ksg.hpp"

namespace infoplane {
namespace {

Task bench_task() {
  Task task;
  const int n = 4096;
  task.inputs = Matrix<float>(n, 12);
  task.p_x.assign(n, 1.0 / n);
  task.p_y_given_x = Matrix<double>(n, 2);
  for (int x = 0; x < n; ++x) {
    for (int b = 0; b < 12; ++b) task.inputs(x, b) = static_cast<float>((x >> b) & 1);
    const double p1 = 1.0 / (1.0 + std::exp(-(std::popcount(static_cast<unsigned>(x)) - 6)));
    task.p_y_given_x(x, 0) = 1.0 - p1;
    task.p_y_given_x(x, 1) = p1;
  }
  return task;
}

// tanh of random projections of the inputs: a layer of a random network, shape = [4096, width].
Matrix<float> bench_layer(const Task& task, std::size_t width, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<double> w(12 * width);
  for (auto& v : w) v = rng.normal();
  Matrix<float> m(task.n_patterns(), width);
  for (std::size_t i = 0; i < m.rows(); ++i)
    for (std::size_t j = 0; j < width; ++j) {
      double a = 0.0;
      for (std::size_t k = 0; k < 12; ++k) a += w[k * width + j] * (2.0 * task.inputs(i, k) - 1.0);
      m(i, j) = static_cast<float>(std::tanh(0.5 * a));
    }
  return m;
}

void BM_InfoBinning(benchmark::State& state) {
  const Task task = bench_task();
  const Matrix<float> layer = bench_layer(task, static_cast<std::size_t>(state.range(0)), 1);
  BinningOptions o;
  o.reference_digitize = state.range(1) == 1;
  o.adaptive = state.range(1) == 2;
  BinningWorkspace ws;
  for (auto _ : state) benchmark::DoNotOptimize(binning_estimate(layer, task, o, ws));
  state.SetLabel(o.adaptive ? "adaptive" : (o.reference_digitize ? "reference" : "equal bins"));
}
BENCHMARK(BM_InfoBinning)
    ->Args({10, 0})->Args({2, 0})->Args({12, 0})->Args({40, 0})->Args({10, 1})->Args({10, 2})
    ->Unit(benchmark::kMicrosecond);

// One network at one recorded epoch: the 6 observed layers of 12-10-7-5-4-3-2.
void BM_InfoBinningNetworkEpoch(benchmark::State& state) {
  const Task task = bench_task();
  std::vector<Matrix<float>> layers;
  for (std::size_t w : {10, 7, 5, 4, 3, 2}) layers.push_back(bench_layer(task, w, w));
  BinningWorkspace ws;
  for (auto _ : state)
    for (const auto& l : layers) benchmark::DoNotOptimize(binning_estimate(l, task, {}, ws));
}
BENCHMARK(BM_InfoBinningNetworkEpoch)->Unit(benchmark::kMicrosecond);

void BM_InfoKde(benchmark::State& state) {
  const Task task = bench_task();
  const Matrix<float> layer = bench_layer(task, static_cast<std::size_t>(state.range(0)), 2);
  const int threads = static_cast<int>(state.range(1));
  for (auto _ : state) benchmark::DoNotOptimize(kde_bounds(layer, task, 1e-3, threads));
}
BENCHMARK(BM_InfoKde)->Args({10, 1})->Args({2, 1})->Args({10, 2})->Unit(benchmark::kMillisecond);

void BM_InfoKsg(benchmark::State& state) {
  const Task task = bench_task();
  const Matrix<float> layer = bench_layer(task, static_cast<std::size_t>(state.range(0)), 3);
  KsgOptions o;
  o.threads = static_cast<int>(state.range(1));
  const KsgEstimator est(o);
  for (auto _ : state) benchmark::DoNotOptimize(est.estimate(layer, task));
}
BENCHMARK(BM_InfoKsg)->Args({10, 1})->Args({2, 1})->Args({10, 2})->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace infoplane
