// A distributed run (ranks as threads, support/thread_ranks.hpp) writes the files of a
// single-process run, for any rank count; interrupted, it resumes with another rank count to
// the same results. The MPI launch itself: tests/run/mpi_cli_test.cpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <numeric>

#include "infoplane/core/rng.hpp"
#include "infoplane/results/network_slices.hpp"
#include "infoplane/run/checkpoint_parts.hpp"
#include "infoplane/run/experiment_runner.hpp"
#include "infoplane/run/unit_assignment.hpp"
#include "support/scratch_dir.hpp"
#include "support/stop_at_epoch.hpp"
#include "support/thread_ranks.hpp"
#include "support/two_settings.hpp"

namespace infoplane {
namespace {

namespace fs = std::filesystem;

const ExperimentConfig kConfig =
    parse_experiment(testing::two_settings_experiment("spread", 120), "spread.toml");

RunOptions quiet_options(const fs::path& out, int threads) {
  RunOptions o;
  o.quiet = true;
  o.out_root = out.string();
  o.overrides = {{"training.threads", ConfigValue::of(threads)}};
  return o;
}

// Runs the experiment on `n_ranks` thread ranks; returns each rank's exception.
std::vector<std::exception_ptr> run_on_ranks(const ExperimentConfig& config, RunOptions options,
                                             int n_ranks) {
  testing::ThreadRanks ranks(n_ranks);
  return ranks.run([&](Ranks& me) {
    RunOptions mine = options;
    mine.ranks = &me;
    run_experiment(config, mine);
  });
}

void expect_no_errors(const std::vector<std::exception_ptr>& errors) {
  for (std::size_t r = 0; r < errors.size(); ++r) {
    if (!errors[r]) continue;
    try {
      std::rethrow_exception(errors[r]);
    } catch (const std::exception& e) {
      ADD_FAILURE() << "rank " << r << ": " << e.what();
    }
  }
}

TEST(Distributed, AnyRankCountWritesTheSingleProcessFiles) {
  const testing::ScratchDir dir;
  const ExperimentConfig& config = kConfig;
  run_experiment(config, quiet_options(dir.path() / "one", 2));
  for (int k : {1, 2, 3, 4}) {
    SCOPED_TRACE("ranks = " + std::to_string(k));
    const fs::path out = dir.path() / ("ranks" + std::to_string(k));
    expect_no_errors(run_on_ranks(config, quiet_options(out, 1), k));
    testing::expect_same_experiment_files(dir.path() / "one", out, "spread");
    if (k > 1) {
      EXPECT_TRUE(fs::exists(out / "spread" / "ranks.json"));
    }
  }
}

TEST(Distributed, InterruptedOnTwoRanksResumesOnThreeOrOne) {
  const testing::ScratchDir dir;
  const ExperimentConfig& config = kConfig;
  run_experiment(config, quiet_options(dir.path() / "one", 2));
  for (int resume_ranks : {3, 1}) {
    SCOPED_TRACE("resumed on " + std::to_string(resume_ranks));
    const fs::path out = dir.path() / ("resumed" + std::to_string(resume_ranks));
    std::atomic<bool> stop{false};
    testing::StopAtEpoch stopper(stop);
    RunOptions interrupted = quiet_options(out, 1);
    interrupted.stop = &stop;
    interrupted.observers = {&stopper};
    const auto errors = run_on_ranks(config, interrupted, 2);
    int stopped = 0;
    for (const auto& e : errors) {
      if (!e) continue;
      try {
        std::rethrow_exception(e);
      } catch (const RunInterrupted&) {
        ++stopped;
      } catch (const Error&) {  // rank 0 waiting for an interrupted rank
      }
    }
    EXPECT_GE(stopped, 1);
    const auto parts = find_checkpoint_parts((out / "spread" / "wide").string());
    ASSERT_FALSE(parts.empty());
    for (const auto& part : parts) EXPECT_NE(part.states.find("-of-2.bin"), std::string::npos);

    RunOptions resumed = quiet_options(out, 1);
    resumed.resume = true;
    if (resume_ranks == 1) {
      run_experiment(config, resumed);
    } else {
      expect_no_errors(run_on_ranks(config, resumed, resume_ranks));
    }
    testing::expect_same_experiment_files(dir.path() / "one", out, "spread");
  }
}

TEST(UnitAssignment, LongestFirstIsFixedAndWithinFourThirdsOfTheOptimum) {
  Rng rng(7);
  for (int trial = 0; trial < 40; ++trial) {
    const int n_units = 3 + static_cast<int>(rng.next_u64() % 6);
    const int n_ranks = 2 + static_cast<int>(rng.next_u64() % 2);
    std::vector<WorkUnit> units;
    for (int u = 0; u < n_units; ++u)
      units.push_back({u % 2, u, 1.0 + static_cast<double>(rng.next_u64() % 100)});
    const std::vector<int> owner = assign_units(units, n_ranks);
    EXPECT_EQ(owner, assign_units(units, n_ranks));
    std::vector<double> load(static_cast<std::size_t>(n_ranks), 0.0);
    for (int u = 0; u < n_units; ++u) {
      ASSERT_GE(owner[u], 0);
      ASSERT_LT(owner[u], n_ranks);
      load[static_cast<std::size_t>(owner[u])] += units[static_cast<std::size_t>(u)].cost;
    }
    // The optimum by enumerating every assignment (n_ranks^n_units <= 3^8).
    double best = 1e300;
    std::vector<int> a(static_cast<std::size_t>(n_units), 0);
    for (;;) {
      std::vector<double> l(static_cast<std::size_t>(n_ranks), 0.0);
      for (int u = 0; u < n_units; ++u) l[static_cast<std::size_t>(a[u])] += units[static_cast<std::size_t>(u)].cost;
      best = std::min(best, *std::max_element(l.begin(), l.end()));
      int u = 0;
      while (u < n_units && ++a[static_cast<std::size_t>(u)] == n_ranks) a[static_cast<std::size_t>(u++)] = 0;
      if (u == n_units) break;
    }
    EXPECT_LE(*std::max_element(load.begin(), load.end()), best * 4.0 / 3.0 + 1e-9);
  }
}

TEST(UnitAssignment, EqualUnitsGoRoundTheRanks) {
  std::vector<WorkUnit> units(7, WorkUnit{0, 0, 5.0});
  for (int u = 0; u < 7; ++u) units[static_cast<std::size_t>(u)].network = u;
  const auto owner = assign_units(units, 3);
  EXPECT_EQ(owner, (std::vector<int>{0, 1, 2, 0, 1, 2, 0}));
  EXPECT_EQ(networks_of_rank(units, owner, 0, 1), (std::vector<int>{1, 4}));
  EXPECT_EQ(assign_units(units, 1), std::vector<int>(7, 0));
}

// Copying every network's slices into a blank RunResults of the same shapes reproduces every
// measured array: no per-network array is missing from for_each_network_array.
TEST(NetworkSlices, EveryNetworkCopiedGivesTheWholeResults) {
  RunResults full;
  full.n_networks = 3;
  full.n_epochs = 4;
  full.layer_widths = {2, 1};
  full.recorded_epochs = {0, 2, 4};
  full.info = {{"binning", {}, {}}, {"kde_upper", {}, {}}};
  full.layer_beta = LayerBetaSeries{{2, 4}, {}, {}};
  double next = 0.5;
  auto fill = [&](std::vector<double>& a, std::size_t size) {
    a.resize(size);
    for (auto& x : a) x = next++;
  };
  for (auto* a : {&full.metrics.train_loss, &full.metrics.train_accuracy, &full.metrics.test_loss,
                  &full.metrics.test_accuracy})
    fill(*a, 3 * 3);
  fill(full.metrics.in_weight_cosine, 3 * 3 * 2);
  for (auto* a : {&full.gradients.mean_norm, &full.gradients.std_norm, &full.gradients.weight_norm})
    fill(*a, 3 * 4 * 2);
  for (auto& s : full.info) {
    fill(s.i_xt, 3 * 3 * 2);
    fill(s.i_ty, 3 * 3 * 2);
  }
  fill(full.layer_beta->beta_star, 3 * 2 * 2);
  fill(full.layer_beta->kl_at_beta, 3 * 2 * 2);

  RunResults blank = full;
  for_each_network_array(blank, [](std::vector<double>& a) { std::fill(a.begin(), a.end(), 0.0); });
  std::vector<double> message;
  for (int n : {2, 0}) append_network_slices(full, n, message);
  std::size_t at = 0;
  for (int n : {2, 0}) at = read_network_slices(blank, n, message, at);
  EXPECT_EQ(at, message.size());
  copy_network_slices(full, blank, 1);
  testing::expect_same_measurements(full, blank);
  // A message too short for the slices is refused.
  message.pop_back();
  EXPECT_EQ(read_network_slices(blank, 0, message, message.size() / 2 + 1), std::string::npos);
}

}  // namespace
}  // namespace infoplane
