#include "infoplane/run/experiment_runner.hpp"

#include <pthread.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <thread>

#include <nlohmann/json.hpp>

#include "infoplane/io/atomic_file.hpp"
#include "infoplane/io/folder_lock.hpp"
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

// While alive, sets `pause` when `stop` (a signal) is set or every `seconds` (0: never), so that
// training ends at the next epoch boundary for a checkpoint. timed_out() says which.
class PauseTimer {
 public:
  PauseTimer(std::atomic<bool>& pause, const std::atomic<bool>* stop, double seconds)
      : pause_(pause), thread_([this, stop, seconds] {
          const auto start = std::chrono::steady_clock::now();
          while (!done_.load()) {
            if (stop != nullptr && stop->load()) break;
            if (seconds > 0 && std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() >= seconds) {
              timed_out_.store(true);
              break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
          }
          if (!done_.load()) pause_.store(true);
        }) {}
  ~PauseTimer() {
    done_.store(true);
    thread_.join();
  }
  bool timed_out() const { return timed_out_.load(); }

 private:
  std::atomic<bool>& pause_;
  std::atomic<bool> done_{false};
  std::atomic<bool> timed_out_{false};
  std::thread thread_;
};

// SIGINT and SIGTERM wait while a checkpoint is written (a second Ctrl-C, whose default action
// ends the process, would otherwise leave it half written).
class SignalsDeferred {
 public:
  SignalsDeferred() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, &old_);
  }
  ~SignalsDeferred() { pthread_sigmask(SIG_SETMASK, &old_, nullptr); }

 private:
  sigset_t old_;
};

class SettingRun {
 public:
  SettingRun(const ExperimentConfig& experiment, const ExperimentSetting& setting,
             const RunOptions& options, const fs::path& dir)
      : experiment_(experiment), setting_(setting), options_(options), paths_(dir),
        resolved_(resolved_setting_toml(experiment, setting)) {}

  // Everything that can refuse the setting, before any setting trains: the destination, the
  // checkpoint, the task and its data files.
  void prepare() {
    fs::create_directories(paths_.dir);
    has_checkpoint_ = fs::exists(paths_.checkpoint);
    if (fs::exists(paths_.results) && options_.resume && !options_.force) {
      const RunResults earlier = read_results(paths_.results.string());
      if (earlier.metadata.config_toml != resolved_)
        throw Error(paths_.results.string() + ": finished earlier with another configuration than "
                    "this run's (a flag or the experiment file changed); pass --force to replace it, "
                    "or --out for another folder");
      finished_earlier_ = true;
    } else if (!options_.force) {
      check_results_destination(paths_.results.string(), false);
      if (has_checkpoint_ && !options_.resume)
        throw Error(paths_.dir.string() + ": holds an interrupted run's checkpoint: pass --resume "
                    "to continue it, or --force to start over");
    }
    const auto& t = setting_.config.train.task;
    task_ = make_task(t.rule, t.rule_seed);
  }

