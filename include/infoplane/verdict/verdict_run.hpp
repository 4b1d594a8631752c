#pragma once
// `infoplane verdict SOURCE` (issue 16): is the compression of a run's layers real, or an
// artefact of the estimator? The stored networks are rerun from the results file's seeds and
// resolved configuration (bit-identical: every recorded loss and accuracy is checked against
// the file), their layers placed in the information plane at the chosen recorded epochs under
// every series of the estimator grid, and per layer and series the compression of the
// ensemble-mean I(X;T) (peak minus final) with its 95% bootstrap interval over the networks and
// its onset epoch. docs/verdict.md gives the method.
#include <functional>
#include <string>
#include <vector>

#include "infoplane/config/experiment_config.hpp"
#include "infoplane/results/run_results.hpp"
#include "infoplane/verdict/compression_statistics.hpp"
#include "infoplane/verdict/estimator_grid.hpp"
#include "infoplane/verdict/verdict_recorder.hpp"

namespace infoplane {

// One series of the grid over all layers.
struct SeriesVerdict {
  GridSeries series;
  GridComputation computation;
  std::vector<CompressionStats> layers;  // one per layer
  std::vector<double> mean_i_xt;         // ensemble mean, shape = [n_epochs, n_layers], bits
  std::vector<double> mean_i_ty;
};

// One layer across the grid.
struct LayerVerdict {
  int layer = 0;     // 0 = first hidden layer; the last is the output
  int width = 0;
  int compresses = 0;   // series under which it compresses
  int significant = 0;  // ... significantly
  int of = 0;           // series in the grid
};

struct VerdictReport {
  std::string results_file;
  std::string label;              // the setting's label
  std::string activation;         // hidden activation of the run
  double noise_var = 0.0;         // the run's network.noise_var
  int quantize_bits = 0;          // the run's network.quantize_bits
  VerdictSettings settings;
  int n_networks_run = 0;         // networks in the results file
  int n_networks = 0;             // networks rerun
  std::vector<int> epochs;        // the recorded epochs measured
  std::vector<int> layer_widths;  // hidden then output
  double seconds = 0.0;           // rerun and estimation, wall clock
  std::vector<SeriesVerdict> series;
  std::vector<LayerVerdict> layers;
};

// The results file of SOURCE: SOURCE itself when it is a file, else SOURCE/results.h5. A folder
// without one but with settings' folders (a multi-setting experiment) gives each setting's
// file, in name order. Throws infoplane::Error naming SOURCE when there is none.
std::vector<std::string> verdict_results_files(const std::string& source);

// The run's configuration with its [verdict] keys replaced by `verdict_toml`'s (when not empty:
// the text of a --config file, named `verdict_source` in messages) and then by `overrides`
// (flags of the [verdict] table and training.threads).
RunConfig verdict_config(const RunResults& stored, const std::string& results_file,
                         const std::string& verdict_toml, const std::string& verdict_source,
                         const std::vector<ParameterOverride>& overrides);

// Reruns and measures; `config` from verdict_config. `progress` (may be empty) is called with a
// line per finished network. Throws infoplane::Error (a rerun that differs, bad options).
VerdictReport run_verdict(const std::string& results_file, const RunResults& stored, const RunConfig& config,
                          const std::function<void(const std::string&)>& progress = {});

// The statistics of a report from measured planes (the part run_verdict does after the rerun;
// also the tests' way in with built planes).
void judge_planes(const EstimatorGrid& grid, const GridPlanes& planes, const VerdictSettings& settings,
                  VerdictReport& report);

}  // namespace infoplane
