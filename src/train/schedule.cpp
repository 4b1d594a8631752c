#include "infoplane/train/schedule.hpp"

#include <algorithm>
#include <cmath>

#include "infoplane/core/error.hpp"

namespace infoplane {

std::vector<int> reference_log_epochs(int n_epochs, int n_points) {
  INFOPLANE_ASSERT(n_epochs >= 1 && n_points >= 2);
  // np.linspace(0, log2(E), K): step = (stop - start) / (K - 1); y = i * step + start; the last
  // element is set to stop. np.logspace then takes base ** y in float64; dtype=int truncates.
  const double stop = std::log2(static_cast<double>(n_epochs));
  const double step = stop / static_cast<double>(n_points - 1);
  std::vector<int> epochs;
  epochs.reserve(static_cast<std::size_t>(n_points));
  for (int i = 0; i < n_points; ++i) {
    const double y = i == n_points - 1 ? stop : static_cast<double>(i) * step + 0.0;
    epochs.push_back(static_cast<int>(std::pow(2.0, y)) - 1);
  }
  std::sort(epochs.begin(), epochs.end());
  epochs.erase(std::unique(epochs.begin(), epochs.end()), epochs.end());
  return epochs;
}

std::vector<int> recorded_epochs(const RecordSchedule& schedule, int n_epochs, const std::string& what) {
  if (n_epochs < 1) throw Error("training.epochs = " + std::to_string(n_epochs) + ": must be >= 1");
  switch (schedule.mode) {
    case RecordMode::kLog:
      if (schedule.points < 2) {
        throw Error(what + ": record points = " + std::to_string(schedule.points) + ": must be >= 2");
      }
      return reference_log_epochs(n_epochs, schedule.points);
    case RecordMode::kEvery: {
      std::vector<int> all(static_cast<std::size_t>(n_epochs) + 1);
      for (int e = 0; e <= n_epochs; ++e) all[e] = e;
      return all;
    }
    case RecordMode::kList: {
      if (schedule.epochs.empty()) throw Error(what + ": the list of epochs is empty");
      std::vector<int> list = schedule.epochs;
      for (int e : list) {
        if (e < 0 || e > n_epochs) {
          throw Error(what + ": epoch " + std::to_string(e) + ": must be in [0, " +
                      std::to_string(n_epochs) + "] (training.epochs)");
        }
      }
      std::sort(list.begin(), list.end());
      list.erase(std::unique(list.begin(), list.end()), list.end());
      return list;
    }
  }
  return {};
}

}  // namespace infoplane
