// Google Benchmark kernels: the machine's FMA peak, one training epoch of one headline network,
// the forward pass of all 4096 patterns, and the cost of the per-epoch gradient statistics.
#include <benchmark/benchmark.h>
#include <immintrin.h>

#include "bench_support.hpp"
#include "infoplane/nn/fast_network.hpp"
#include "infoplane/train/trainer.hpp"

namespace infoplane::bench {
namespace {

// Peak float32 FMA throughput of one core, and the same with memory operands:
// Loads = 0: 12 independent chains c = c * a + b in registers (12 chains hide the FMA latency:
//            4 cycles x 2 pipes needs >= 8);
// Loads = 1, 2: c += x * a or c += x * y with x, y 256-bit loads from L1 (6 KB), as the layer
//            kernels load about one vector per FMA (a weight or an activation). Their share of
//            the Loads = 0 rate tells how many vector loads per cycle the core sustains: a ceiling
//            for the layer kernels below the FMA peak (figures in bench/README.md).
// kInner x 12 FMAs per call; a separate function, not inlined into the benchmark loop, so that the
// accumulators stay in registers. FLOP = 2 x 8 lanes per FMA.
constexpr int kInner = 1000;

template <int Loads>
__attribute__((noinline)) float fma_chains(const float* m) {
  const __m256 a = _mm256_set1_ps(0.999999f), b = _mm256_set1_ps(1e-7f);
  __m256 c0 = _mm256_set1_ps(0.0f), c1 = _mm256_set1_ps(0.1f), c2 = _mm256_set1_ps(0.2f), c3 = _mm256_set1_ps(0.3f);
  __m256 c4 = _mm256_set1_ps(0.4f), c5 = _mm256_set1_ps(0.5f), c6 = _mm256_set1_ps(0.6f), c7 = _mm256_set1_ps(0.7f);
  __m256 c8 = _mm256_set1_ps(0.8f), c9 = _mm256_set1_ps(0.9f), c10 = _mm256_set1_ps(1.0f), c11 = _mm256_set1_ps(1.1f);
  for (int it = 0; it < kInner; ++it) {
    const float* p = m + (it & 7) * 96;  // 12 vectors of the first operand
    const float* q = p + 8 * 96;         // and of the second
    const auto fma = [&](int k, __m256 acc) {
      if constexpr (Loads == 0) return _mm256_fmadd_ps(acc, a, b);
      const __m256 y = Loads == 1 ? a : _mm256_load_ps(q + 8 * k);
      return _mm256_fmadd_ps(_mm256_load_ps(p + 8 * k), y, acc);
    };
    c0 = fma(0, c0); c1 = fma(1, c1); c2 = fma(2, c2); c3 = fma(3, c3); c4 = fma(4, c4); c5 = fma(5, c5);
    c6 = fma(6, c6); c7 = fma(7, c7); c8 = fma(8, c8); c9 = fma(9, c9); c10 = fma(10, c10); c11 = fma(11, c11);
    // Registers only: an empty asm that "reads and writes" them stops the compiler from
    // collapsing the chains, and costs no instruction.
    asm volatile("" : "+x"(c0), "+x"(c1), "+x"(c2), "+x"(c3), "+x"(c4), "+x"(c5));
    asm volatile("" : "+x"(c6), "+x"(c7), "+x"(c8), "+x"(c9), "+x"(c10), "+x"(c11));
  }
  const __m256 sum = _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(c0, c1), _mm256_add_ps(c2, c3)),
                                   _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(c4, c5), _mm256_add_ps(c6, c7)),
                                                 _mm256_add_ps(_mm256_add_ps(c8, c9), _mm256_add_ps(c10, c11))));
  return _mm256_cvtss_f32(sum);
}

