// The verdict's rerun observer; see include/infoplane/verdict/verdict_recorder.hpp.
#include "infoplane/verdict/verdict_recorder.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "infoplane/core/error.hpp"
#include "infoplane/info/exact_count.hpp"
#include "infoplane/results/series_index.hpp"

namespace infoplane {

std::vector<int> every_kth_epoch(const std::vector<int>& recorded, int k) {
  INFOPLANE_ASSERT(k >= 1);
  std::vector<int> out;
  for (std::size_t i = 0; i < recorded.size(); i += static_cast<std::size_t>(k)) out.push_back(recorded[i]);
  if (!recorded.empty() && out.back() != recorded.back()) out.push_back(recorded.back());
  return out;
}

VerdictRecorder::VerdictRecorder(const Task& task, const EstimatorGrid& grid, const RunResults& stored,
                                 std::vector<int> epochs, int n_networks, QuantizeRanges exact_ranges)
    : task_(task), grid_(grid), stored_(stored), exact_ranges_(std::move(exact_ranges)) {
  INFOPLANE_ASSERT(n_networks >= 1 && n_networks <= stored.n_networks && !epochs.empty());
  INFOPLANE_ASSERT(static_cast<int>(exact_ranges_.size()) == stored.n_layers());
  for (const auto& c : grid.computations) estimators_.push_back(make_estimator(c.estimator, c.options));
  planes_.epochs = std::move(epochs);
  planes_.n_networks = n_networks;
  planes_.n_layers = stored.n_layers();
  const std::size_t size = static_cast<std::size_t>(n_networks) * planes_.epochs.size() *
                           static_cast<std::size_t>(planes_.n_layers);
  planes_.i_xt.assign(grid.series.size(), std::vector<double>(size, 0.0));
  planes_.i_ty.assign(grid.series.size(), std::vector<double>(size, 0.0));
}

// Bit-identical rerun: every recorded loss and accuracy equals the stored one.
void VerdictRecorder::check_reproduced(int network, int epoch, const EpochMetrics& m) const {
  const auto& rec = stored_.recorded_epochs;
  const auto it = std::lower_bound(rec.begin(), rec.end(), epoch);
  INFOPLANE_ASSERT(it != rec.end() && *it == epoch);
  const std::size_t at = static_cast<std::size_t>(network) * rec.size() + static_cast<std::size_t>(it - rec.begin());
  const auto& s = stored_.metrics;
  auto differs = [&](const std::vector<double>& stored, double rerun) {
    return at < stored.size() && stored[at] != rerun;
  };
  if (differs(s.train_loss, m.train_loss) || differs(s.test_loss, m.test_loss) ||
      differs(s.train_accuracy, m.train_accuracy) || differs(s.test_accuracy, m.test_accuracy)) {
    std::ostringstream out;
    out.precision(17);
    out << "verdict: the rerun of network " << network << " differs from the results file at epoch " << epoch
        << " (train loss " << m.train_loss << ", stored " << (at < s.train_loss.size() ? s.train_loss[at] : NAN)
        << "): the file was written by another build or machine; rerun the experiment with this binary";
    throw Error(out.str());
  }
}

void VerdictRecorder::on_recorded_epoch(int network, int epoch, const std::vector<Matrix<float>>& activations,
                                        const EpochMetrics& metrics) {
  check_reproduced(network, epoch, metrics);
  const auto& epochs = planes_.epochs;
  const auto it = std::lower_bound(epochs.begin(), epochs.end(), epoch);
  if (it == epochs.end() || *it != epoch || network >= planes_.n_networks) return;
  const std::size_t r = static_cast<std::size_t>(it - epochs.begin());
  const int n_layers = planes_.n_layers;
  INFOPLANE_ASSERT(static_cast<int>(activations.size()) == n_layers);
  for (std::size_t c = 0; c < grid_.computations.size(); ++c) {
    const GridComputation& comp = grid_.computations[c];
    for (int l = 0; l < n_layers; ++l) {
      InfoEstimate e;
      if (comp.quantize_bits > 0) {
        const auto [lo, hi] = exact_ranges_[static_cast<std::size_t>(l)];
        const Matrix<float> q = quantize_activations(activations[l], comp.quantize_bits, static_cast<float>(lo),
                                                     static_cast<float>(hi));
        e = estimators_[c]->estimate(q, task_);
      } else {
        e = estimators_[c]->estimate(activations[l], task_);
      }
      const std::size_t at = series_index(network, r, l, epochs.size(), n_layers);
      for (std::size_t s = 0; s < grid_.series.size(); ++s) {
        const GridSeries& series = grid_.series[s];
        if (series.computation != static_cast<int>(c)) continue;
        const bool upper = series.value == GridValue::kUpper, lower = series.value == GridValue::kLower;
        planes_.i_xt[s][at] = upper ? e.i_xt_upper : lower ? e.i_xt_lower : e.i_xt;
        planes_.i_ty[s][at] = upper ? e.i_ty_upper : lower ? e.i_ty_lower : e.i_ty;
      }
    }
  }
}

}  // namespace infoplane
