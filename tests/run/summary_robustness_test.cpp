// The summary and the phase detection on results with parts missing: no crash (each call runs
// in a forked child so that a null dereference fails the test instead of ending it), either a
// summary without those parts or an infoplane::Error.
#include <gtest/gtest.h>

#include "infoplane/core/error.hpp"
#include "infoplane/run/phase_transition.hpp"
#include "infoplane/run/summary.hpp"
#include "io/child_outcome.hpp"
#include "io/synthetic_results.hpp"

namespace infoplane {
namespace {

using testing::ChildOutcome;

TEST(SummaryRobustness, GradientsWithoutStdGiveNoGradientPhase) {
  RunResults r = testing::small_synthetic_results();
  r.gradients.std_norm.clear();
  r.gradients.std_norm.shrink_to_fit();  // before: read through a null pointer
  const auto outcome = testing::run_in_child([&] { (void)summarize(r, "binning", 1.0, 1e-9); }, 10);
  ASSERT_EQ(outcome, ChildOutcome::success) << testing::outcome_name(outcome);
  const RunSummary s = summarize(r, "binning", 1.0, 1e-9);
  EXPECT_EQ(s.network_phase.snr_crossing_epoch, -1);
  EXPECT_EQ(s.layers.size(), 3u);
}

TEST(SummaryRobustness, MissingTestMetricsLeaveTheTestAccuracyUnset) {
  RunResults r = testing::small_synthetic_results();
  r.metrics.test_loss = {};
  r.metrics.test_accuracy = {};
  const auto outcome = testing::run_in_child([&] { (void)summarize(r, "binning", 1.0, 1e-9); }, 10);
  ASSERT_EQ(outcome, ChildOutcome::success) << testing::outcome_name(outcome);
  const RunSummary s = summarize(r, "binning", 1.0, 1e-9);
  EXPECT_GT(s.final_train_accuracy.mean, 0.5);
  EXPECT_EQ(s.final_test_accuracy.mean, 0.0);
}

TEST(SummaryRobustness, NoEstimatorOrNoRecordedEpochsIsAnError) {
  RunResults r = testing::small_synthetic_results();
  EXPECT_THROW((void)summarize(r, "ksg", 1.0, 1e-9), Error);
  r.recorded_epochs.clear();  // before: INFOPLANE_ASSERT aborted
  const auto outcome = testing::run_in_child([&] { (void)summarize(r, "binning", 1.0, 1e-9); }, 10);
  EXPECT_EQ(outcome, ChildOutcome::error) << testing::outcome_name(outcome);
}

}  // namespace
}  // namespace infoplane
