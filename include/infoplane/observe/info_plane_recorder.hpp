#pragma once
// The online information plane: a TrainingObserver that, at every recorded epoch, places every
// layer of every network in the information plane with each requested estimator and keeps
// the values in the RunResults layout (InfoPlaneSeries, shape = [n_networks, n_recorded,
// n_layers], bits), plus the count of data-processing-inequality violations per network and
// epoch. Binning uses one reusable workspace per network (no allocation once warm).
//
// Threading: calls for different networks may run concurrently; each network writes only its
// own slots, so results do not depend on the thread count.
#include <memory>
#include <string>
#include <vector>

#include "infoplane/info/binning.hpp"
#include "infoplane/info/estimator.hpp"
#include "infoplane/results/run_results.hpp"
#include "infoplane/task/task.hpp"
#include "infoplane/train/observer.hpp"

namespace infoplane {

class InfoPlaneRecorder : public TrainingObserver {
 public:
  // estimators: names from estimator_names(); "kde" records two series, kde_upper and kde_lower.
  // recorded_epochs ascending. rows: the task patterns to estimate on (ascending, e.g.
  // evaluation_rows(); p(x) uniform over them, p(y|x) the task's); empty = every pattern.
  // Throws infoplane::Error for unknown names or bad options.
  InfoPlaneRecorder(const Task& task, std::vector<int> recorded_epochs, int n_networks,
                    int n_layers, const std::vector<std::string>& estimators = {"binning"},
                    const EstimatorOptions& options = {}, double dpi_tol_bits = 1e-9,
                    std::vector<int> rows = {});

  void on_recorded_epoch(int network, int epoch, const std::vector<Matrix<float>>& activations,
                         const EpochMetrics& metrics) override;

  const std::vector<InfoPlaneSeries>& series() const { return series_; }
  // Puts back the values of an interrupted run (checkpoint/resume): same series names and
  // shapes as this recorder's, else infoplane::Error.
  void restore(const std::vector<InfoPlaneSeries>& saved);
  // DPI violations (I(X;T) and I(T;Y) together) per series, shape = [n_networks, n_recorded].
  const std::vector<std::vector<int>>& dpi_violations() const { return dpi_violations_; }
  // The task the estimates are of: the whole task, or the rows' (p(x) uniform over them).
  const Task& estimated_task() const { return rows_.empty() ? task_ : eval_task_; }

 private:
  const Task& task_;
  std::vector<int> rows_;                                  // empty: every pattern of task_
  Task eval_task_;                                         // the rows' task (rows_ not empty)
  std::vector<std::vector<Matrix<float>>> gathered_;       // per network: the rows of each layer
  std::vector<int> recorded_epochs_;
  int n_networks_;
  int n_layers_;
  double dpi_tol_;
  BinningOptions binning_options_;
  std::vector<std::string> series_names_;                 // one per series
  std::vector<std::unique_ptr<Estimator>> estimators_;    // null for the fast binning path
  std::vector<InfoPlaneSeries> series_;
  std::vector<std::vector<int>> dpi_violations_;
  std::vector<BinningWorkspace> workspaces_;               // one per network
};

}  // namespace infoplane
