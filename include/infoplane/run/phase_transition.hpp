#pragma once
// Finds the drift -> diffusion transition of SGD (paper, Section 4 and Figure 4) from the
// per-epoch gradient statistics, and the onset of compression in the information plane.
//
// Rules (docs/results.md "Phase transition" gives the why):
//  - Quantities per layer: normalised mean m(e) = mean_norm / weight_norm and normalised
//    std s(e) = std_norm / weight_norm, averaged over the networks at each epoch; the
//    "network" row uses the whole weight vector (norms combined over layers:
//    sqrt(sum_l norm_l^2)). SNR(e) = m(e) / s(e).
//  - Smoothing: log SNR is averaged over a window of +-`log10_window` decades of epochs.
//  - snr_crossing_epoch: the first epoch e at which the smoothed SNR is below 1 and stays
//    below 1 up to epoch `persistence` * e (or the run's end).
//  - steepest_drop_epoch: the epoch where d log SNR / d log epoch (of the smoothed curve,
//    central differences on the epoch grid) is most negative.
//  - compression_onset_epoch (per layer): the recorded epoch where the ensemble-mean I(X;T)
//    peaks, provided it then falls by at least `min_compression_bits` by the last recorded
//    epoch; otherwise -1 (no compression).
// Epochs are 1-based training epochs (the gradient series holds epochs 1..n_epochs);
// -1 means "not found".
#include <string>
#include <vector>

#include "infoplane/results/run_results.hpp"

namespace infoplane {

struct PhaseOptions {
  double log10_window = 0.1;         // decades either side of each epoch
  double persistence = 2.0;          // SNR must stay < 1 from e to persistence * e
  double min_compression_bits = 0.05;
};

struct GradientPhase {
  int snr_crossing_epoch = -1;
  int steepest_drop_epoch = -1;
};

struct PhaseReport {
  std::vector<GradientPhase> layers;          // shape = [n_layers]
  GradientPhase network;                      // the whole weight vector
  std::vector<int> compression_onset_epoch;   // shape = [n_layers]; empty if no info series
};

// Smoothed SNR curve (ensemble mean normalised mean / normalised std) for one layer, or for
// the whole network when layer == -1. shape = [n_epochs], epoch e at index e - 1.
std::vector<double> smoothed_snr(const RunResults& results, int layer, double log10_window);

GradientPhase find_gradient_phase(const std::vector<double>& smoothed_snr,
                                  const PhaseOptions& options);

// estimator: the name of the InfoPlaneSeries used for the compression onset.
PhaseReport detect_phases(const RunResults& results, const std::string& estimator,
                          const PhaseOptions& options = {});

}  // namespace infoplane
