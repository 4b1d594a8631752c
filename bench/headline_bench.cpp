// The whole-run timer: the headline configuration (12-10-7-5-4-3-2 tanh + softmax, Adam,
// batch 512, 3482 training samples, forward of all 4096 patterns at the recorded epochs of the
// reference schedule, gradient statistics every epoch) for N networks on T threads, for a
// fraction of the 10,000 epochs. Reports network-epochs/s, the extrapolated time of the full
// headline run (50 networks x 10,000 epochs, 279 recorded epochs) and the FLOP rate.
//
//   infoplane_bench --benchmark_filter=BM_HeadlineRun
// Arguments: {networks, epochs, threads}. A run of E < 10,000 epochs records round(279 E / 10,000)
// epochs spread evenly over [0, E], the same share as the full run, so that
// headline_s = (measured seconds) x (50 / networks) x (10,000 / E) extrapolates the whole run;
// with E = 10,000 it records the reference schedule itself and headline_s is the measured time.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <thread>

#include "bench_support.hpp"
#include "infoplane/train/schedule.hpp"
#include "infoplane/train/trainer.hpp"

namespace infoplane::bench {
namespace {

// Counts calls without keeping anything (the information-plane estimators are not timed here).
class CountingObserver : public TrainingObserver {
 public:
  void on_recorded_epoch(int, int, const std::vector<Matrix<float>>& a, const EpochMetrics&) override {
    recorded_.fetch_add(1, std::memory_order_relaxed);
    benchmark::DoNotOptimize(a.data());
  }
  void on_gradient_stats(int, int, const std::vector<LayerGradientStats>& s) override { benchmark::DoNotOptimize(s.data()); }
  std::atomic<long> recorded_{0};
};

void BM_HeadlineRun(benchmark::State& state) {
  const int networks = static_cast<int>(state.range(0));
  const int epochs = static_cast<int>(state.range(1));
  const int threads = static_cast<int>(state.range(2));
  const Task task = twelve_bit_task();
  std::vector<Split> splits;
  for (int i = 0; i < networks; ++i) splits.push_back(bench_split(task, sample_seed(0, i)));
  TrainConfig c;  // reference-code preset
  c.training.epochs = epochs;
  c.training.threads = threads;
  TrainerOptions o = make_trainer_options(c, task);
  const std::vector<int> full_schedule = reference_log_epochs(10000, 400);  // 279 epochs
  if (epochs < 10000) {
    o.record_epochs.clear();
    const int n_rec = std::max(1, static_cast<int>(full_schedule.size() * static_cast<double>(epochs) / 10000.0 + 0.5));
    for (int k = 0; k < n_rec; ++k) o.record_epochs.push_back(static_cast<int>(static_cast<long>(k) * epochs / std::max(1, n_rec - 1)));
    o.record_epochs.erase(std::unique(o.record_epochs.begin(), o.record_epochs.end()), o.record_epochs.end());
  } else {
    o.record_epochs = full_schedule;
  }
  CountingObserver counter;
  for (auto _ : state) train_ensemble(task, splits, o, {&counter});
  const double net_epochs = static_cast<double>(networks) * epochs * static_cast<double>(state.iterations());
  const double train_flops = 3482.0 * (forward_flops(o.spec) + backward_flops(o.spec));
  const double record_flops = 4096.0 * forward_flops(o.spec);
  const double flops = (net_epochs * train_flops +
                        static_cast<double>(networks) * static_cast<double>(o.record_epochs.size()) *
                            static_cast<double>(state.iterations()) * record_flops);
  state.counters["network_epochs/s"] = benchmark::Counter(net_epochs, benchmark::Counter::kIsRate);
  state.counters["FLOP/s"] = benchmark::Counter(flops, benchmark::Counter::kIsRate);
  // Seconds of the full headline run: this run's time scaled by 500,000 / (networks x epochs).
  state.counters["headline_s"] = benchmark::Counter(net_epochs / (50.0 * 10000.0),
                                                    benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["recorded"] = static_cast<double>(counter.recorded_.load());
}
// A fraction: 50 networks x 500 epochs (5% of the headline run), 1 and 2 threads.
BENCHMARK(BM_HeadlineRun)->Args({50, 500, 1})->Args({50, 500, 2})->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);
// The whole headline run (minutes): run with --benchmark_filter=BM_HeadlineRun/50/10000.
BENCHMARK(BM_HeadlineRun)->Args({50, 10000, 2})->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

}  // namespace
}  // namespace infoplane::bench
