#pragma once
// The information plane of one layer: I(X;T) and I(T;Y) in bits, through the Markov chain
// Y -> X -> T with the task's exact P(X, Y). Several estimators sit behind one interface
// (binning, adaptive, kde, ksg), chosen by name only at the front end (make_estimator).
// Formulas, parameters and known biases: docs/estimators.md.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "infoplane/core/matrix.hpp"
#include "infoplane/task/task.hpp"

namespace infoplane {

// One layer's estimate. All information values are in bits.
struct InfoEstimate {
  double i_xt = 0.0;  // I(X;T), bits (for the KDE bounds: the bound the estimator was named for)
  double i_ty = 0.0;  // I(T;Y), bits
  // Bounds, where the estimator gives them (KDE: Bhattacharyya lower, pairwise-KL upper);
  // for point estimators lower == upper == the point value.
  double i_xt_lower = 0.0;
  double i_xt_upper = 0.0;
  double i_ty_lower = 0.0;
  double i_ty_upper = 0.0;
  // Binning estimators: the number of distinct symbols t and the value range used for the
  // bins (taken from the data when the range is "data"; the fixed range otherwise).
  int n_symbols = 0;
  double range_lo = 0.0;
  double range_hi = 0.0;
};

// Every user-facing estimator parameter with its default (the [info] keys of the parameter
// table, config/parameter_table.hpp). The algorithms' own option structs (BinningOptions,
// KsgOptions) take their defaults from here.
struct EstimatorOptions {
  // binning / adaptive
  int bins = 30;                    // bins per unit, >= 2
  std::string range = "fixed";      // "fixed" (range_lo..range_hi) or "data" (min..max per call)
  double range_lo = -1.0;
  double range_hi = 1.0;
  bool reference_digitize = false;  // reproduce numpy.digitize on linspace(lo, hi, bins) edges
  // kde
  double sigma2 = 1e-3;             // variance of the Gaussian noise added to T, > 0
  int mc_samples = 4096;            // noisy: Monte-Carlo samples per estimate, >= 1
  // ksg
  int k = 3;                        // neighbours, >= 1
  double ksg_noise_var = 0.0;       // variance of Gaussian noise added to T before KSG, >= 0
  double ksg_jitter = 1e-10;        // std of tie-breaking jitter (relative to the data's scale)
  std::uint64_t seed = 1;           // noise / jitter / soft-label draws (ksg)
  // kde and ksg: worker threads for the O(n^2) loops; results do not depend on it.
  int threads = 1;
  bool operator==(const EstimatorOptions&) const = default;
};

class Estimator {
 public:
  virtual ~Estimator() = default;
  // "binning", "adaptive", "kde", "kde_upper", "kde_lower", "ksg".
  virtual std::string name() const = 0;
  // layer: shape = [n_patterns, width], row i = the layer's activation on task pattern i.
  // Throws infoplane::Error when the layer does not match the task (rows, NaN/inf values).
  virtual InfoEstimate estimate(MatrixView<float> layer, const Task& task) const = 0;
};

// Builds an estimator by name; throws infoplane::Error naming the estimator or the option that
// is out of range.
std::unique_ptr<Estimator> make_estimator(const std::string& name,
                                          const EstimatorOptions& options = {});

// The names make_estimator accepts, in a fixed order.
std::vector<std::string> estimator_names();

// Checks that `layer` fits `task` and the task itself is usable: rows match, at least one row,
// values finite, p(x) and p(y|x) well formed. Throws infoplane::Error (prefix names the caller).
void validate_layer(MatrixView<float> layer, const Task& task, const std::string& what);
// Its two halves, for callers that check a task once and many layers against it.
void validate_task(const Task& task, const std::string& what);
void validate_layer_values(MatrixView<float> layer, const Task& task, const std::string& what);

}  // namespace infoplane
