// Wide networks on image-sized inputs (issue 14): one epoch of 8,000 synthetic 784-pixel
// images (uniform in [0, 1), 10 labels; the cost does not depend on the values), Adam, tanh,
// no recording, for 784-64-32-16-10 and Saxe et al.'s 784-1024-20-20-20-10 at batch 128 and
// 512, on 1 thread (one network) and 2 threads (two networks side by side, the trainer's
// scheme). Counters: network-epochs/s and FLOP/s (bench_support.hpp's multiply-add count).
// bench/compare-pytorch.sh --wide runs these against the PyTorch loop (bench/pytorch_wide.py).
//
//   infoplane_bench --benchmark_filter='BM_Wide'
#include <benchmark/benchmark.h>
#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "bench_support.hpp"
#include "core/detail/blas.hpp"
#include "info/detail/squared_distances.hpp"
#include "infoplane/info/kde.hpp"
#include "infoplane/info/ksg.hpp"
#include "infoplane/train/trainer.hpp"

namespace infoplane::bench {
namespace {

constexpr int kImages = 8000;

Task image_task() {
  Task t;
  t.name = "bench-images";
  t.inputs = Matrix<float>(kImages, 784);
  Rng rng(5);
  for (auto& v : t.inputs.values()) v = static_cast<float>(rng.uniform());
  t.p_x.assign(kImages, 1.0 / kImages);
  t.p_y_given_x = Matrix<double>(kImages, 10);
  for (std::size_t p = 0; p < kImages; ++p) t.p_y_given_x(p, rng.uniform_int(10)) = 1.0;
  return t;
}

Split all_training(const Task& task) {
  Split s;
  for (int p = 0; p < kImages; ++p) {
    s.train.pattern.push_back(p);
    int y = 0;
    while (task.p_y_given_x(static_cast<std::size_t>(p), static_cast<std::size_t>(y)) == 0.0) ++y;
    s.train.label.push_back(y);
  }
  return s;
}

// Args: network (0: 784-64-32-16-10, 1: 784-1024-20-20-20-10), batch, threads (= networks),
// gradient statistics (1: on, as `infoplane train` does; 0: off, the bare loop).
void BM_WideEpoch(benchmark::State& state) {
  static const Task task = image_task();
  static const Split split = all_training(task);
  TrainConfig c;
  c.network.hidden_widths = state.range(0) == 0 ? std::vector<int>{64, 32, 16} : std::vector<int>{1024, 20, 20, 20};
  c.optimizer.kind = OptimizerKind::kAdam;
  c.optimizer.learning_rate = 1e-3;
  c.optimizer.batch_size = static_cast<int>(state.range(1));
  c.training.epochs = 1;
  c.training.threads = static_cast<int>(state.range(2));
  c.training.record.mode = RecordMode::kList;
  c.training.record.epochs = {1};  // cleared below: no recording
  TrainerOptions o = make_trainer_options(c, task);
  o.record_epochs.clear();
  o.gradient_stats = state.range(3) != 0;
  const int networks = static_cast<int>(state.range(2));
  const std::vector<Split> splits(static_cast<std::size_t>(networks), split);
  std::vector<NetworkState> states(splits.size());
  o.epochs = 1;  // a warm-up epoch (first touch of the buffers), untimed
  train_ensemble_from(task, splits, o, {}, states, nullptr);
  // Several epochs per call, as the PyTorch loop times several epochs after its set-up: the
  // call's one-time work (the shared input copy, each network's workspace: ~10 ms for 8,000
  // images) is then spread over them, as in a run of `infoplane train`.
  const int epochs_per_call = state.range(0) == 0 ? 10 : 2;
  for (auto _ : state) {
    o.epochs += epochs_per_call;
    train_ensemble_from(task, splits, o, {}, states, nullptr);
  }
  const double network_epochs = static_cast<double>(state.iterations()) * epochs_per_call * networks;
  state.counters["network-epochs/s"] = benchmark::Counter(network_epochs, benchmark::Counter::kIsRate);
  state.counters["FLOP/s"] = benchmark::Counter(
      network_epochs * kImages * (forward_flops(o.spec) + backward_flops(o.spec)), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_WideEpoch)
    ->ArgNames({"net", "batch", "threads", "stats"})
    ->ArgsProduct({{0, 1}, {128, 512}, {1, 2}, {0, 1}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The estimators at scale (issue 14): one layer of n rows x d units (tanh of Gaussian values,
// 10 labels, p(x) uniform), KDE bounds (sigma2 = 0.1) and KSG (k = 3), 1 thread; next to them
// one pass of the pairwise squared distances by double GEMM in 1,024-row blocks
// (||a||^2 + ||b||^2 - 2 a.b, the KDE's own first step) as the yardstick. Args: n, d.
struct EstimatorLayer {
  Task task;
  Matrix<float> layer;
};
EstimatorLayer estimator_layer(std::size_t n, std::size_t d) {
  EstimatorLayer e;
  Rng rng(9);
  e.layer = Matrix<float>(n, d);
  for (auto& v : e.layer.values()) v = static_cast<float>(std::tanh(0.05 * rng.normal()));
  e.task.inputs = Matrix<float>(n, 1);
  e.task.p_x.assign(n, 1.0 / static_cast<double>(n));
  e.task.p_y_given_x = Matrix<double>(n, 10);
  for (std::size_t i = 0; i < n; ++i) e.task.p_y_given_x(i, rng.uniform_int(10)) = 1.0;
  return e;
}
void BM_KdeWide(benchmark::State& state) {
  const EstimatorLayer e = estimator_layer(static_cast<std::size_t>(state.range(0)), static_cast<std::size_t>(state.range(1)));
  for (auto _ : state) benchmark::DoNotOptimize(kde_bounds(e.layer, e.task, 0.1, 1));
}
// The layers of issue 14: the 1,024-unit and a 20-unit layer of Saxe's network, at 2,000 (the
// saxe-mnist evaluation subset), 10,000 (the test images) and 60,000 rows (the training file).
// The largest take seconds to minutes per pass: one iteration each.
void estimator_sizes(benchmark::internal::Benchmark* b) {
  b->Args({2000, 1024})->Args({10000, 1024})->Args({10000, 20})->Args({60000, 20});
  b->Unit(benchmark::kMillisecond)->Iterations(1);
}
BENCHMARK(BM_KdeWide)->Apply(estimator_sizes)->Args({60000, 1024});
void BM_DistanceGemm(benchmark::State& state) {
  const std::size_t n = static_cast<std::size_t>(state.range(0)), d = static_cast<std::size_t>(state.range(1));
  std::vector<double> t(n * d);  // shape = [n, d], uniform in [-1, 1)
  Rng rng(7);
  for (double& v : t) v = 2.0 * rng.uniform() - 1.0;
  const std::vector<double> norm2 = detail::squared_norms(t.data(), n, d);
  constexpr std::size_t kBlock = 1024;  // the fastest of 64 to 2,048 rows at 10,000 x 1,024 (Eigen, session 8)
  std::vector<double> block(kBlock * n);
  for (auto _ : state) {
    double sum = 0;
    for (std::size_t i0 = 0; i0 < n; i0 += kBlock) {
      detail::squared_distances(t.data(), norm2.data(), d, i0, std::min(kBlock, n - i0), n, block.data());
      sum += block[0];
    }
    benchmark::DoNotOptimize(sum);
  }
}
BENCHMARK(BM_DistanceGemm)->Apply(estimator_sizes)->Args({60000, 1024});
void BM_KsgWide(benchmark::State& state) {
  const EstimatorLayer e = estimator_layer(static_cast<std::size_t>(state.range(0)), static_cast<std::size_t>(state.range(1)));
  KsgOptions o;
  o.threads = 1;
  const KsgEstimator est(o);
  for (auto _ : state) benchmark::DoNotOptimize(est.estimate(e.layer, e.task));
}
BENCHMARK(BM_KsgWide)->Apply(estimator_sizes);  // 60,000 x 1,024 would take over an hour

// The best single-thread GEMM rate at hand: the library's float GEMM (OpenBLAS on the calling
// thread) on two 1024 x 1024 matrices. On this Intel Xeon with AVX-512 it runs at or above both
// FMA loops (69 and 43 GFLOP/s: 512-bit FMA chains here run below their nominal rate), so the
// share of peak is taken against the highest of the three.
void BM_SgemmPeak(benchmark::State& state) {
  constexpr int kN = 1024;
  std::vector<float> a(kN * kN), b(kN * kN), c(kN * kN);
  Rng rng(8);
  for (std::size_t i = 0; i < a.size(); ++i) {
    a[i] = static_cast<float>(rng.uniform());
    b[i] = static_cast<float>(rng.uniform());
  }
  for (auto _ : state) {
    detail::sgemm(CblasNoTrans, CblasNoTrans, kN, kN, kN, a.data(), kN, b.data(), kN, 0.0f, c.data(), kN);
    benchmark::DoNotOptimize(c.data());
  }
  state.counters["FLOP/s"] = benchmark::Counter(static_cast<double>(state.iterations()) * 2.0 * kN * kN * kN,
                                                benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SgemmPeak);

#ifdef __AVX512F__
// The FMA peak of 512-bit vectors (BM_FmaPeak's 12 independent chains, 16 lanes): the GEMM
// uses them where the CPU has them (this machine: AMD EPYC with AVX-512), and there it
// runs above BM_FmaPeak's 256-bit figure, so the wide layers' share of peak is taken against
// this one. FLOP = 2 x 16 lanes per FMA.
__attribute__((noinline)) float fma_chains512(int inner) {
  const __m512 a = _mm512_set1_ps(0.999999f), b = _mm512_set1_ps(1e-7f);
  __m512 c[12];
  for (int k = 0; k < 12; ++k) c[k] = _mm512_set1_ps(0.1f * static_cast<float>(k));
  for (int it = 0; it < inner; ++it) {
    for (int k = 0; k < 12; ++k) c[k] = _mm512_fmadd_ps(c[k], a, b);
    asm volatile("" : "+v"(c[0]), "+v"(c[1]), "+v"(c[2]), "+v"(c[3]), "+v"(c[4]), "+v"(c[5]));
    asm volatile("" : "+v"(c[6]), "+v"(c[7]), "+v"(c[8]), "+v"(c[9]), "+v"(c[10]), "+v"(c[11]));
  }
  __m512 sum = c[0];
  for (int k = 1; k < 12; ++k) sum = _mm512_add_ps(sum, c[k]);
  return _mm512_reduce_add_ps(sum);
}
void BM_FmaPeak512(benchmark::State& state) {
  constexpr int kInner = 1000;
  for (auto _ : state) benchmark::DoNotOptimize(fma_chains512(kInner));
  state.counters["FLOP/s"] = benchmark::Counter(static_cast<double>(state.iterations()) * kInner * 12 * 32,
                                                benchmark::Counter::kIsRate);
}
BENCHMARK(BM_FmaPeak512);
#endif

}  // namespace
}  // namespace infoplane::bench
