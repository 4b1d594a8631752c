// The online observer stores each network's estimates in the RunResults layout.
#include "infoplane/observe/info_plane_recorder.hpp"

#include <gtest/gtest.h>

#include "infoplane/core/error.hpp"
#include <cmath>

#include "infoplane/task/split.hpp"
#include "info/synthetic_task.hpp"

namespace infoplane {
namespace {

TEST(InfoPlaneRecorder, FillsSeriesInRunResultsLayout) {
  const Task task = testing::twelve_bit_task();
  // Two layers: the inputs (12 bits) and the first k inputs, k = network + 1 (k bits).
  InfoPlaneRecorder rec(task, {0, 5}, 2, 2, {"binning", "adaptive"});
  for (int net = 1; net >= 0; --net) {  // any order of networks
    for (int epoch : {0, 5}) {
      std::vector<Matrix<float>> acts(2);
      acts[0] = Matrix<float>(task.n_patterns(), 12);
      acts[1] = Matrix<float>(task.n_patterns(), static_cast<std::size_t>(net + 1 + (epoch > 0)));
      for (std::size_t i = 0; i < task.n_patterns(); ++i) {
        for (std::size_t j = 0; j < 12; ++j) acts[0](i, j) = 2 * task.inputs(i, j) - 1;
        for (std::size_t j = 0; j < acts[1].cols(); ++j) acts[1](i, j) = acts[0](i, j);
      }
      rec.on_recorded_epoch(net, epoch, acts, {});
    }
  }
  ASSERT_EQ(rec.series().size(), 2u);
  const auto& s = rec.series()[0];
  EXPECT_EQ(s.estimator, "binning");
  ASSERT_EQ(s.i_xt.size(), 2u * 2u * 2u);  // [n_networks, n_recorded, n_layers]
  for (int net = 0; net < 2; ++net)
    for (int r = 0; r < 2; ++r) {
      EXPECT_NEAR(s.i_xt[(net * 2 + r) * 2 + 0], 12.0, 1e-9);
      EXPECT_NEAR(s.i_xt[(net * 2 + r) * 2 + 1], net + 1 + r, 1e-9);
    }
  EXPECT_EQ(rec.series()[1].estimator, "adaptive");
  for (int v : rec.dpi_violations()[0]) EXPECT_EQ(v, 0);
  EXPECT_THROW(InfoPlaneRecorder(task, {0}, 1, 1, {"nope"}), Error);
  const InfoPlaneRecorder kde(task, {0}, 1, 1, {"kde"});
  EXPECT_EQ(kde.series().size(), 2u);  // kde_upper and kde_lower
}

TEST(InfoPlaneRecorder, EstimatesOnlyTheEvaluationRowsWithUniformPx) {
  // An injective layer (the 12 input bits) on m rows: I(X;T) = log2 m and I(T;Y) = I(X;Y) over
  // the rows = h(mean p(y=1|x)) - mean h(p(y=1|x)), whatever the other rows hold.
  const Task task = testing::twelve_bit_task();
  const std::vector<int> rows = evaluation_rows(task, 300, 5);
  ASSERT_EQ(rows.size(), 300u);
  InfoPlaneRecorder rec(task, {0}, 1, 1, {"binning"}, {}, 1e-9, rows);
  EXPECT_EQ(rec.estimated_task().n_patterns(), 300u);
  std::vector<Matrix<float>> acts(1, Matrix<float>(task.n_patterns(), 12));
  for (std::size_t i = 0; i < task.n_patterns(); ++i) {
    for (std::size_t j = 0; j < 12; ++j) acts[0](i, j) = 2 * task.inputs(i, j) - 1;
  }
  rec.on_recorded_epoch(0, 0, acts, {});
  auto h2 = [](double q) { return q <= 0 || q >= 1 ? 0.0 : -(q * std::log2(q) + (1 - q) * std::log2(1 - q)); };
  double mean_p = 0, mean_h = 0;
  for (int r : rows) {
    const double p1 = task.p_y_given_x(static_cast<std::size_t>(r), 1);
    mean_p += p1 / 300.0;
    mean_h += h2(p1) / 300.0;
  }
  EXPECT_NEAR(rec.series()[0].i_xt[0], std::log2(300.0), 1e-9);
  EXPECT_NEAR(rec.series()[0].i_ty[0], h2(mean_p) - mean_h, 1e-9);
}

}  // namespace
}  // namespace infoplane
