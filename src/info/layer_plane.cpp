// Per-layer estimates for a stack of layers, and the task behind a labels file.
#include "infoplane/info/layer_plane.hpp"

#include <algorithm>

#include "infoplane/core/error.hpp"

namespace infoplane {

LayerPlane estimate_layers(const std::vector<MatrixView<float>>& layers, const Task& task,
                           const Estimator& estimator, double dpi_tol_bits,
                           const std::vector<std::string>& layer_names) {
  LayerPlane plane;
  plane.layers.reserve(layers.size());
  for (std::size_t l = 0; l < layers.size(); ++l) {
    const std::string what = l < layer_names.size()
                                 ? layer_names[l]
                                 : "layer " + std::to_string(l);
    try {
      plane.layers.push_back(estimator.estimate(layers[l], task));
    } catch (const Error& e) {
      throw Error(what + ": " + e.what());
    }
  }
  plane.dpi = check_dpi(plane.layers, dpi_tol_bits);
  return plane;
}

Task task_from_labels(const std::vector<int>& labels, const std::string& name) {
  if (labels.empty()) throw Error(name + ": no labels");
  const int max_label = *std::max_element(labels.begin(), labels.end());
  if (*std::min_element(labels.begin(), labels.end()) < 0) {
    throw Error(name + ": labels must be >= 0");
  }
  const std::size_t n = labels.size();
  Task task;
  task.name = name;
  task.inputs = Matrix<float>(n, 0);
  task.p_x.assign(n, 1.0 / static_cast<double>(n));
  task.p_y_given_x = Matrix<double>(n, static_cast<std::size_t>(max_label) + 1);
  for (std::size_t i = 0; i < n; ++i) task.p_y_given_x(i, static_cast<std::size_t>(labels[i])) = 1.0;
  return task;
}

}  // namespace infoplane
