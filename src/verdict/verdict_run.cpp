// The verdict's rerun and statistics; see include/infoplane/verdict/verdict_run.hpp.
#include "infoplane/verdict/verdict_run.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <numeric>

#include "infoplane/core/error.hpp"
#include "infoplane/results/series_index.hpp"
#include "infoplane/task/make_task.hpp"
#include "infoplane/train/trainer.hpp"

namespace infoplane {
namespace fs = std::filesystem;
namespace {

// A line per network once its last recorded epoch is measured.
class NetworkDone : public TrainingObserver {
 public:
  NetworkDone(int last_epoch, int n, std::function<void(const std::string&)> progress)
      : last_(last_epoch), n_(n), progress_(std::move(progress)) {}
  void on_recorded_epoch(int network, int epoch, const std::vector<Matrix<float>>&, const EpochMetrics&) override {
    if (epoch != last_ || !progress_) return;
    const std::lock_guard lock(mutex_);
    ++done_;
    progress_("verdict: network " + std::to_string(network) + " measured (" + std::to_string(done_) + " of " +
              std::to_string(n_) + ")");
  }

 private:
  int last_, n_, done_ = 0;
  std::function<void(const std::string&)> progress_;
  std::mutex mutex_;
};

}  // namespace

std::vector<std::string> verdict_results_files(const std::string& source) {
  std::error_code ec;
  if (fs::is_regular_file(source, ec)) return {source};
  if (fs::is_directory(source, ec)) {
    const fs::path own = fs::path(source) / "results.h5";
    if (fs::is_regular_file(own, ec)) return {own.string()};
    std::vector<std::string> out;
    for (const auto& entry : fs::directory_iterator(source, ec)) {
      const fs::path file = entry.path() / "results.h5";
      if (entry.is_directory(ec) && fs::is_regular_file(file, ec)) out.push_back(file.string());
    }
    std::sort(out.begin(), out.end());
    if (!out.empty()) return out;
  }
  throw Error("verdict " + source +
              ": expected a results file, or a run folder holding results.h5 (or settings' folders that do)");
}

RunConfig verdict_config(const RunResults& stored, const std::string& results_file,
                         const std::string& verdict_toml, const std::string& verdict_source,
                         const std::vector<ParameterOverride>& overrides) {
  if (stored.metadata.config_toml.empty()) {
    throw Error("verdict " + results_file + ": the file holds no resolved configuration (config_toml), so its "
                "networks cannot be rerun (a PyTorch recorder's file?)");
  }
  RunConfig config = parse_run_config(stored.metadata.config_toml, results_file + " (stored configuration)");
  if (!verdict_toml.empty()) config.verdict = parse_run_config(verdict_toml, verdict_source).verdict;
  apply_overrides(config, overrides);
  return config;
}

void judge_planes(const EstimatorGrid& grid, const GridPlanes& planes, const VerdictSettings& settings,
                  VerdictReport& report) {
  const int n = planes.n_networks, n_layers = planes.n_layers;
  const int n_epochs = static_cast<int>(planes.epochs.size());
  const CompressionOptions options{settings.resamples, settings.seed, settings.tolerance_bits};
  report.series.clear();
  report.layers.assign(static_cast<std::size_t>(n_layers), {});
  for (int l = 0; l < n_layers; ++l) {
    LayerVerdict& v = report.layers[static_cast<std::size_t>(l)];
    v.layer = l;
    v.width = l < static_cast<int>(report.layer_widths.size()) ? report.layer_widths[static_cast<std::size_t>(l)] : 0;
    v.of = static_cast<int>(grid.series.size());
  }
  std::vector<double> one(static_cast<std::size_t>(n) * static_cast<std::size_t>(n_epochs));
  for (std::size_t s = 0; s < grid.series.size(); ++s) {
    SeriesVerdict sv;
    sv.series = grid.series[s];
    sv.computation = grid.computations[static_cast<std::size_t>(sv.series.computation)];
    sv.mean_i_xt.assign(static_cast<std::size_t>(n_epochs) * n_layers, 0.0);
    sv.mean_i_ty.assign(sv.mean_i_xt.size(), 0.0);
    for (int l = 0; l < n_layers; ++l) {
      for (int k = 0; k < n; ++k) {
        for (int t = 0; t < n_epochs; ++t) {
          const std::size_t at = series_index(k, t, l, n_epochs, n_layers);
          one[static_cast<std::size_t>(k) * n_epochs + t] = planes.i_xt[s][at];
          sv.mean_i_xt[static_cast<std::size_t>(t) * n_layers + l] += planes.i_xt[s][at] / n;
          sv.mean_i_ty[static_cast<std::size_t>(t) * n_layers + l] += planes.i_ty[s][at] / n;
        }
      }
      const CompressionStats c = compression_statistics(one, n, planes.epochs, options);
      sv.layers.push_back(c);
      report.layers[static_cast<std::size_t>(l)].compresses += c.compresses ? 1 : 0;
      report.layers[static_cast<std::size_t>(l)].significant += c.significant ? 1 : 0;
    }
    report.series.push_back(std::move(sv));
  }
}

VerdictReport run_verdict(const std::string& results_file, const RunResults& stored, const RunConfig& config,
                          const std::function<void(const std::string&)>& progress) {
  const auto start = std::chrono::steady_clock::now();
  const VerdictSettings& settings = config.verdict;
  const Task task = make_task(config.train.task.rule, config.train.task.rule_seed);
  TrainerOptions options = make_trainer_options(config.train, task);
  options.gradient_stats = false;  // not measured; training does not depend on it
  if (options.record_epochs != stored.recorded_epochs || options.epochs != stored.n_epochs ||
      config.train.training.networks != stored.n_networks) {
    throw Error("verdict " + results_file + ": the stored configuration does not give the file's networks and "
                "recorded epochs; the file is not a complete run (an interrupted one: --resume it first)");
  }
  if (settings.networks > stored.n_networks) {
    throw Error("verdict " + results_file + ": verdict.networks = " + std::to_string(settings.networks) +
                ": expected at most the run's " + std::to_string(stored.n_networks) + " networks (flag --first-networks)");
  }
  const int n = settings.networks == 0 ? stored.n_networks : settings.networks;
  if (n < 2) {
    throw Error("verdict " + results_file + ": " + std::to_string(n) +
                " network: expected at least 2 for an interval over networks (flag --first-networks)");
  }
  const EstimatorGrid grid = make_estimator_grid(settings, config.info.options);
  if (grid.series.empty()) throw Error("verdict: the estimator grid is empty (every verdict.* family is \"none\")");
  QuantizeRanges ranges;
  for (int l = 0; l < stored.n_layers(); ++l) {
    ranges.push_back(exact_quantize_range(l, stored.n_layers(), config.train.network.activation,
                                          config.train.network.quantize_bits, config.train.network.quantize_range));
  }
  VerdictRecorder recorder(task, grid, stored, every_kth_epoch(stored.recorded_epochs, settings.epochs_every), n,
                           ranges);
  NetworkDone done(stored.recorded_epochs.back(), n, progress);
  const std::vector<Split> splits = draw_ensemble_splits(task, config.train);
  std::vector<NetworkState> states(splits.size());
  std::vector<int> networks(static_cast<std::size_t>(n));
  std::iota(networks.begin(), networks.end(), 0);
  train_ensemble_from(task, splits, options, {&recorder, &done}, states, nullptr, networks);

  VerdictReport report;
  report.results_file = results_file;
  report.label = fs::path(results_file).parent_path().filename().string();
  report.activation = to_string(config.train.network.activation);
  report.noise_var = config.train.network.noise_var;
  report.quantize_bits = config.train.network.quantize_bits;
  report.settings = settings;
  report.n_networks_run = stored.n_networks;
  report.n_networks = n;
  report.epochs = recorder.planes().epochs;
  report.layer_widths = stored.layer_widths;
  judge_planes(grid, recorder.planes(), settings, report);
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace infoplane
