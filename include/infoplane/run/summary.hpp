#pragma once
// The summary of one run (issue 7): final information-plane position of every layer with
// standard errors over the networks, the phase-transition epochs, the epochs the output layer
// needs to reach 95% of I(X;Y), and final accuracies. Written as Markdown and as JSON.
#include <string>
#include <vector>

#include "infoplane/info/plane_summary.hpp"
#include "infoplane/run/phase_transition.hpp"
#include "infoplane/run/results.hpp"

namespace infoplane {

struct LayerSummary {
  int width = 0;
  MeanSe i_xt_bits;  // at the last recorded epoch
  MeanSe i_ty_bits;
  GradientPhase gradient_phase;
  int compression_onset_epoch = -1;
};

struct RunSummary {
  std::string estimator;
  double i_xy_bits = 0.0;
  int last_epoch = 0;
  std::vector<LayerSummary> layers;
  GradientPhase network_phase;
  // First recorded epoch at which the ensemble-mean I(T;Y) of the output layer reaches
  // 95% of I(X;Y); -1 if never.
  int epochs_to_95_percent = -1;
  // Data processing inequality along the layers: (network, recorded epoch) pairs where some
  // layer holds more information than the one before it (beyond 1e-9 bits), out of all pairs.
  int dpi_violations = 0;
  int dpi_checks = 0;
  MeanSe final_train_accuracy;
  MeanSe final_test_accuracy;
};

// i_xy_bits: the task's exact I(X;Y). Throws infoplane::Error if `estimator` is not in the
// results.
RunSummary summarize(const RunResults& results, const std::string& estimator, double i_xy_bits,
                     const PhaseOptions& options = {});

std::string summary_markdown(const RunSummary& summary);
std::string summary_json(const RunSummary& summary);  // one JSON object, pretty-printed

}  // namespace infoplane
