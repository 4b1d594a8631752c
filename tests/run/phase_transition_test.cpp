#include "infoplane/run/phase_transition.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "infoplane/core/error.hpp"
#include "infoplane/ib/ib_results.hpp"
#include "infoplane/run/summary.hpp"

namespace infoplane {
namespace {

// Synthetic run: n_networks networks, 2 layers, gradients whose SNR is 10 up to epoch
// `switch_epoch` and 0.1 after it (layer 0), or `switch_epoch * 4` (layer 1).
RunResults synthetic_run(int n_networks, int n_epochs, int switch_epoch) {
  RunResults r;
  r.n_networks = n_networks;
  r.n_epochs = n_epochs;
  r.layer_widths = {4, 2};
  const int n_lay = 2;
  const std::size_t n = static_cast<std::size_t>(n_networks) * n_epochs * n_lay;
  r.gradients.mean_norm.resize(n);
  r.gradients.std_norm.resize(n);
  r.gradients.weight_norm.resize(n);
  for (int net = 0; net < n_networks; ++net)
    for (int e = 1; e <= n_epochs; ++e)
      for (int l = 0; l < n_lay; ++l) {
        const std::size_t i = (static_cast<std::size_t>(net) * n_epochs + (e - 1)) * n_lay + l;
        const int switch_at = l == 0 ? switch_epoch : 4 * switch_epoch;
        r.gradients.weight_norm[i] = 2.0 + net;  // cancels in the SNR
        r.gradients.std_norm[i] = 0.1 * (2.0 + net);
        r.gradients.mean_norm[i] = (e <= switch_at ? 1.0 : 0.01) * (2.0 + net);
      }
  return r;
}

TEST(PhaseTransition, FindsTheSnrCrossingAndTheSteepestDrop) {
  const RunResults r = synthetic_run(3, 2000, 100);
  const PhaseReport report = detect_phases(r, "binning");
  ASSERT_EQ(report.layers.size(), 2u);
  // The +-0.1-decade window (factor 1.26) may move the smoothed crossing by that factor.
  EXPECT_GE(report.layers[0].snr_crossing_epoch, 79);
  EXPECT_LE(report.layers[0].snr_crossing_epoch, 126);
  EXPECT_GE(report.layers[1].snr_crossing_epoch, 317);
  EXPECT_LE(report.layers[1].snr_crossing_epoch, 504);
  EXPECT_NEAR(report.layers[0].steepest_drop_epoch, 100, 26);
  EXPECT_NEAR(report.layers[1].steepest_drop_epoch, 400, 101);
  // The network's SNR is dominated by layer 1's large mean until epoch 400.
  EXPECT_GE(report.network.snr_crossing_epoch, report.layers[0].snr_crossing_epoch);
  EXPECT_TRUE(report.compression_onset_epoch.empty());
}

TEST(PhaseTransition, NoCrossingWhenSnrStaysHigh) {
  const RunResults r = synthetic_run(2, 300, 1000);
  const PhaseReport report = detect_phases(r, "binning");
  EXPECT_EQ(report.layers[0].snr_crossing_epoch, -1);
  EXPECT_EQ(report.layers[1].snr_crossing_epoch, -1);
}

TEST(PhaseTransition, BriefDipBelowOneIsNotACrossing) {
  std::vector<double> snr(1000, 5.0);
  for (int e = 50; e < 55; ++e) snr[e - 1] = 0.5;   // a dip of 5 epochs
  for (int e = 300; e <= 1000; ++e) snr[e - 1] = 0.2;
  const GradientPhase phase = find_gradient_phase(snr, PhaseOptions{});
  EXPECT_EQ(phase.snr_crossing_epoch, 300);
}

TEST(PhaseTransition, CompressionOnsetIsThePeakOfIxt) {
  RunResults r = synthetic_run(2, 100, 10);
  r.recorded_epochs = {0, 1, 10, 50, 100};
  InfoPlaneSeries s;
  s.estimator = "binning";
  // Layer 0 rises to 5 bits at epoch 10, then compresses to 3; layer 1 only rises.
  const double layer0[] = {1, 4, 5, 4, 3}, layer1[] = {0.1, 0.5, 0.8, 0.9, 1.0};
  for (int net = 0; net < 2; ++net)
    for (int k = 0; k < 5; ++k) {
      s.i_xt.push_back(layer0[k]);
      s.i_xt.push_back(layer1[k]);
      s.i_ty.push_back(0.1 * k);
      s.i_ty.push_back(0.2 * k + 0.01 * net);
    }
  r.info.push_back(s);
  const PhaseReport report = detect_phases(r, "binning");
  ASSERT_EQ(report.compression_onset_epoch.size(), 2u);
  EXPECT_EQ(report.compression_onset_epoch[0], 10);
  EXPECT_EQ(report.compression_onset_epoch[1], -1);

  const RunSummary summary = summarize(r, "binning", 0.99, 1e-9);
  EXPECT_NEAR(summary.layers[1].i_ty_bits.mean, 0.805, 1e-12);
  EXPECT_NEAR(summary.layers[1].i_ty_bits.se, 0.005, 1e-12);  // values 0.80 and 0.81
  // Output-layer I(T;Y) means: 0.005, 0.205, 0.405, 0.605, 0.805: never 95% of 0.99.
  EXPECT_EQ(summary.epochs_to_95_percent, -1);
  // I(T;Y) of layer 1 (0.2k + 0.01 net) exceeds layer 0's (0.1k) everywhere but at k = 0 for
  // network 0: 9 of the 10 (network, epoch) pairs violate the DPI.
  EXPECT_EQ(summary.dpi_checks, 10);
  EXPECT_EQ(summary.dpi_violations, 9);
  EXPECT_EQ(summarize(r, "binning", 0.4, 1e-9).epochs_to_95_percent, 10);  // 0.405 >= 0.38
  EXPECT_NE(summary_markdown(summary).find("| 1 | 4 | 3.000 +- 0.000"), std::string::npos);
  EXPECT_THROW(summarize(r, "kde_upper", 0.99, 1e-9), Error);
}

TEST(Summary, MeanAndStandardError) {
  const MeanSe v = mean_and_se(std::vector<double>{1.0, 2.0, 3.0, 4.0});
  EXPECT_DOUBLE_EQ(v.mean, 2.5);
  EXPECT_NEAR(v.se, std::sqrt(5.0 / 3.0) / 2.0, 1e-15);
  EXPECT_EQ(mean_and_se(std::vector<double>{7.0}).se, 0.0);
}

}  // namespace
}  // namespace infoplane

