// Writing and reading the results file of the headline run: 50 networks x 10,000 epochs x 6
// layers of gradient statistics (3 arrays, 72 MB raw), 279 recorded epochs x 2 estimators.
// Measured (Nov 2026, this project's 2-core machine, shared): write 2.8 s wall / 1.75 s CPU,
// 47.7 MB file (shuffle + deflate 1; no compression: 0.4 s, 75 MB); read 0.3 s.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>

#include "../tests/io/synthetic_results.hpp"
#include "infoplane/io/results_store.hpp"

namespace {

const infoplane::RunResults& headline_results() {
  static const infoplane::RunResults results = [] {
    infoplane::testing::SyntheticShape shape;
    shape.n_networks = 50;
    shape.n_epochs = 10000;
    shape.n_layers = 6;
    shape.n_recorded = 279;
    return infoplane::testing::make_synthetic_results(shape);
  }();
  return results;
}

std::string bench_path() {
  return (std::filesystem::temp_directory_path() /
          ("infoplane_store_bench_" + std::to_string(::getpid()) + ".h5"))
      .string();
}

void BM_WriteHeadlineResults(benchmark::State& state) {
  const auto& results = headline_results();
  const std::string path = bench_path();
  for (auto _ : state) infoplane::write_results(path, results, /*overwrite=*/true);
  state.counters["file_MB"] = double(std::filesystem::file_size(path)) / 1e6;
  std::filesystem::remove(path);
}
BENCHMARK(BM_WriteHeadlineResults)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_ReadHeadlineResults(benchmark::State& state) {
  const std::string path = bench_path();
  infoplane::write_results(path, headline_results(), true);
  for (auto _ : state) benchmark::DoNotOptimize(infoplane::read_results(path));
  std::filesystem::remove(path);
}
BENCHMARK(BM_ReadHeadlineResults)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
