#pragma once
// Progress of an ensemble run as a TrainingObserver: counts network-epochs (one per
// on_gradient_stats call) and prints, at most every `interval_s` seconds, either a bar with
// percentage, rate and ETA rewritten in place (a terminal) or plain lines (a pipe or file).
// Printing never affects results: the count is atomic and output is serialised by a mutex.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>

#include "infoplane/train/observer.hpp"

namespace infoplane {

class ProgressReporter : public TrainingObserver {
 public:
  // `out` is written to (stderr in the CLI); `as_bar` picks the terminal form.
  ProgressReporter(std::FILE* out, bool as_bar, long long total_network_epochs, double interval_s = 1.0);

  void on_gradient_stats(int network, int epoch, const std::vector<LayerGradientStats>& stats) override;
  void finish();  // prints the final state (100% and the elapsed time)

  long long done() const { return done_.load(); }

 private:
  void print(long long done, bool final);

  std::FILE* out_;
  bool as_bar_;
  long long total_;
  double interval_s_;
  std::atomic<long long> done_{0};
  std::mutex mutex_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_print_;
};

}  // namespace infoplane