namespace infoplane {
namespace {

TEST(RunSummaryTest, DpiToleranceBetaStarAndGapToTheCurve) {
  RunResults r = synthetic_run(2, 10, 2);
  r.recorded_epochs = {0, 10};
  InfoPlaneSeries s;
  s.estimator = "binning";
  // [network, recorded, layer]: layer 1 exceeds layer 0's I(T;Y) by 0.01 bit at the last epoch.
  s.i_xt = {0, 0, 1.0, 1.0, 0, 0, 1.0, 1.0};
  s.i_ty = {0, 0, 0.30, 0.31, 0, 0, 0.30, 0.31};
  r.info.push_back(s);
  EXPECT_EQ(summarize(r, "binning", 0.99, 1e-9).dpi_violations, 2);
  EXPECT_EQ(summarize(r, "binning", 0.99, 0.02).dpi_violations, 0);  // the tolerance reaches it

  LayerBetaSeries b;
  b.epochs = {10};
  b.beta_star = {10.0, 100.0, 1000.0, 100.0};  // [network, epoch, layer]
  b.kl_at_beta = {0, 0, 0, 0};
  r.layer_beta = b;
  IBCurveSeries curve;  // the bound: I(T;Y) = 0.5 I(X;T) up to I(X;T) = 2
  curve.beta = {1, 2, 3};
  curve.i_xt = {0, 1, 2};
  curve.i_ty = {0, 0.5, 1.0};
  r.ib_curve = curve;
  const RunSummary summary = summarize(r, "binning", 0.99, 1e-9);
  EXPECT_NEAR(summary.layers[0].log10_beta_star.mean, 2.0, 1e-12);  // log10 of 10 and 1000
  EXPECT_NEAR(summary.layers[0].log10_beta_star.se, 1.0, 1e-12);
  EXPECT_NEAR(summary.layers[1].log10_beta_star.mean, 2.0, 1e-12);
  EXPECT_NEAR(summary.layers[0].ib_gap_bits, 0.5 - 0.30, 1e-12);
  EXPECT_NEAR(summary.layers[1].ib_gap_bits, 0.5 - 0.31, 1e-12);
  EXPECT_NE(summary_json(summary).find("\"ib_gap_bits\""), std::string::npos);
}

}  // namespace
}  // namespace infoplane

