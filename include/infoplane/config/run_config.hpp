#pragma once
// The configuration of one run (one setting of an experiment): what to train (TrainConfig:
// [task], [network], [optimizer], [training]), what to measure ([info], [ib]) and what to draw
// ([output]). Every field here is a user-facing parameter declared once in the parameter table
// (config/parameter_table.hpp: TOML key, CLI flag, help, units, range); the initializers below
// are the defaults (the "reference-code" preset), which the table, `--help` and
// docs/parameters.md read from a default-constructed RunConfig.
#include <string>
#include <vector>

#include "infoplane/ib/ib_curve.hpp"
#include "infoplane/info/estimator.hpp"
#include "infoplane/train/train_config.hpp"
#include "infoplane/verdict/verdict_settings.hpp"

namespace infoplane {

struct InfoSettings {
  std::vector<std::string> estimators{"binning"};  // estimator_names(); "kde" records both bounds
  EstimatorOptions options;                        // bins, range, sigma2, k, ...
  double dpi_tol_bits = 1e-9;                      // DPI violations are counted beyond this, bits
  int eval_rows = 0;                               // information-plane patterns (evaluation_rows); 0 = all
  bool operator==(const InfoSettings&) const = default;
};

struct IBSettings {
  bool curve = true;            // compute the task's IB curve
  IBCurveOptions curve_options; // beta range, points, solver tolerances (ib/ib_curve.hpp)
  // Epochs at which beta* of every layer is fitted: explicit epochs (each snaps to the nearest
  // recorded epoch), or, when `beta_star_last` is set, the last recorded epoch.
  std::vector<int> beta_star_epochs;
  bool beta_star_last = true;
  int beta_star_networks = 0;   // fit beta* for the first N networks only; 0 = all
  bool operator==(const IBSettings&) const = default;
};

struct OutputSettings {
  bool figures = true;
  bool movie = true;
  bool operator==(const OutputSettings&) const = default;
};

struct RunConfig {
  TrainConfig train;
  InfoSettings info;
  IBSettings ib;
  OutputSettings output;
  VerdictSettings verdict;  // infoplane verdict's estimator grid (verdict/verdict_settings.hpp)
  bool operator==(const RunConfig&) const = default;
};

}  // namespace infoplane
