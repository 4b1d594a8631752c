#include "infoplane/run/experiment_runner.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "infoplane/ib/ib_curve.hpp"
#include "infoplane/ib/ib_problem.hpp"
#include "infoplane/ib/ib_results.hpp"
#include "infoplane/info/binning.hpp"
#include "infoplane/info/info_plane_recorder.hpp"
#include "infoplane/io/plot_runner.hpp"
#include "infoplane/io/results_destination.hpp"
#include "infoplane/io/results_store.hpp"
#include "infoplane/run/checkpoint.hpp"
#include "infoplane/run/layer_beta_recorder.hpp"
#include "infoplane/task/make_task.hpp"
#include "infoplane/task/task_information.hpp"
#include "infoplane/train/experiment.hpp"
#include "infoplane/train/progress.hpp"
#include "infoplane/train/results_recorder.hpp"
#include "infoplane/train/trainer.hpp"

namespace fs = std::filesystem;

namespace infoplane {
namespace {

void write_text(const fs::path& path, const std::string& text) {
  const fs::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) throw Error(path.string() + ": cannot write");
  }
  fs::rename(tmp, path);
}

std::string toml_bool(bool v) { return v ? "true" : "false"; }

// The estimator whose values the summary reports: binning when it ran (the paper's), else the
// first series.
std::string summary_estimator(const RunResults& results) {
  for (const auto& s : results.info)
    if (s.estimator == "binning") return s.estimator;
  return results.info.front().estimator;
}

// Recorded epochs at which beta* is fitted: each requested epoch snaps to the nearest recorded
// one (the log schedule skips most epochs), plus the last recorded epoch when asked.
std::vector<int> beta_star_epochs(const IBSettings& ib, const std::vector<int>& recorded) {
  std::vector<int> epochs;
  if (recorded.empty()) return epochs;
  for (int e : ib.beta_star_epochs) {
    const auto after = std::lower_bound(recorded.begin(), recorded.end(), e);
    if (after == recorded.end()) epochs.push_back(recorded.back());
    else if (after == recorded.begin() || *after - e <= e - *(after - 1)) epochs.push_back(*after);
    else epochs.push_back(*(after - 1));
  }
  if (ib.beta_star_last) epochs.push_back(recorded.back());
  std::sort(epochs.begin(), epochs.end());
  epochs.erase(std::unique(epochs.begin(), epochs.end()), epochs.end());
  return epochs;
}

struct SettingPaths {
  fs::path dir, results, checkpoint, checkpoint_results, summary_md, summary_json, figures;
  explicit SettingPaths(const fs::path& d)
      : dir(d), results(d / "results.h5"), checkpoint(d / "checkpoint.bin"),
        checkpoint_results(d / "checkpoint-results.h5"), summary_md(d / "summary.md"),
        summary_json(d / "summary.json"), figures(d / "figures") {}
};

class SettingRun {
 public:
  SettingRun(const ExperimentConfig& experiment, ExperimentSetting setting,
             const RunOptions& options, const fs::path& dir)
      : experiment_(experiment), setting_(std::move(setting)), options_(options), paths_(dir) {
    auto& training = setting_.train.training;
    if (options.threads > 0) training.threads = options.threads;
    if (options.networks > 0) training.networks = options.networks;
    if (options.epochs > 0) training.epochs = options.epochs;
    validate_train_config(setting_.train, "setting \"" + setting_.label + "\"");
  }