namespace infoplane {
namespace {

TEST(RunSummaryTest, CriticalPointsAndTheLayersDistanceToThem) {
  IBCurve curve;
  const double betas[] = {1, 2, 4, 8, 16};
  const int clusters[] = {1, 1, 2, 2, 3};
  for (int k = 0; k < 5; ++k) {
    IBCurvePoint p;
    p.beta = betas[k];
    p.i_xt = 0.1 * k;
    p.i_ty = 0.05 * k;
    p.n_clusters = clusters[k];
    curve.points.push_back(p);
  }
  const auto critical = ib_critical_points(curve);
  ASSERT_EQ(critical.size(), 2u);
  EXPECT_NEAR(critical[0].beta, std::sqrt(2.0 * 4.0), 1e-12);  // split between beta 2 and 4
  EXPECT_EQ(critical[0].clusters_before, 1);
  EXPECT_EQ(critical[0].clusters_after, 2);
  EXPECT_NEAR(critical[0].i_xt, 0.2, 1e-12);
  EXPECT_NEAR(critical[1].beta, std::sqrt(8.0 * 16.0), 1e-12);
  IBCurve old_file = curve;  // no n_clusters stored: no critical points
  for (auto& p : old_file.points) p.n_clusters = 0;
  EXPECT_TRUE(ib_critical_points(old_file).empty());

  RunResults r = synthetic_run(2, 10, 2);
  r.recorded_epochs = {0, 10};
  InfoPlaneSeries s;
  s.estimator = "binning";
  s.i_xt.assign(8, 0.5);
  s.i_ty.assign(8, 0.1);
  r.info.push_back(s);
  r.ib_curve = to_ib_curve_series(curve);
  LayerBetaSeries b;
  b.epochs = {10};
  // Layer 0: beta* = sqrt(8) exactly (0 decades) and sqrt(8) / 10 (1 decade); layer 1: 100 and
  // 1e4, nearest critical beta sqrt(128) = 11.31: 0.947 and 2.947 decades.
  b.beta_star = {std::sqrt(8.0), 100.0, 0.1 * std::sqrt(8.0), 1e4};
  b.kl_at_beta.assign(4, 0.0);
  r.layer_beta = b;
  const RunSummary summary = summarize(r, "binning", 0.99, 1e-9);
  ASSERT_EQ(summary.ib_critical_points.size(), 2u);
  EXPECT_NEAR(summary.layers[0].decades_to_critical_beta.mean, 0.5, 1e-12);
  EXPECT_NEAR(summary.layers[0].decades_to_critical_beta.se, 0.5, 1e-12);
  const double d1 = 2.0 - std::log10(std::sqrt(128.0));
  EXPECT_NEAR(summary.layers[1].decades_to_critical_beta.mean, d1 + 1.0, 1e-12);
  EXPECT_NE(summary_json(summary).find("\"ib_critical_points\""), std::string::npos);
  EXPECT_NE(summary_markdown(summary).find("1 -> 2"), std::string::npos);
}

}  // namespace
}  // namespace infoplane
