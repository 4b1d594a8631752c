#pragma once
// Ranks of a distributed run as threads of one process (a test double of the CLI's MPI ranks):
// messages go through a shared mailbox. When a rank's thread ends, by return or exception, a
// rank waiting for it gets an infoplane::Error, as mpirun ends a job whose rank has gone.
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <tuple>
#include <vector>

#include "infoplane/core/error.hpp"
#include "infoplane/run/ranks.hpp"

namespace infoplane::testing {

class ThreadRanks {
 public:
  explicit ThreadRanks(int size) : size_(size), gone_(static_cast<std::size_t>(size), false) {}

  // Runs body(ranks of r) for r = 0..size-1 on one thread each; returns each rank's exception
  // (null when it returned).
  std::vector<std::exception_ptr> run(const std::function<void(Ranks&)>& body) {
    std::vector<std::exception_ptr> errors(static_cast<std::size_t>(size_));
    std::vector<std::thread> threads;
    for (int r = 0; r < size_; ++r)
      threads.emplace_back([this, r, &body, &errors] {
        Member me(*this, r);
        try {
          body(me);
        } catch (...) {
          errors[static_cast<std::size_t>(r)] = std::current_exception();
        }
        const std::lock_guard lock(mutex_);
        gone_[static_cast<std::size_t>(r)] = true;
        changed_.notify_all();
      });
    for (auto& t : threads) t.join();
    return errors;
  }

 private:
  class Member final : public Ranks {
   public:
    Member(ThreadRanks& all, int rank) : all_(all), rank_(rank) {}
    int rank() const override { return rank_; }
    int size() const override { return all_.size_; }
    void send(int to, int tag, const std::vector<double>& values) override {
      const std::lock_guard lock(all_.mutex_);
      all_.mail_[{rank_, to, tag}].push_back(values);
      all_.changed_.notify_all();
    }
    std::vector<double> receive(int from, int tag) override {
      std::unique_lock lock(all_.mutex_);
      auto& queue = all_.mail_[{from, rank_, tag}];
      all_.changed_.wait(lock, [&] { return !queue.empty() || all_.gone_[static_cast<std::size_t>(from)]; });
      if (queue.empty()) throw Error("rank " + std::to_string(from) + " has ended");
      std::vector<double> values = std::move(queue.front());
      queue.pop_front();
      return values;
    }
    void barrier() override {
      std::unique_lock lock(all_.mutex_);
      const long generation = all_.barrier_generation_;
      if (++all_.barrier_arrived_ == all_.size_) {
        all_.barrier_arrived_ = 0;
        ++all_.barrier_generation_;
        all_.changed_.notify_all();
        return;
      }
      all_.changed_.wait(lock, [&] {
        if (all_.barrier_generation_ != generation) return true;
        for (bool g : all_.gone_) if (g) return true;
        return false;
      });
      if (all_.barrier_generation_ == generation) throw Error("a rank ended before the barrier");
    }

   private:
    ThreadRanks& all_;
    int rank_;
  };

  int size_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<std::tuple<int, int, int>, std::deque<std::vector<double>>> mail_;
  std::vector<bool> gone_;
  int barrier_arrived_ = 0;
  long barrier_generation_ = 0;
};

}  // namespace infoplane::testing
