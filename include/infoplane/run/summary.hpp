#pragma once
// The summary of one run (issue 7): final information-plane position of every layer with
// standard errors over the networks, the phase-transition epochs, the epochs the output layer
// needs to reach 95% of I(X;Y), and final accuracies. Written as Markdown and as JSON.
#include <cmath>
#include <string>
#include <vector>

#include "infoplane/ib/ib_curve.hpp"
#include "infoplane/info/plane_summary.hpp"
#include "infoplane/run/phase_transition.hpp"
#include "infoplane/results/run_results.hpp"

namespace infoplane {

struct LayerSummary {
  int width = 0;
  MeanSe i_xt_bits;  // at the last recorded epoch
  MeanSe i_ty_bits;
  GradientPhase gradient_phase;
  int compression_onset_epoch = -1;
  // Against the IB bound, when the run has them (NaN otherwise): log10 beta* at the last beta*
  // epoch (ensemble mean and SE, paper Eq. 12), and the vertical gap, bits, between the IB
  // curve and the layer's ensemble-mean final position (ib/layer_beta.hpp, ib_curve_gap).
  MeanSe log10_beta_star{std::nan(""), std::nan(""), 0};
  double ib_gap_bits = std::nan("");
  // ||W|| after the last epoch / after epoch 1 (run/training_dynamics.hpp); NaN without
  // gradient statistics.
  MeanSe weight_growth{std::nan(""), std::nan(""), 0};
  // Mean |cosine| between the in-weight vectors of the layer's neurons at the first and the
  // last recorded epoch (run/training_dynamics.hpp); NaN when the results do not hold it.
  MeanSe in_weight_cosine_first{std::nan(""), std::nan(""), 0};
  MeanSe in_weight_cosine_last{std::nan(""), std::nan(""), 0};
  // |log10 beta* - log10 (the nearest critical beta of the IB curve)|, decades, at the last beta*
  // epoch, mean and SE over the networks (the paper's claim v: layers sit near critical points).
  MeanSe decades_to_critical_beta{std::nan(""), std::nan(""), 0};
};

struct RunSummary {
  std::string estimator;
  std::vector<IBCriticalPoint> ib_critical_points;  // where the IB annealing splits a cluster
  double i_xy_bits = 0.0;
  int last_epoch = 0;
  std::vector<LayerSummary> layers;
  GradientPhase network_phase;
  // First recorded epoch at which the ensemble-mean I(T;Y) of the output layer reaches
  // 95% of I(X;Y); -1 if never.
  int epochs_to_95_percent = -1;
  // Data processing inequality along the layers: (network, recorded epoch) pairs where some
  // layer holds more information than the one before it (beyond dpi_tol_bits), out of all pairs.
  double dpi_tol_bits = 0.0;
  int dpi_violations = 0;
  int dpi_checks = 0;
  MeanSe final_train_accuracy;
  MeanSe final_test_accuracy;
  // Spread over layers of log10 SNR, mean over the first and the last 10% of the epochs
  // (run/training_dynamics.hpp; the paper: "log(SNR) approach a constant for all the layers").
  double log10_snr_spread_early = std::nan("");
  double log10_snr_spread_late = std::nan("");
};

// The estimator whose values the summary reports: binning when it ran (the paper's), else the
// first series. Throws infoplane::Error when the results hold no series.
std::string summary_estimator(const RunResults& results);

// i_xy_bits: the task's exact I(X;Y); dpi_tol_bits: info.dpi_tol_bits. Throws infoplane::Error
// if `estimator` is not in the results.
RunSummary summarize(const RunResults& results, const std::string& estimator, double i_xy_bits,
                     double dpi_tol_bits, const PhaseOptions& options = {});

std::string summary_markdown(const RunSummary& summary);
std::string summary_json(const RunSummary& summary);  // one JSON object, pretty-printed

}  // namespace infoplane
