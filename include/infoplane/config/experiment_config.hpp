#pragma once
// An experiment file (experiments/*.toml): one or more settings, each a full RunConfig.
//
//   name = "sample-size"                 # the output folder
//   description = "Figures 2-3: ..."
//   preset = "reference-code"            # config/parameter_table.hpp presets
//   [task] ... [network] ... [optimizer] ... [training] ... [info] ... [ib] ... [output] ...
//   [[setting]]                          # zero or more; none = one setting, the base
//   label = "5%"
//   task.train_fraction = 0.05           # any key of the table, overriding the base's
//
// Without [[setting]] tables, an optional top-level `label` names the one setting (default:
// the name); the resolved configuration stored in a results file uses it, so that the stored
// text, given back to `infoplane run`, reproduces the run. Every key is checked against the
// parameter table; errors give the file and the line where the value was written.
#include <string>
#include <string_view>
#include <vector>

#include "infoplane/config/config_value.hpp"
#include "infoplane/config/run_config.hpp"

namespace infoplane {

struct ExperimentSetting {
  std::string label;            // folder name and figure title; unique within the experiment
  RunConfig config;
};

struct ExperimentConfig {
  std::string name;
  std::string description;
  std::vector<ExperimentSetting> settings;  // at least one
  std::string source_toml;                  // the file's text as given
};

// `source` names the file in messages. Throws infoplane::Error.
ExperimentConfig parse_experiment(std::string_view toml_text, const std::string& source);
ExperimentConfig load_experiment(const std::string& path);

// One run's parameters from a file without [[setting]] tables (`infoplane train --config`):
// the same reader and keys; `name`, `label` and `description` are allowed and ignored.
RunConfig parse_run_config(std::string_view toml_text, const std::string& source);
RunConfig load_run_config(const std::string& path);

// A value given on the command line for every setting (`infoplane run NAME --epochs 5`).
struct ParameterOverride {
  std::string key;
  ConfigValue value;
};
// Applies the overrides to every setting and checks the result ("command line: key = ...").
void apply_overrides(ExperimentConfig& experiment, const std::vector<ParameterOverride>& overrides);
// The same for one configuration; `where` names the source in messages. A `preset` among the
// overrides replaces the configuration with the preset's values first (then the others apply).
void apply_overrides(RunConfig& config, const std::vector<ParameterOverride>& overrides,
                     const std::string& where = "command line");

// The folder-safe form of a label ("5%" -> "5pct", spaces -> "-").
std::string label_to_folder(const std::string& label);

// The resolved configuration of one setting as an experiment file: name, label, description
// and every parameter of the table, explicit. parse_experiment reads it back to an equal
// RunConfig (tests/config/round_trip_test.cpp).
std::string resolved_experiment_toml(const std::string& name, const std::string& label,
                                     const std::string& description, const RunConfig& config);
// Every parameter of the table as TOML, table by table.
std::string to_toml(const RunConfig& config);

}  // namespace infoplane
