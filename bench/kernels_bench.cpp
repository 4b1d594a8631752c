// Google Benchmark kernels: the machine's FMA peak, one training epoch of one headline network,
// the forward pass of all 4096 patterns, and the cost of the per-epoch gradient statistics.
#include <benchmark/benchmark.h>
#include <immintrin.h>

#include "bench_support.hpp"
#include "infoplane/nn/fast_network.hpp"
#include "infoplane/train/trainer.hpp"

namespace infoplane::bench {
namespace {

// Peak float32 FMA throughput of one core: 12 independent accumulator chains hide the FMA
// latency (4 cycles x 2 pipes needs >= 8). FLOP = 2 x 8 lanes per FMA.
void BM_FmaPeak(benchmark::State& state) {
  __m256 acc[12];
  for (int k = 0; k < 12; ++k) acc[k] = _mm256_set1_ps(0.001f * static_cast<float>(k));
  const __m256 a = _mm256_set1_ps(0.999999f), b = _mm256_set1_ps(1e-7f);
  constexpr int kInner = 1000;
  for (auto _ : state) {
    for (int it = 0; it < kInner; ++it) {
      for (int k = 0; k < 12; ++k) {
        acc[k] = _mm256_fmadd_ps(acc[k], a, b);
        asm volatile("" : "+x"(acc[k]));  // keep every chain alive
      }
    }
  }
  float sink = 0;
  for (auto& v : acc) sink += _mm256_cvtss_f32(v);
  benchmark::DoNotOptimize(sink);
  state.counters["FLOP/s"] = benchmark::Counter(static_cast<double>(state.iterations()) * kInner * 12 * 16,
                                                benchmark::Counter::kIsRate);
}
BENCHMARK(BM_FmaPeak);

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
  constexpr int kEpochs = 20;  // per iteration, so that train_network's setup is amortised
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
