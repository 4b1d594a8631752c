#include "infoplane/run/experiment_runner.hpp"

#include <filesystem>

#include <nlohmann/json.hpp>

#include "infoplane/io/atomic_file.hpp"
#include "infoplane/io/plot_runner.hpp"
#include "infoplane/io/results_destination.hpp"
#include "infoplane/io/results_store.hpp"
#include "infoplane/observe/progress.hpp"
#include "infoplane/run/checkpoint.hpp"
#include "infoplane/run/setting_pipeline.hpp"
#include "infoplane/task/make_task.hpp"
#include "infoplane/task/task_information.hpp"

namespace fs = std::filesystem;

namespace infoplane {
namespace {

struct SettingPaths {
  fs::path dir, results, checkpoint, checkpoint_results, summary_md, summary_json, figures;
  explicit SettingPaths(const fs::path& d)
      : dir(d), results(d / "results.h5"), checkpoint(d / "checkpoint.bin"),
        checkpoint_results(d / "checkpoint-results.h5"), summary_md(d / "summary.md"),
        summary_json(d / "summary.json"), figures(d / "figures") {}
};

class SettingRun {
 public:
  SettingRun(const ExperimentConfig& experiment, const ExperimentSetting& setting,
             const RunOptions& options, const fs::path& dir)
      : experiment_(experiment), setting_(setting), options_(options), paths_(dir) {}

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
    const std::string resolved = resolved_setting_toml(experiment_, setting_);
    const std::uint64_t fingerprint = config_fingerprint(resolved);
    SettingPipeline pipeline(setting_.config, task, resolved);
    if (options_.resume && has_checkpoint && !options_.force) {
      try {
        pipeline.resume(read_checkpoint(paths_.checkpoint.string(), fingerprint),
                        read_results(paths_.checkpoint_results.string()));
      } catch (const RunInterrupted&) {
        throw;
      } catch (const Error& e) {
        throw Error(paths_.checkpoint.string() + ": " + e.what());
      }
      say("resuming from " + paths_.checkpoint.string());
    }

    ProgressReporter progress(stderr, options_.progress_bar,
                              static_cast<long long>(pipeline.n_networks()) * pipeline.epochs());
    std::vector<TrainingObserver*> observers = options_.observers;
    if (!options_.quiet) observers.push_back(&progress);
    say("training " + std::to_string(pipeline.n_networks()) + " networks x " +
        std::to_string(pipeline.epochs()) + " epochs on " + task.name);
    const bool finished = pipeline.train(observers, options_.stop);
    if (!options_.quiet) progress.finish();

    if (!finished) {
      // The checkpoint's states go last: a checkpoint.bin is only ever beside the recorded
      // values it belongs to.
      write_results(paths_.checkpoint_results.string(), pipeline.recorded(), true);
      write_checkpoint(paths_.checkpoint.string(), fingerprint, pipeline.states());
      throw RunInterrupted("interrupted: checkpoint saved in " + paths_.dir.string() +
                           "; rerun the same command with --resume to continue");
    }

    const RunResults results = pipeline.finish();
    write_results(paths_.results.string(), results, true);
    fs::remove(paths_.checkpoint);
    fs::remove(paths_.checkpoint_results);
    say("wrote " + paths_.results.string());

    outcome.summary = summary_of(results, task);
    write_file_atomically(paths_.summary_md.string(),
                          "# " + experiment_.name + ": " + setting_.label + "\n\n" +
                              summary_markdown(outcome.summary),
                          true);
    write_file_atomically(paths_.summary_json.string(), summary_json(outcome.summary) + "\n", true);
    const OutputSettings& output = setting_.config.output;
    if (output.figures) {
      const auto files = plot_results({{paths_.results.string()}, paths_.figures.string(), output.movie});
      say("figures: " + std::to_string(files.size()) + " files in " + paths_.figures.string());
    }
    return outcome;
  }

 private:
  const Task& make_task_once() {
    const auto& t = setting_.config.train.task;
    if (task_.n_patterns() == 0) task_ = make_task(t.rule, t.rule_seed);
    return task_;
  }

  RunSummary summary_of(const RunResults& results, const Task& task) const {
    return summarize(results, summary_estimator(results), mutual_information_xy_bits(task),
                     setting_.config.info.dpi_tol_bits);
  }

  void say(const std::string& line) const {
    if (options_.log) options_.log("[" + setting_.label + "] " + line);
  }

  const ExperimentConfig& experiment_;
  const ExperimentSetting& setting_;
  const RunOptions& options_;
  SettingPaths paths_;
  Task task_;
};

}  // namespace

std::string resolved_setting_toml(const ExperimentConfig& config, const ExperimentSetting& setting) {
  RunConfig run = setting.config;
  run.train.training.threads = 0;
  return resolved_experiment_toml(config.name, setting.label, config.description, run);
}

std::vector<SettingOutcome> run_experiment(const ExperimentConfig& given, const RunOptions& options) {
  ExperimentConfig config = given;
  apply_overrides(config, options.overrides);  // every setting checked before any trains
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
    write_file_atomically((root / "summary.md").string(), markdown, true);
    write_file_atomically((root / "summary.json").string(), json.dump(2) + "\n", true);
    if (config.settings.front().config.output.figures) {
      std::vector<std::string> files;
      for (const auto& o : outcomes) files.push_back(o.results_path);
      plot_results({files, (root / "grid").string(), false, true});
    }
  }
  return outcomes;
}

}  // namespace infoplane
