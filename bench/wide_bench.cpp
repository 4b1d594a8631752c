// Wide networks on image-sized inputs (issue 14): one epoch of 8,000 synthetic 784-pixel
// images (uniform in [0, 1), 10 labels; the cost does not depend on the values), Adam, tanh,
// no recording, for 784-64-32-16-10 and Saxe et al.'s 784-1024-20-20-20-10 at batch 128 and
// 512, on 1 thread (one network) and 2 threads (two networks side by side, the trainer's
// scheme). Counters: network-epochs/s and FLOP/s (bench_support.hpp's multiply-add count).
// bench/compare-pytorch.sh --wide runs these against the PyTorch loop (bench/pytorch_wide.py).
//
//   infoplane_bench --benchmark_filter='BM_Wide'
#include <benchmark/benchmark.h>

#include <vector>

#include "bench_support.hpp"
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
  for (auto _ : state) {
    ++o.epochs;
    train_ensemble_from(task, splits, o, {}, states, nullptr);
  }
  const double network_epochs = static_cast<double>(state.iterations()) * networks;
  state.counters["network-epochs/s"] = benchmark::Counter(network_epochs, benchmark::Counter::kIsRate);
  state.counters["FLOP/s"] = benchmark::Counter(
      network_epochs * kImages * (forward_flops(o.spec) + backward_flops(o.spec)), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_WideEpoch)
    ->ArgNames({"net", "batch", "threads", "stats"})
    ->ArgsProduct({{0, 1}, {128, 512}, {1, 2}, {0, 1}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace infoplane::bench
