#include "infoplane/train/schedule.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "infoplane/core/error.hpp"

namespace infoplane {
namespace {

TEST(Schedule, ReferenceScheduleForThePaperRun) {
  // np.unique(np.logspace(np.log2(1), np.log2(10000), 400, dtype=int, base=2)) - 1, computed
  // with numpy: 279 values, 0..11 consecutive at the start, ending 9329, 9547, 9770, 9998.
  const std::vector<int> e = reference_log_epochs(10000, 400);
  ASSERT_EQ(e.size(), 279u);
  for (int k = 0; k < 12; ++k) EXPECT_EQ(e[k], k);
  EXPECT_EQ(e[e.size() - 4], 9329);
  EXPECT_EQ(e[e.size() - 3], 9547);
  EXPECT_EQ(e[e.size() - 2], 9770);
  EXPECT_EQ(e.back(), 9998);
  for (std::size_t k = 1; k < e.size(); ++k) EXPECT_LT(e[k - 1], e[k]);
}

TEST(Schedule, ReferenceScheduleTruncatesLikeNumpy) {
  // Values from Python (math.pow on numpy's linspace formula). 2^(2 log2(100)/2) and
  // 2^log2(100) land just below 10 and 100, so truncation gives 9 and 99 (minus one: 8, 98).
  EXPECT_EQ(reference_log_epochs(100, 5), (std::vector<int>{0, 2, 8, 30, 98}));
  EXPECT_EQ(reference_log_epochs(2, 3), (std::vector<int>{0, 1}));
  const std::vector<int> e = reference_log_epochs(1000, 50);
  ASSERT_EQ(e.size(), 42u);
  EXPECT_EQ(e[10], 11);
  EXPECT_EQ(e.back(), 999);
}

TEST(Schedule, EveryAndListModes) {
  RecordSchedule every{RecordMode::kEvery, 0, {}};
  EXPECT_EQ(recorded_epochs(every, 3), (std::vector<int>{0, 1, 2, 3}));
  RecordSchedule list{RecordMode::kList, 0, {5, 0, 5, 2}};
  EXPECT_EQ(recorded_epochs(list, 5), (std::vector<int>{0, 2, 5}));
  list.epochs = {6};
  EXPECT_THROW(recorded_epochs(list, 5), Error);
  RecordSchedule bad_log{RecordMode::kLog, 1, {}};
  EXPECT_THROW(recorded_epochs(bad_log, 5), Error);
}

}  // namespace
}  // namespace infoplane
