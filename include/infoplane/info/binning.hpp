#pragma once
// Binning estimators (the paper's, and adaptive equal-mass binning). Each unit's activation is
// mapped to a bin index; a layer's row of bin indices is one symbol t. T is a deterministic
// function of X, so I(X;T) = H(T) - H(T|X) = H(T) with p(t) = sum_x p(x) [t(x) = t], and
// I(T;Y) comes from p(t, y) = sum_x p(x) p(y|x) [t(x) = t]. Values in bits.
//
// The hot path (called for every layer of every network at every recorded epoch) reuses a
// BinningWorkspace: after the first call for a given shape it allocates nothing.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "infoplane/core/matrix.hpp"
#include "infoplane/info/estimator.hpp"
#include "infoplane/task/task.hpp"

namespace infoplane {

struct BinningOptions {
  // Defaults: EstimatorOptions (estimator.hpp), where the user-facing parameters live.
  int bins = EstimatorOptions{}.bins;  // bins per unit, 2..65535
  bool range_from_data = false;        // false: [range_lo, range_hi]; true: layer min..max per call
  double range_lo = EstimatorOptions{}.range_lo;
  double range_hi = EstimatorOptions{}.range_hi;
  // false: `bins` equal bins over [lo, hi], bin = floor((v - lo) / width) clamped to
  //        0..bins-1 (values outside the range go to the end bins).
  // true:  the reference code: edges = numpy.linspace(lo, hi, bins), numpy.digitize, each value
  //        replaced by its bin's left edge edges[digitize(v) - 1]. This gives bins-1 interior
  //        bins of width (hi-lo)/(bins-1); v >= hi gets the symbol of the last edge, and so does
  //        v < lo (numpy's index -1 wraps to the last edge).
  bool reference_digitize = EstimatorOptions{}.reference_digitize;
  bool adaptive = false;           // equal-mass bins per unit (quantile edges); ignores range
};

// The binning part of the estimator options (estimator.hpp). Throws infoplane::Error for an
// unknown range mode.
BinningOptions binning_options_from(const EstimatorOptions& options, bool adaptive = false);

// Reusable buffers; one per thread. Holds the last call's encoder t_of_x.
class BinningWorkspace {
 public:
  // Symbol id of each pattern from the last call: compact ids 0..n_symbols-1, numbered in order
  // of first appearance (row order). shape = [n_patterns].
  std::span<const int> t_of_x() const { return t_of_x_; }
  int n_symbols() const { return n_symbols_; }

 private:
  friend struct BinningKernel;
  std::vector<std::uint16_t> bin_index_;  // shape = [n_patterns, width]
  std::vector<std::uint64_t> keys_;       // shape = [n_patterns]
  struct Slot {                           // open-addressing hash table entry
    std::uint64_t key;                    // packed bin indices, or a hash of a wide row
    std::int32_t row;                     // first row with this symbol; -1 = empty
    std::int32_t symbol;
  };
  std::vector<Slot> table_;
  std::vector<int> t_of_x_;               // shape = [n_patterns]
  std::vector<double> p_t_;               // shape = [n_symbols]
  std::vector<double> p_ty_;              // shape = [n_symbols, n_labels]
  std::vector<double> p_y_;               // shape = [n_labels]
  std::vector<float> sorted_;             // adaptive: one unit's sorted values
  std::vector<float> edges_;              // adaptive: one unit's inner edges, shape = [bins-1]
  std::vector<double> ref_edges_;         // reference digitize: linspace edges, shape = [bins]
  std::vector<int> count_;                // patterns per symbol, shape = [n_symbols]
  // Per-task cache (keyed on the task's p(x) and p(y|x) buffers; a task modified in place keeps
  // its buffers, so use a fresh workspace after changing a task's probabilities).
  const void* task_key_[2] = {nullptr, nullptr};
  std::size_t task_n_ = 0, task_labels_ = 0;
  std::vector<double> log2_p_y_;          // shape = [n_labels]
  std::vector<double> single_h_;          // -p_i log2 p_i, shape = [n_patterns]
  std::vector<double> single_i_;          // sum_y p_i q_iy log2(q_iy / p_y), shape = [n_patterns]
  int n_symbols_ = 0;
};

// Maps each row of `layer` to a symbol (ws.t_of_x(), ws.n_symbols()) and returns the range used.
// Throws infoplane::Error for bad options or non-finite values.
struct SymbolRange {
  double lo = 0.0;
  double hi = 0.0;
};
SymbolRange bin_symbols(MatrixView<float> layer, const BinningOptions& options,
                        BinningWorkspace& ws);

// I(X;T) and I(T;Y) in bits from an encoder t_of_x (ids 0..n_symbols-1, one per pattern) and the
// task's p(x), p(y|x). Works for any deterministic encoder, not only binning.
struct DiscreteInfo {
  double i_xt = 0.0;  // = H(T), bits
  double i_ty = 0.0;  // bits
};
DiscreteInfo discrete_information(std::span<const int> t_of_x, int n_symbols, const Task& task,
                                  BinningWorkspace& ws);

// The whole estimate, reusing `ws` (no allocation once warm). Does not validate the task: call
// validate_layer once per run at the boundary.
InfoEstimate binning_estimate(MatrixView<float> layer, const Task& task,
                              const BinningOptions& options, BinningWorkspace& ws);

// Estimator-interface wrappers ("binning", "adaptive"); each call uses a fresh workspace.
class BinningEstimator : public Estimator {
 public:
  explicit BinningEstimator(BinningOptions options);
  std::string name() const override { return options_.adaptive ? "adaptive" : "binning"; }
  InfoEstimate estimate(MatrixView<float> layer, const Task& task) const override;
  const BinningOptions& options() const { return options_; }

 private:
  BinningOptions options_;
};

}  // namespace infoplane
