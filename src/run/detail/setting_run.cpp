#include "setting_run.hpp"

#include <pthread.h>
#include <sys/resource.h>

#include <chrono>
#include <csignal>
#include <thread>

#include "infoplane/io/atomic_file.hpp"
#include "infoplane/io/plot_runner.hpp"
#include "infoplane/io/results_destination.hpp"
#include "infoplane/io/results_store.hpp"
#include "infoplane/observe/progress.hpp"
#include "infoplane/run/checkpoint.hpp"
#include "infoplane/run/checkpoint_parts.hpp"
#include "infoplane/task/make_task.hpp"
#include "infoplane/task/task_information.hpp"

namespace fs = std::filesystem;

namespace infoplane::detail {
namespace {

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

}  // namespace

SettingRun::SettingRun(const ExperimentConfig& experiment, const ExperimentSetting& setting,
                       const RunOptions& options, const fs::path& dir, int rank, int ranks)
    : experiment_(experiment), setting_(setting), options_(options), rank_(rank), ranks_(ranks),
      dir_(dir), results_path_(dir / "results.h5"), summary_md_(dir / "summary.md"),
      summary_json_(dir / "summary.json"), figures_(dir / "figures"),
      resolved_(resolved_setting_toml(experiment, setting)),
      fingerprint_(config_fingerprint(resolved_)) {}

void SettingRun::prepare() {
  fs::create_directories(dir_);
  has_checkpoint_ = !find_checkpoint_parts(dir_.string()).empty();
  if (fs::exists(results_path_) && options_.resume && !options_.force) {
    const RunResults earlier = read_results(results_path_.string());
    if (earlier.metadata.config_toml != resolved_)
      throw Error(results_path_.string() + ": finished earlier with another configuration than "
                  "this run's (a flag or the experiment file changed); pass --force to replace it, "
                  "or --out for another folder");
    finished_earlier_ = true;
  } else if (!options_.force) {
    check_results_destination(results_path_.string(), false);
    if (has_checkpoint_ && !options_.resume)
      throw Error(dir_.string() + ": holds an interrupted run's checkpoint: pass --resume "
                  "to continue it, or --force to start over");
  }
  const auto& t = setting_.config.train.task;
  task_ = make_task(t.rule, t.rule_seed);
}

void SettingRun::remove_temporary_files() const {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir_, ec))
    if (entry.path().filename().string().find(".tmp-") != std::string::npos) fs::remove(entry.path(), ec);
}

void SettingRun::start() {
  fs::create_directories(dir_);
  pipeline_ = std::make_unique<SettingPipeline>(setting_.config, task_, resolved_);
  if (!has_checkpoint_) return;
  if (!options_.resume || options_.force) {
    // Starting over (--force): parts of the earlier run must not be mixed into this one's.
    if (rank_ == 0) remove_checkpoint_parts(dir_.string());
    return;
  }
  SavedTraining saved = read_checkpoint_parts(dir_.string(), fingerprint_, pipeline_->recorded());
  pipeline_->resume(std::move(saved.states), saved.recorded);
  say("resuming from the checkpoint in " + dir_.string());
}

void SettingRun::train(std::span<const int> networks) {
  const long long n = networks.empty() ? pipeline_->n_networks() : static_cast<long long>(networks.size());
  const bool show = !options_.quiet && rank_ == 0;
  ProgressReporter progress(stderr, options_.progress_bar, n * pipeline_->epochs());
  std::vector<TrainingObserver*> observers = options_.observers;
  if (show) observers.push_back(&progress);
  say("training " + std::to_string(n) + " networks x " + std::to_string(pipeline_->epochs()) +
      " epochs on " + task_.name);
  for (;;) {
    std::atomic<bool> pause{false};
    bool timed_out = false;
    bool finished = false;
    {
      PauseTimer timer(pause, options_.stop, options_.checkpoint_seconds);
      finished = pipeline_->train(observers, &pause, networks);
      timed_out = timer.timed_out();
    }
    if (finished) break;
    save_checkpoint();
    if (!timed_out)
      throw RunInterrupted("interrupted: checkpoint saved in " + dir_.string() +
                           "; rerun the same command with --resume to continue");
  }
  if (show) progress.finish();
}

void SettingRun::save_checkpoint() const {
  const SignalsDeferred deferred;
  write_checkpoint_part(checkpoint_part(dir_.string(), rank_, ranks_), fingerprint_,
                        pipeline_->states(), pipeline_->recorded());
}

SettingOutcome SettingRun::finish(RunResults recorded) {
  SettingOutcome outcome{setting_.label, dir_.string(), results_path_.string(), false, {}};
  const RunResults results = pipeline_->finish(std::move(recorded));
  try {
    write_results(results_path_.string(), results, true);
  } catch (const Error& e) {
    // Keep the training (a full disk): with every network finished, a checkpoint lets --resume
    // write the results without training again. Several ranks have each saved their part
    // already; one process saves its own now. If it cannot be written either, the last
    // periodic checkpoint stays.
    bool saved = true;
    if (ranks_ == 1) {
      try {
        save_checkpoint();
      } catch (const Error&) {
        saved = false;
      }
    }
    throw Error(std::string(e.what()) +
                (saved ? "; the trained networks are saved in " + dir_.string() +
                             ": free space and rerun with --resume"
                       : "; the checkpoint could not be written either"));
  }
  remove_checkpoint_parts(dir_.string());
  // Peak memory of the process so far (Linux: ru_maxrss in KB): the task's inputs are loaded
  // once and shared by all networks, so this grows with the data set, not with the ensemble.
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  say("wrote " + results_path_.string() + " (peak memory " + std::to_string(usage.ru_maxrss / 1024) + " MB)");

  outcome.summary = summary_of(results);
  write_summaries(outcome.summary);
  const OutputSettings& output = setting_.config.output;
  if (output.figures) {
    const auto files = plot_results({{results_path_.string()}, figures_.string(), output.movie});
    say("figures: " + std::to_string(files.size()) + " files in " + figures_.string());
  }
  return outcome;
}

SettingOutcome SettingRun::skip() {
  SettingOutcome outcome{setting_.label, dir_.string(), results_path_.string(), true, {}};
  say("finished earlier: " + results_path_.string());
  outcome.summary = summary_of(read_results(results_path_.string()));
  // A run killed after its results file was in place leaves its checkpoint and maybe no
  // summaries: finish its tidying.
  remove_temporary_files();
  remove_checkpoint_parts(dir_.string());
  if (!fs::exists(summary_md_) || !fs::exists(summary_json_)) write_summaries(outcome.summary);
  return outcome;
}

RunSummary SettingRun::summary_of(const RunResults& results) const {
  return summarize(results, summary_estimator(results), mutual_information_xy_bits(task_),
                   setting_.config.info.dpi_tol_bits);
}

void SettingRun::write_summaries(const RunSummary& summary) const {
  write_file_atomically(summary_md_.string(),
                        "# " + experiment_.name + ": " + setting_.label + "\n\n" + summary_markdown(summary),
                        true);
  write_file_atomically(summary_json_.string(), summary_json(summary) + "\n", true);
}

void SettingRun::say(const std::string& line) const {
  if (!options_.log) return;
  const std::string who = ranks_ == 1 ? "" : "rank " + std::to_string(rank_) + " ";
  options_.log(who + "[" + setting_.label + "] " + line);
}

}  // namespace infoplane::detail
