#pragma once
// Which epochs the trainer records (activations of all patterns, metrics). Epoch 0 is the
// untrained network; epoch e >= 1 is the state after e training epochs.
#include <string>
#include <vector>

namespace infoplane {

enum class RecordMode {
  kLog,    // the reference code's log-spaced schedule with `points` points (see below)
  kEvery,  // every epoch 0..n_epochs
  kList,   // the explicit `epochs`
};

struct RecordSchedule {
  RecordMode mode = RecordMode::kLog;
  int points = 400;         // K for kLog
  std::vector<int> epochs;  // for kList
  bool operator==(const RecordSchedule&) const = default;
};

// The reference code's schedule, reproduced exactly:
//   np.unique(np.logspace(np.log2(1), np.log2(E), K, dtype=int, base=2)) - 1
// i.e. y_i = i * (log2 E / (K - 1)) in float64 (y_{K-1} = log2 E exactly, as np.linspace sets
// the endpoint), 2^y_i truncated toward zero, unique, minus one. For E = 10000, K = 400: 279
// epochs from 0 to 9998 (2^log2(10000) evaluates just below 10000). Requires E >= 1, K >= 2.
std::vector<int> reference_log_epochs(int n_epochs, int n_points);

// The ascending, duplicate-free epochs to record for a run of n_epochs epochs. Throws
// infoplane::Error naming `what` for an explicit epoch outside [0, n_epochs] or K < 2.
std::vector<int> recorded_epochs(const RecordSchedule& schedule, int n_epochs,
                                 const std::string& what = "training.record");

}  // namespace infoplane
