// The verdict's estimator grid (issue 16's defaults), the chosen epochs, and the rerun check.
#include "infoplane/verdict/estimator_grid.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "infoplane/core/error.hpp"
#include "infoplane/verdict/verdict_recorder.hpp"
#include "train/toy_task.hpp"

namespace infoplane {
namespace {

TEST(EstimatorGrid, TheIssuesDefaults) {
  const EstimatorGrid g = make_estimator_grid(VerdictSettings{}, EstimatorOptions{});
  // binning 5 bin counts x 2 ranges, adaptive, KDE 4 sigma2 x 2 bounds (4 computations), KSG
  // k = 3, 10, noisy, exact 8 bits.
  EXPECT_EQ(g.series.size(), 10u + 1 + 8 + 2 + 1 + 1);
  EXPECT_EQ(g.computations.size(), 10u + 1 + 4 + 2 + 1 + 1);
  std::set<std::string> labels;
  for (const auto& s : g.series) EXPECT_TRUE(labels.insert(s.label).second) << s.label;
  EXPECT_EQ(grid_families(g), (std::vector<std::string>{"binning-fixed", "binning-data", "adaptive", "kde_upper",
                                                        "kde_lower", "ksg", "noisy", "exact"}));
  EXPECT_EQ(g.series[3].label, "binning-300-fixed");
  EXPECT_EQ(g.computations[3].options.bins, 300);
  EXPECT_EQ(g.computations[7].options.range, "data");
  const auto& lower = g.series[12];  // KDE sigma2 = 1e-4: upper (11) then lower (12)
  EXPECT_EQ(lower.label, "kde_lower-0.0001");
  EXPECT_EQ(lower.value, GridValue::kLower);
  EXPECT_EQ(lower.computation, g.series[11].computation);
  EXPECT_EQ(g.computations[static_cast<std::size_t>(lower.computation)].options.sigma2, 1e-4);
  EXPECT_EQ(g.computations.back().estimator, "exact");
  EXPECT_EQ(g.computations.back().quantize_bits, 8);
  for (const auto& c : g.computations) EXPECT_EQ(c.options.threads, 1);

  VerdictSettings none;
  none.bins.clear();
  none.adaptive = false;
  none.kde_sigma2.clear();
  none.ksg_k = {5};
  none.noisy_sigma2.clear();
  none.exact_bits.clear();
  const EstimatorGrid one = make_estimator_grid(none, EstimatorOptions{});
  ASSERT_EQ(one.series.size(), 1u);
  EXPECT_EQ(one.series[0].label, "ksg-5");
}

TEST(EstimatorGrid, ExactRangesFollowTheRun) {
  EXPECT_EQ(exact_quantize_range(0, 3, Activation::kTanh, 0, {}), (std::pair{-1.0, 1.0}));
  EXPECT_EQ(exact_quantize_range(1, 3, Activation::kRelu, 0, {}), (std::pair{0.0, 4.0}));
  EXPECT_EQ(exact_quantize_range(2, 3, Activation::kRelu, 0, {}), (std::pair{0.0, 1.0}));  // output
  EXPECT_EQ(exact_quantize_range(0, 3, Activation::kRelu, 6, {-1.0, 2.0}), (std::pair{-1.0, 2.0}));
}

TEST(EstimatorGrid, EveryKthEpochKeepsTheFirstAndLast) {
  const std::vector<int> rec{0, 1, 2, 5, 9, 20, 40};
  EXPECT_EQ(every_kth_epoch(rec, 1), rec);
  EXPECT_EQ(every_kth_epoch(rec, 3), (std::vector<int>{0, 5, 40}));
  EXPECT_EQ(every_kth_epoch(rec, 2), (std::vector<int>{0, 2, 9, 40}));
  EXPECT_EQ(every_kth_epoch(rec, 100), (std::vector<int>{0, 40}));
}

// A rerun whose loss differs from the stored one by one ulp is refused.
TEST(VerdictRecorder, ARerunThatDiffersFromTheFileIsAnError) {
  const Task task = testing::toy_task();
  RunResults stored;
  stored.n_networks = 1;
  stored.n_epochs = 3;
  stored.layer_widths = {2};
  stored.recorded_epochs = {0, 3};
  stored.metrics.train_loss = {0.5, 0.25};
  stored.metrics.test_loss = {0.6, 0.3};
  stored.metrics.train_accuracy = {0.5, 0.75};
  stored.metrics.test_accuracy = {0.5, 0.5};
  VerdictSettings s;
  s.bins = {4};
  s.ranges = {"fixed"};
  s.adaptive = false;
  s.kde_sigma2.clear();
  s.ksg_k.clear();
  s.noisy_sigma2.clear();
  s.exact_bits.clear();
  const EstimatorGrid grid = make_estimator_grid(s, EstimatorOptions{});
  VerdictRecorder r(task, grid, stored, {0, 3}, 1, {{0.0, 1.0}});
  Matrix<float> layer(task.n_patterns(), 2);
  for (std::size_t p = 0; p < layer.rows(); ++p) layer(p, 0) = static_cast<float>(p % 2);
  EpochMetrics m{0.5, 0.5, 0.6, 0.5, {}};
  r.on_recorded_epoch(0, 0, {layer}, m);
  EXPECT_NEAR(r.planes().i_xt[0][0], 1.0, 1e-12);  // one binary unit of uniform patterns: 1 bit
  m = {std::nextafter(0.25, 1.0), 0.75, 0.3, 0.5, {}};
  try {
    r.on_recorded_epoch(0, 3, {layer}, m);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("the rerun of network 0 differs from the results file at epoch 3"),
              std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace infoplane
