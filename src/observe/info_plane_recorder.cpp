// The online information plane observer (see the header).
#include "infoplane/observe/info_plane_recorder.hpp"

#include <algorithm>

#include "infoplane/core/error.hpp"
#include "infoplane/info/plane_summary.hpp"
#include "infoplane/results/series_index.hpp"
#include "infoplane/task/split.hpp"

namespace infoplane {

InfoPlaneRecorder::InfoPlaneRecorder(const Task& task, std::vector<int> recorded_epochs,
                                     int n_networks, int n_layers,
                                     const std::vector<std::string>& estimators,
                                     const EstimatorOptions& options, double dpi_tol_bits,
                                     std::vector<int> rows)
    : task_(task), rows_(std::move(rows)), recorded_epochs_(std::move(recorded_epochs)), n_networks_(n_networks),
      n_layers_(n_layers), dpi_tol_(dpi_tol_bits), workspaces_(static_cast<std::size_t>(n_networks)) {
  if (n_networks < 1 || n_layers < 1) throw Error("information plane: no networks or no layers");
  if (!std::is_sorted(recorded_epochs_.begin(), recorded_epochs_.end())) {
    throw Error("information plane: recorded epochs must be ascending");
  }
  if (estimators.empty()) throw Error("information plane: no estimator requested");
  // The task is checked once here (p(x), p(y|x) shapes and sums); layers are checked per call
  // by the estimators' own invariants.
  validate_layer(Matrix<float>(task.n_patterns(), 1), task, "information plane");
  if (!rows_.empty()) {
    Sample sample;
    sample.pattern = rows_;
    sample.label.assign(rows_.size(), 0);  // unused with SampleLabels::kTrue
    eval_task_ = sample_task(task, sample, SampleLabels::kTrue);
    eval_task_.name = task.name + " (" + std::to_string(rows_.size()) + " evaluation patterns)";
    gathered_.resize(static_cast<std::size_t>(n_networks));
  }
  binning_options_ = binning_options_from(options);
  for (const auto& name : estimators) {
    auto add = [&](const std::string& series_name, std::unique_ptr<Estimator> est) {
      series_names_.push_back(series_name);
      estimators_.push_back(std::move(est));
    };
    if (name == "binning") {
      (void)make_estimator(name, options);  // validates the options
      add(name, nullptr);
    } else if (name == "kde") {
      add("kde_upper", make_estimator("kde_upper", options));
      add("kde_lower", make_estimator("kde_lower", options));
    } else {
      add(name, make_estimator(name, options));
    }
  }
  const std::size_t size = static_cast<std::size_t>(n_networks) * recorded_epochs_.size() *
                           static_cast<std::size_t>(n_layers);
  for (const auto& name : series_names_) {
    series_.push_back({name, std::vector<double>(size, 0.0), std::vector<double>(size, 0.0)});
    dpi_violations_.emplace_back(static_cast<std::size_t>(n_networks) * recorded_epochs_.size(), 0);
  }
}

void InfoPlaneRecorder::on_recorded_epoch(int network, int epoch,
                                          const std::vector<Matrix<float>>& activations,
                                          const EpochMetrics&) {
  INFOPLANE_ASSERT(network >= 0 && network < n_networks_);
  INFOPLANE_ASSERT(static_cast<int>(activations.size()) == n_layers_);
  const auto it = std::lower_bound(recorded_epochs_.begin(), recorded_epochs_.end(), epoch);
  INFOPLANE_ASSERT(it != recorded_epochs_.end() && *it == epoch);
  const std::size_t r = static_cast<std::size_t>(it - recorded_epochs_.begin());
  const std::size_t n_rec = recorded_epochs_.size();
  std::vector<double> xt(static_cast<std::size_t>(n_layers_)), ty(xt.size());
  const std::vector<Matrix<float>>* layers = &activations;
  if (!rows_.empty()) {  // the evaluation rows of every layer, in this network's own buffers
    auto& g = gathered_[static_cast<std::size_t>(network)];
    g.resize(activations.size());
    for (std::size_t l = 0; l < activations.size(); ++l) {
      const std::size_t w = activations[l].cols();
      if (g[l].rows() != rows_.size() || g[l].cols() != w) g[l] = Matrix<float>(rows_.size(), w);
      for (std::size_t i = 0; i < rows_.size(); ++i) {
        const float* src = activations[l].data() + static_cast<std::size_t>(rows_[i]) * w;
        std::copy(src, src + w, g[l].data() + i * w);
      }
    }
    layers = &g;
  }
  const Task& task = estimated_task();
  for (std::size_t s = 0; s < series_.size(); ++s) {
    for (int l = 0; l < n_layers_; ++l) {
      INFOPLANE_ASSERT(activations[l].rows() == task_.n_patterns());
      const Matrix<float>& layer = (*layers)[l];
      const InfoEstimate e =
          estimators_[s] ? estimators_[s]->estimate(layer, task)
                         : binning_estimate(layer, task, binning_options_, workspaces_[network]);
      xt[l] = e.i_xt;
      ty[l] = e.i_ty;
      const std::size_t at = series_index(network, r, l, n_rec, n_layers_);
      series_[s].i_xt[at] = e.i_xt;
      series_[s].i_ty[at] = e.i_ty;
    }
    dpi_violations_[s][static_cast<std::size_t>(network) * n_rec + r] =
        check_dpi(xt, ty, dpi_tol_).count();
  }
}

void InfoPlaneRecorder::restore(const std::vector<InfoPlaneSeries>& saved) {
  for (auto& series : series_) {
    const auto it = std::find_if(saved.begin(), saved.end(),
                                 [&](const auto& s) { return s.estimator == series.estimator; });
    if (it == saved.end() || it->i_xt.size() != series.i_xt.size() ||
        it->i_ty.size() != series.i_ty.size())
      throw Error("information plane: the checkpoint has no matching '" + series.estimator +
                  "' series (was the experiment changed since it was interrupted?)");
    series.i_xt = it->i_xt;
    series.i_ty = it->i_ty;
  }
}

}  // namespace infoplane
