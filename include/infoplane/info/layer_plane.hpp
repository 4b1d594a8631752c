#pragma once
// The information plane of a stack of layers (one network, one epoch) with one estimator, and
// the task built from plain integer labels (for activations exported from other frameworks).
#include <string>
#include <vector>

#include "infoplane/info/estimator.hpp"
#include "infoplane/info/plane_summary.hpp"

namespace infoplane {

struct LayerPlane {
  std::vector<InfoEstimate> layers;  // one per layer, in order
  DpiReport dpi;                     // data processing inequality along the layers
};

// Estimates every layer (each shape = [n_patterns, width_l]) and checks the DPI with tol_bits.
// Throws infoplane::Error naming the layer (by index and `layer_names` when given).
LayerPlane estimate_layers(const std::vector<MatrixView<float>>& layers, const Task& task,
                           const Estimator& estimator, double dpi_tol_bits = 1e-9,
                           const std::vector<std::string>& layer_names = {});

// A task with p(x) uniform over the n labelled patterns and 0/1 p(y|x) from the labels
// (0..max label); no inputs (inputs has shape = [n, 0]). Throws on an empty label list.
Task task_from_labels(const std::vector<int>& labels, const std::string& name = "labels");

}  // namespace infoplane
