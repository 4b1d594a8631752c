// The training loop's layer kernels one at a time, on one 512-sample chunk of the headline
// network's widest layers, with hot caches: how close each gets to BM_FmaPeak (FLOP = 2 per
// multiply-add per sample) and how many cycles a vector of tanh takes. The whole epoch
// (BM_TrainEpoch) is the sum of these and the work around them.
//
//   infoplane_bench --benchmark_filter='BM_FmaPeak|BM_Layer'
#include <benchmark/benchmark.h>

#include "infoplane/nn/fast_network.hpp"
#include "nn/detail/fast_kernels.hpp"

namespace infoplane::bench {
namespace {

using detail::kStride;
constexpr int kCols = 512;  // one chunk: the reference batch

// Activation-like values in [-0.5, 0.5] (no denormals, no saturation).
AlignedFloats filled(std::size_t n) {
  AlignedFloats a(n);
  for (std::size_t k = 0; k < n; ++k) a.data()[k] = static_cast<float>(k % 11) / 10.0f - 0.5f;
  return a;
}

void set_flops(benchmark::State& state, double multiply_adds_per_call) {
  state.counters["FLOP/s"] = benchmark::Counter(2.0 * multiply_adds_per_call * static_cast<double>(state.iterations()),
                                                benchmark::Counter::kIsRate);
}

// Forward products of the first layer (12 inputs -> 10 units), without the activation.
void BM_LayerForward12x10(benchmark::State& state) {
  const AlignedFloats in = filled(12 * kStride), w8 = filled(120 * 8), b8 = filled(10 * 8);
  AlignedFloats out(10 * kStride);
  for (auto _ : state) {
    detail::forward_layer<12, Activation::kLinear>(w8.data(), b8.data(), 12, 10, in.data(), out.data(), kCols);
    benchmark::DoNotOptimize(out.data());
  }
  set_flops(state, 120.0 * kCols);
}
BENCHMARK(BM_LayerForward12x10);

// tanh8 over 10 rows of a chunk (the first layer's activation pass). Counter: seconds per
// vector of 8 values.
void BM_LayerTanhPass(benchmark::State& state) {
  AlignedFloats rows = filled(10 * kStride);
  for (auto _ : state) {
    for (int j = 0; j < 10; ++j) {
      float* row = rows.data() + j * kStride;
      for (int c = 0; c < kCols; c += 8) _mm256_store_ps(row + c, simd::tanh8(_mm256_load_ps(row + c)));
    }
    benchmark::DoNotOptimize(rows.data());
  }
  state.counters["s/vector"] = benchmark::Counter(static_cast<double>(state.iterations()) * 10 * kCols / 8,
                                                  benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_LayerTanhPass);

// Weight gradient of the first layer: 10 delta rows x 12 input rows.
void BM_LayerWeightGrad12x10(benchmark::State& state) {
  const AlignedFloats delta = filled(10 * kStride), in = filled(12 * kStride);
  AlignedFloats gw(120 * 8), gb(10 * 8);
  for (auto _ : state) {
    detail::accumulate_weight_grad<12>(delta.data(), in.data(), 12, 10, gw.data(), gb.data(), kCols);
    benchmark::DoNotOptimize(gw.data());
  }
  set_flops(state, 120.0 * kCols);
}
BENCHMARK(BM_LayerWeightGrad12x10);

// Deltas of the first hidden layer (10 units) from the second's (7 units), tanh derivative.
void BM_LayerBackpropDelta7to10(benchmark::State& state) {
  const AlignedFloats w8 = filled(70 * 8), delta = filled(7 * kStride), act = filled(10 * kStride);
  AlignedFloats delta_in(10 * kStride);
  for (auto _ : state) {
    detail::backprop_delta<7, Activation::kTanh>(w8.data(), delta.data(), act.data(), 10, 7, delta_in.data(), kCols);
    benchmark::DoNotOptimize(delta_in.data());
  }
  set_flops(state, 70.0 * kCols);
}
BENCHMARK(BM_LayerBackpropDelta7to10);

}  // namespace
}  // namespace infoplane::bench