  SettingOutcome run() {
    SettingOutcome outcome{setting_.label, paths_.dir.string(), paths_.results.string(), false, {}};
    const bool has_checkpoint = fs::exists(paths_.checkpoint);
    if (fs::exists(paths_.results) && options_.resume && !options_.force) {
      say("finished earlier: " + paths_.results.string());
      outcome.skipped = true;
      outcome.summary = summary_of(read_results(paths_.results.string()), make_task_once());
      return outcome;
    }
    fs::create_directories(paths_.dir);
    if (!options_.force) {
      check_results_destination(paths_.results.string(), false);
      if (has_checkpoint && !options_.resume)
        throw Error(paths_.dir.string() + ": holds an interrupted run's checkpoint: pass --resume "
                    "to continue it, or --force to start over");
    }

    const Task& task = make_task_once();
    const TrainerOptions trainer = make_trainer_options(setting_.train, task);
    const std::vector<Split> splits = draw_ensemble_splits(task, setting_.train);
    const int n_networks = setting_.train.training.networks;
    const std::vector<int> widths(trainer.spec.widths.begin() + 1, trainer.spec.widths.end());
    const std::string resolved = resolved_setting_toml(experiment_, setting_);
    const std::uint64_t fingerprint = config_fingerprint(resolved);

    RunResults results;
    results.metadata = make_run_metadata(setting_.train);
    results.metadata.config_toml = resolved;
    ResultsRecorder recorder(results, n_networks, trainer.epochs, trainer.record_epochs, widths);
    InfoPlaneRecorder info(task, trainer.record_epochs, n_networks, static_cast<int>(widths.size()),
                           experiment_.info.estimators, experiment_.info.options,
                           experiment_.info.dpi_tol_bits);
    LayerBetaRecorder betas(task, beta_star_epochs(experiment_.ib, trainer.record_epochs),
                            n_networks, static_cast<int>(widths.size()),
                            experiment_.ib.beta_star_networks,
                            binning_options_from(experiment_.info.options));
    ProgressReporter progress(stderr, options_.progress_bar,
                              static_cast<long long>(n_networks) * trainer.epochs);
    std::vector<TrainingObserver*> observers{&recorder, &info, &betas};
    if (!options_.quiet) observers.push_back(&progress);
    observers.insert(observers.end(), options_.observers.begin(), options_.observers.end());

    std::vector<NetworkState> states(splits.size());
    if (options_.resume && has_checkpoint && !options_.force) {
      states = read_checkpoint(paths_.checkpoint.string(), fingerprint);
      if (states.size() != splits.size())
        throw Error(paths_.checkpoint.string() + ": checkpoint holds " +
                    std::to_string(states.size()) + " networks, the experiment " +
                    std::to_string(splits.size()));
      restore_partial(read_results(paths_.checkpoint_results.string()), results, info, betas);
      say("resuming from " + paths_.checkpoint.string());
    }

    say("training " + std::to_string(n_networks) + " networks x " +
        std::to_string(trainer.epochs) + " epochs on " + task.name);
    const bool finished = train_ensemble_from(task, splits, trainer, observers, states, options_.stop);
    if (!options_.quiet) progress.finish();
    results.info = info.series();
    if (!betas.series().epochs.empty()) results.layer_beta = betas.series();

    if (!finished) {
      write_results(paths_.checkpoint_results.string(), results, true);
      write_checkpoint(paths_.checkpoint.string(), fingerprint, states);
      throw RunInterrupted("interrupted: checkpoint saved in " + paths_.dir.string() +
                           "; rerun the same command with --resume to continue");
    }

    if (experiment_.ib.curve) {
      IBCurveOptions ib;
      ib.beta_min = experiment_.ib.beta_min;
      ib.beta_max = experiment_.ib.beta_max;
      ib.n_betas = experiment_.ib.points;
      const bool classes = !task.pattern_class.empty();
      results.ib_curve = to_ib_curve_series(compute_ib_curve(ib_problem_from_task(task, classes), ib));
    }
    write_results(paths_.results.string(), results, true);
    fs::remove(paths_.checkpoint);
    fs::remove(paths_.checkpoint_results);
    say("wrote " + paths_.results.string());

    outcome.summary = summary_of(results, task);
    write_text(paths_.summary_md, "# " + experiment_.name + ": " + setting_.label + "\n\n" +
                                      summary_markdown(outcome.summary));
    write_text(paths_.summary_json, summary_json(outcome.summary) + "\n");
    if (options_.figures && experiment_.output.figures) {
      const auto files = plot_results({{paths_.results.string()}, paths_.figures.string(),
                                       options_.movie && experiment_.output.movie});
      say("figures: " + std::to_string(files.size()) + " files in " + paths_.figures.string());
    }
    return outcome;
  }

 private:
  const Task& make_task_once() {
    if (task_.n_patterns() == 0) task_ = make_task(setting_.train.task.rule, setting_.train.task.rule_seed);
    return task_;
  }

