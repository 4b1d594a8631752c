#pragma once
// Two of the paper's claims about training, measured from the stored gradient statistics:
// Section 3.5, "the weight norms of each layer grow" (a growth factor per layer), and Figure 4's
// caption, "the gradients log(SNR) approach a constant for all the layers" (the spread over
// layers of log10 SNR, per epoch, early against late).
#include <vector>

#include "infoplane/info/plane_summary.hpp"
#include "infoplane/results/run_results.hpp"

namespace infoplane {

struct TrainingDynamics {
  // Per layer: ||W|| after the last epoch / ||W|| after epoch 1, mean and SE over the networks.
  std::vector<MeanSe> weight_growth;
  // Per epoch (1..n_epochs): the standard deviation over layers of log10 of each layer's
  // ensemble-mean SNR (mean_norm / std_norm); NaN where a layer's std is 0.
  std::vector<double> log10_snr_spread;
  // Means of log10_snr_spread over the first and the last 10% of the epochs (at least one).
  double spread_early = 0.0;
  double spread_late = 0.0;
  // Per layer: the mean |cosine| between its neurons' in-weight vectors (Section 3.5, "very
  // small") at the first recorded epoch (the random initialisation when epoch 0 is recorded)
  // and at the last, mean and SE over the networks; empty when the results do not hold it.
  std::vector<MeanSe> in_weight_cosine_first, in_weight_cosine_last;
};

// Without gradient statistics: no weight growth and no spread.
TrainingDynamics training_dynamics(const RunResults& results);

}  // namespace infoplane
