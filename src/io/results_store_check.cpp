// Content rules of a read results file (see detail/results_store_check.hpp).
#include "io/detail/results_store_check.hpp"

#include <algorithm>
#include <vector>

#include "infoplane/core/error.hpp"

namespace infoplane::detail {
namespace {

[[noreturn]] void fail(const std::string& file, const std::string& dataset, const std::string& what) {
  throw Error(file + ": dataset '" + dataset + "': " + what);
}

// Strictly increasing epochs, none negative (0 = before training).
void check_epochs(const std::string& file, const std::string& dataset,
                  const std::vector<int>& epochs) {
  for (std::size_t k = 0; k < epochs.size(); ++k) {
    if (epochs[k] < 0) {
      fail(file, dataset, "entry " + std::to_string(k) + " is epoch " + std::to_string(epochs[k]) +
                              "; expected epochs >= 0");
    }
    if (k > 0 && epochs[k] <= epochs[k - 1]) {
      fail(file, dataset, "entry " + std::to_string(k) + " (" + std::to_string(epochs[k]) +
                              ") does not follow " + std::to_string(epochs[k - 1]) +
                              "; expected strictly increasing epochs");
    }
  }
}

// `a` and `b` (datasets named `a_name`, `b_name`) are written together or not at all.
void check_pair(const std::string& file, const std::vector<double>& a, const std::string& a_name,
                const std::vector<double>& b, const std::string& b_name) {
  if (a.empty() != b.empty()) {
    fail(file, a.empty() ? a_name : b_name,
         "missing, while '" + (a.empty() ? b_name : a_name) + "' is present; expected both or neither");
  }
}

}  // namespace

void check_results_contents(const std::string& file, const RunResults& r) {
  if (r.layer_widths.empty()) fail(file, "layers/widths", "empty; expected at least the output layer");
  for (std::size_t l = 0; l < r.layer_widths.size(); ++l) {
    if (r.layer_widths[l] < 1) {
      fail(file, "layers/widths", "layer " + std::to_string(l) + " has width " +
                                      std::to_string(r.layer_widths[l]) + "; expected >= 1");
    }
  }
  check_epochs(file, "epochs/recorded", r.recorded_epochs);
  if (r.recorded_epochs.empty() && !r.info.empty()) {
    fail(file, "epochs/recorded", "empty, while the file holds information-plane series");
  }
  if (r.layer_beta) {
    const auto& epochs = r.layer_beta->epochs;
    check_epochs(file, "ib/layer_beta/epochs", epochs);
    for (const int e : epochs) {
      if (!std::binary_search(r.recorded_epochs.begin(), r.recorded_epochs.end(), e)) {
        fail(file, "ib/layer_beta/epochs", "epoch " + std::to_string(e) +
                                               " is not in epochs/recorded; expected recorded epochs");
      }
    }
  }
  const auto& g = r.gradients;
  check_pair(file, g.mean_norm, "gradients/mean_norm", g.std_norm, "gradients/std_norm");
  check_pair(file, g.mean_norm, "gradients/mean_norm", g.weight_norm, "gradients/weight_norm");
  check_pair(file, g.std_norm, "gradients/std_norm", g.weight_norm, "gradients/weight_norm");
  const auto& m = r.metrics;
  check_pair(file, m.train_loss, "metrics/train_loss", m.train_accuracy, "metrics/train_accuracy");
  check_pair(file, m.test_loss, "metrics/test_loss", m.test_accuracy, "metrics/test_accuracy");
}

}  // namespace infoplane::detail
