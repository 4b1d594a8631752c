#pragma once
// A named experiment (experiments/*.toml): one or more settings, each a full training
// configuration (train/train_config.hpp: [task], [network], [optimizer], [training]), plus
// what to measure ([info], [ib]) and what to draw ([output]).
//
//   name = "sample-size"                 # used for the output folder
//   description = "Figures 2-3: ..."
//   preset = "reference-code"            # train/train_config.hpp presets
//   [task] ... [network] ... [optimizer] ... [training] ...   # the base configuration
//   [info]   estimators = ["binning"], bins = 30, ...          # online estimators
//   [ib]     curve = true, beta_star_epochs = "last", ...
//   [output] figures = true, movie = true
//   [[setting]]                          # zero or more; none = one setting, the base
//   label = "5%"
//   task.train_fraction = 0.05           # any base key, overriding it for this setting
//
// Every key is validated; errors name the file, the setting and the key.
#include <string>
#include <string_view>
#include <vector>

#include "infoplane/info/estimator.hpp"
#include "infoplane/train/train_config.hpp"

namespace infoplane {

struct InfoSettings {
  std::vector<std::string> estimators{"binning"};  // estimator_names(); "kde" records both bounds
  EstimatorOptions options;                        // bins, range, sigma2, k, ...
  double dpi_tol_bits = 1e-9;                      // tolerance of the DPI violation count
};

struct IBSettings {
  bool curve = true;            // compute the task's IB curve
  double beta_min = 0.1;
  double beta_max = 1000.0;
  int points = 60;
  // Epochs at which beta* of every layer is fitted: explicit epochs (each snaps to the nearest
  // recorded epoch) and, when `beta_star_last` is set, the last recorded epoch.
  std::vector<int> beta_star_epochs;
  bool beta_star_last = true;
  int beta_star_networks = 0;   // fit beta* for the first N networks only; 0 = all
};

struct OutputSettings {
  bool figures = true;
  bool movie = true;
};

struct ExperimentSetting {
  std::string label;            // folder name and figure title; unique within the experiment
  TrainConfig train;
};

struct ExperimentConfig {
  std::string name;
  std::string description;
  std::vector<ExperimentSetting> settings;  // at least one
  InfoSettings info;
  IBSettings ib;
  OutputSettings output;
  std::string source_toml;                  // the file's text, kept in the results
};

// `source` names the file in messages. Throws infoplane::Error.
ExperimentConfig parse_experiment(std::string_view toml_text, const std::string& source);
ExperimentConfig load_experiment(const std::string& path);

// The folder-safe form of a label ("5%" -> "5pct", spaces -> "-").
std::string label_to_folder(const std::string& label);

}  // namespace infoplane