template <int Loads>
void BM_FmaChains(benchmark::State& state) {
  AlignedFloats memory(2 * 8 * 96);  // 8 rotating blocks of 12 vectors per operand
  for (std::size_t k = 0; k < memory.size(); ++k) memory.data()[k] = 1e-7f;
  for (auto _ : state) benchmark::DoNotOptimize(fma_chains<Loads>(memory.data()));
  state.counters["FLOP/s"] = benchmark::Counter(static_cast<double>(state.iterations()) * kInner * 12 * 16,
                                                benchmark::Counter::kIsRate);
}
BENCHMARK(BM_FmaChains<0>)->Name("BM_FmaPeak");
BENCHMARK(BM_FmaChains<1>)->Name("BM_FmaPeakWithLoads/1");
BENCHMARK(BM_FmaChains<2>)->Name("BM_FmaPeakWithLoads/2");

TrainerOptions headline_options(const Task& task, int epochs) {
  TrainConfig c;  // reference-code preset: Adam, lr 4e-4, batch 512, 12-10-7-5-4-3-2 tanh
  c.training.epochs = epochs;
  c.training.record.mode = RecordMode::kList;
  c.training.record.epochs = {epochs};
  return make_trainer_options(c, task);
}

// One epoch of one network (Adam, batch 512, 3482 samples) without recording.
void epoch_bench(benchmark::State& state, bool gradient_stats) {
  const Task task = twelve_bit_task();
  const Split split = bench_split(task, 1);
  TrainerOptions o = headline_options(task, 1000000);
  o.record_epochs.clear();
  o.gradient_stats = gradient_stats;
  NetworkState s = initial_state(o, 0, split.train.pattern.size());
  constexpr int kEpochs = 200;  // per iteration: amortises train_network's setup (input tables, ~0.3 ms)
  for (auto _ : state) train_network(task, split, o, s, s.epoch + kEpochs, {});
  const double flops = 3482.0 * (forward_flops(o.spec) + backward_flops(o.spec));
  const double epochs = static_cast<double>(state.iterations()) * kEpochs;
  state.counters["epochs/s"] = benchmark::Counter(epochs, benchmark::Counter::kIsRate);
  state.counters["us/epoch"] = benchmark::Counter(epochs * 1e-6, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["FLOP/s"] = benchmark::Counter(flops * epochs, benchmark::Counter::kIsRate);
}
void BM_TrainEpoch(benchmark::State& state) { epoch_bench(state, true); }
void BM_TrainEpochNoGradientStats(benchmark::State& state) { epoch_bench(state, false); }
BENCHMARK(BM_TrainEpoch)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_TrainEpochNoGradientStats)->Unit(benchmark::kMicrosecond);

void BM_BatchGradient512(benchmark::State& state) {
  const Task task = twelve_bit_task();
  const Split split = bench_split(task, 1);
  const TrainerOptions o = headline_options(task, 1);
  const FeatureMajorInputs inputs(task.inputs);
  FastNetwork net(o.spec, inputs);
  const NetworkState s = initial_state(o, 0, 3482);
  std::vector<float> grad(o.spec.n_params());
  const std::span<const int> rows(split.train.pattern.data(), 512), labels(split.train.label.data(), 512);
  for (auto _ : state) {
    net.batch_gradient(s.params.data(), rows, labels, grad.data());
    benchmark::DoNotOptimize(grad.data());
  }
  state.counters["FLOP/s"] = benchmark::Counter(512.0 * (forward_flops(o.spec) + backward_flops(o.spec)) * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_BatchGradient512)->Unit(benchmark::kMicrosecond);

void BM_ForwardAll4096(benchmark::State& state) {
  const Task task = twelve_bit_task();
  const TrainerOptions o = headline_options(task, 1);
  const FeatureMajorInputs inputs(task.inputs);
  FastNetwork net(o.spec, inputs);
  const NetworkState s = initial_state(o, 0, 3482);
  std::vector<Matrix<float>> layers;
  Matrix<float> logits;
  for (auto _ : state) {
    net.forward_all(s.params.data(), layers, logits);
    benchmark::DoNotOptimize(layers.data());
  }
  state.counters["FLOP/s"] = benchmark::Counter(4096.0 * forward_flops(o.spec) * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ForwardAll4096)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace infoplane::bench