  SettingOutcome run() {
    SettingOutcome outcome{setting_.label, paths_.dir.string(), paths_.results.string(), false, {}};
    if (finished_earlier_) {
      say("finished earlier: " + paths_.results.string());
      outcome.skipped = true;
      outcome.summary = summary_of(read_results(paths_.results.string()));
      // A run killed after its results file was in place leaves its checkpoint and maybe no
      // summaries: finish its tidying.
      remove_temporary_files();
      fs::remove(paths_.checkpoint);
      fs::remove(paths_.checkpoint_results);
      if (!fs::exists(paths_.summary_md) || !fs::exists(paths_.summary_json)) write_summaries(outcome.summary);
      return outcome;
    }
    fs::create_directories(paths_.dir);
    remove_temporary_files();
    const std::uint64_t fingerprint = config_fingerprint(resolved_);
    SettingPipeline pipeline(setting_.config, task_, resolved_);
    if (options_.resume && has_checkpoint_ && !options_.force) {
      try {
        pipeline.resume(read_checkpoint(paths_.checkpoint.string(), fingerprint),
                        read_results(paths_.checkpoint_results.string()));
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
        std::to_string(pipeline.epochs()) + " epochs on " + task_.name);
    for (;;) {
      std::atomic<bool> pause{false};
      bool timed_out = false;
      bool finished = false;
      {
        PauseTimer timer(pause, options_.stop, options_.checkpoint_seconds);
        finished = pipeline.train(observers, &pause);
        timed_out = timer.timed_out();
      }
      if (finished) break;
      save_checkpoint(pipeline, fingerprint);
      if (!timed_out)
        throw RunInterrupted("interrupted: checkpoint saved in " + paths_.dir.string() +
                             "; rerun the same command with --resume to continue");
    }
    if (!options_.quiet) progress.finish();

    const RunResults results = pipeline.finish();
    try {
      write_results(paths_.results.string(), results, true);
    } catch (const Error& e) {
      // Keep the training (a full disk): with every network finished, a checkpoint lets
      // --resume write the results without training again. If it cannot be written either, the
      // last periodic checkpoint stays.
      bool saved = true;
      try {
        save_checkpoint(pipeline, fingerprint);
      } catch (const Error&) {
        saved = false;
      }
      throw Error(std::string(e.what()) +
                  (saved ? "; the trained networks are saved in " + paths_.checkpoint.string() +
                               ": free space and rerun with --resume"
                         : "; the checkpoint could not be written either"));
    }
    fs::remove(paths_.checkpoint);
    fs::remove(paths_.checkpoint_results);
    say("wrote " + paths_.results.string());

    outcome.summary = summary_of(results);
    write_summaries(outcome.summary);
    const OutputSettings& output = setting_.config.output;
    if (output.figures) {
      const auto files = plot_results({{paths_.results.string()}, paths_.figures.string(), output.movie});
      say("figures: " + std::to_string(files.size()) + " files in " + paths_.figures.string());
    }
    return outcome;
  }

 private:
  // The recorded values first, the states last: a checkpoint.bin is only ever beside the
  // recorded values it belongs to (both replace the previous pair atomically).
  void save_checkpoint(const SettingPipeline& pipeline, std::uint64_t fingerprint) const {
    const SignalsDeferred deferred;
    write_results(paths_.checkpoint_results.string(), pipeline.recorded(), true);
    write_checkpoint(paths_.checkpoint.string(), fingerprint, pipeline.states());
  }

  void write_summaries(const RunSummary& summary) const {
    write_file_atomically(paths_.summary_md.string(),
                          "# " + experiment_.name + ": " + setting_.label + "\n\n" + summary_markdown(summary),
                          true);
    write_file_atomically(paths_.summary_json.string(), summary_json(summary) + "\n", true);
  }

  // Temporary files of a run that was killed while writing (the folder lock says no other run
  // is writing here).
  void remove_temporary_files() const {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(paths_.dir, ec))
      if (entry.path().filename().string().find(".tmp-") != std::string::npos) fs::remove(entry.path(), ec);
  }

  RunSummary summary_of(const RunResults& results) const {
    return summarize(results, summary_estimator(results), mutual_information_xy_bits(task_),
                     setting_.config.info.dpi_tol_bits);
  }

  void say(const std::string& line) const {
    if (options_.log) options_.log("[" + setting_.label + "] " + line);
  }

  const ExperimentConfig& experiment_;
  const ExperimentSetting& setting_;
  const RunOptions& options_;
  SettingPaths paths_;
  std::string resolved_;
  bool has_checkpoint_ = false;
  bool finished_earlier_ = false;
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
  const FolderLock lock(root.string());
  std::vector<SettingRun> runs;
  runs.reserve(config.settings.size());
  for (const auto& setting : config.settings) {
    const fs::path dir = config.settings.size() == 1 ? root : root / label_to_folder(setting.label);
    runs.emplace_back(config, setting, options, dir);
    runs.back().prepare();
  }
  std::vector<SettingOutcome> outcomes;
  for (auto& run : runs) outcomes.push_back(run.run());

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