  static RunSummary summary_of(const RunResults& results, const Task& task) {
    return summarize(results, summary_estimator(results), mutual_information_xy_bits(task));
  }

  // Puts back what an interrupted run had recorded; each network then overwrites only the
  // slots of the epochs it still trains, so the final arrays equal an uninterrupted run's.
  static void restore_partial(const RunResults& saved, RunResults& results, InfoPlaneRecorder& info,
                              LayerBetaRecorder& betas) {
    if (saved.recorded_epochs != results.recorded_epochs ||
        saved.metrics.train_loss.size() != results.metrics.train_loss.size() ||
        saved.gradients.mean_norm.size() != results.gradients.mean_norm.size())
      throw Error("the checkpoint's recorded epochs or shapes differ from the experiment's");
    results.metrics = saved.metrics;
    results.gradients = saved.gradients;
    info.restore(saved.info);
    if (saved.layer_beta) betas.restore(*saved.layer_beta);
  }

  void say(const std::string& line) const {
    if (options_.log) options_.log("[" + setting_.label + "] " + line);
  }

  const ExperimentConfig& experiment_;
  ExperimentSetting setting_;
  const RunOptions& options_;
  SettingPaths paths_;
  Task task_;
};

}  // namespace

std::string resolved_setting_toml(const ExperimentConfig& config, const ExperimentSetting& setting) {
  std::ostringstream out;
  out << "# experiment \"" << config.name << "\", setting \"" << setting.label << "\"\n";
  // The thread count never changes results (one network per thread task), so it is left out:
  // a run interrupted on 2 threads resumes on 1 with the same configuration.
  TrainConfig train = setting.train;
  train.training.threads = 0;
  out << to_toml(train) << "\n[info]\nestimators = [";
  for (std::size_t i = 0; i < config.info.estimators.size(); ++i)
    out << (i ? ", " : "") << '"' << config.info.estimators[i] << '"';
  const auto& o = config.info.options;
  out << "]\nbins = " << o.bins << "\nrange = \"" << o.range << "\"\nrange_lo = " << o.range_lo
      << "\nrange_hi = " << o.range_hi << "\nreference_digitize = " << toml_bool(o.reference_digitize)
      << "\nsigma2 = " << o.sigma2 << "\nk = " << o.k << "\ndpi_tol_bits = " << config.info.dpi_tol_bits
      << "\n\n[ib]\ncurve = " << toml_bool(config.ib.curve) << "\nbeta_min = " << config.ib.beta_min
      << "\nbeta_max = " << config.ib.beta_max << "\npoints = " << config.ib.points
      << "\nbeta_star_epochs = [";
  for (std::size_t i = 0; i < config.ib.beta_star_epochs.size(); ++i)
    out << (i ? ", " : "") << config.ib.beta_star_epochs[i];
  out << "]\nbeta_star_last = " << toml_bool(config.ib.beta_star_last)
      << "\nbeta_star_networks = " << config.ib.beta_star_networks << "\n";
  return out.str();
}

std::vector<SettingOutcome> run_experiment(const ExperimentConfig& config, const RunOptions& options) {
  const fs::path root = fs::path(options.out_root) / config.name;
  std::vector<SettingOutcome> outcomes;
  for (const auto& setting : config.settings) {
    const fs::path dir = config.settings.size() == 1 ? root : root / label_to_folder(setting.label);
    outcomes.push_back(SettingRun(config, setting, options, dir).run());
  }

  std::string markdown = "# " + config.name + "\n\n" + config.description + "\n";
  nlohmann::json json = nlohmann::json::array();
  for (const auto& o : outcomes) {
    markdown += "\n## " + o.label + "\n\n" + summary_markdown(o.summary);
    json.push_back({{"label", o.label}, {"results", o.results_path},
                    {"summary", nlohmann::json::parse(summary_json(o.summary))}});
  }
  fs::create_directories(root);
  if (config.settings.size() > 1) {
    write_text(root / "summary.md", markdown);
    write_text(root / "summary.json", json.dump(2) + "\n");
    if (options.figures && config.output.figures) {
      std::vector<std::string> files;
      for (const auto& o : outcomes) files.push_back(o.results_path);
      plot_results({files, (root / "grid").string(), false, true});
    }
  }
  return outcomes;
}

}  // namespace infoplane
