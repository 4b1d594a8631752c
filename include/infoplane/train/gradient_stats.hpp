#pragma once
// Per-epoch weight-gradient statistics of each layer (paper, Fig. 4): the trainer adds the
// gradient of every mini-batch, then reads each layer's ||mean_b g_b||, ||std_b g_b|| and ||W||.
#include <cstddef>
#include <vector>

#include "infoplane/nn/network_spec.hpp"
#include "infoplane/train/observer.hpp"

namespace infoplane {

// Over the epoch's B batches, per weight layer l with elements e:
//   mean_e = (1/B) sum_b g_be                                  (one double per weight)
//   std_norm^2 = sum_e var_e = (1/B) sum_b ||g_b||^2 - ||mean||^2  (one double per layer)
// The population variance summed over the layer needs only the scalar sum of squared batch
// norms, not a per-weight sum of squares: half the state and memory traffic of the per-element
// form (13 MB less for 784-1024-20-20-20-10). Rounding: both squared norms are summed in the
// same eight-lane order, so one batch per epoch (gd) gives std_norm = 0 exactly; the difference
// is clamped at 0.
class GradientStatsAccumulator {
 public:
  explicit GradientStatsAccumulator(const NetworkSpec& spec);
  void reset();
  // grad: the network's full gradient, laid out as its parameters (NetworkSpec offsets).
  void add(const float* grad);
  // params: the weights at the end of the epoch (for weight_norm). Needs at least one add().
  const std::vector<LayerGradientStats>& finish(const float* params);

 private:
  const NetworkSpec& spec_;
  std::vector<double> sum_;             // shape = [total weights], layer after layer
  std::vector<double> sum_sq_norms_;    // shape = [layers]: sum_b ||g_b||^2
  std::vector<LayerGradientStats> stats_;
  int batches_ = 0;
};

}  // namespace infoplane
