#pragma once
// The training experiment: task, network, optimizer and training settings, with named presets,
// validation and the TOML experiment file ([task], [network], [optimizer], [training]).
//
// Every user-facing parameter is listed once in kTrainParameters (key, CLI flag, meaning); the
// TOML parser, the validation messages, `infoplane train --help` and docs/training.md use it.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "infoplane/nn/network_spec.hpp"
#include "infoplane/train/schedule.hpp"

namespace infoplane {

enum class OptimizerKind {
  kSgd,   // mini-batch SGD, w -= lr * g (the paper's text)
  kAdam,  // Adam (the reference code: lr 4e-4, batch 512)
  kGd,    // full-batch gradient descent: one step per epoch on the whole training set
};
OptimizerKind parse_optimizer_kind(const std::string& name, const std::string& what);
std::string to_string(OptimizerKind kind);

struct TaskSettings {
  std::string rule = "spherical";  // see task/make_task.hpp
  std::uint64_t rule_seed = 1;
  double train_fraction = 0.85;    // share of the patterns in each network's training sample
};

struct NetworkSettings {
  std::vector<int> hidden_widths{10, 7, 5, 4, 3};
  Activation activation = Activation::kTanh;
  OutputKind output = OutputKind::kSoftmax;
  InitOptions init;  // std = init_scale / sqrt(fan_in), truncated at 2 sd; biases 0
};

struct OptimizerSettings {
  OptimizerKind kind = OptimizerKind::kAdam;
  double learning_rate = 4e-4;
  int batch_size = 512;  // samples per mini-batch (ignored by gd)
  double beta1 = 0.9;    // Adam first-moment decay
  double beta2 = 0.999;  // Adam second-moment decay
  double epsilon = 1e-8; // Adam denominator guard (TensorFlow 1's default)
};

struct TrainingSettings {
  int networks = 50;
  int epochs = 10000;
  std::uint64_t seed = 0;  // the ensemble seed; network i derives its own streams from it
  int threads = 0;         // 0 = all hardware threads
  RecordSchedule record;   // default: the reference log schedule, K = 400
};

struct TrainConfig {
  std::string preset = "reference-code";
  TaskSettings task;
  NetworkSettings network;
  OptimizerSettings optimizer;
  TrainingSettings training;
};

// One user-facing parameter: TOML key ("table.key"), CLI flag ("" if none), meaning.
struct TrainParameter {
  const char* key;
  const char* flag;
  const char* help;
};
extern const std::vector<TrainParameter> kTrainParameters;

// Presets (docs/training.md):
//   "reference-code": Adam, lr 4e-4, batch 512 (the code that produced the paper's figures);
//                     the default.
//   "paper":          mini-batch SGD, lr 0.01, batch 512 (the paper's text says SGD; it gives
//                     no learning rate, 0.01 is our choice and is documented as such).
// Both: 12-10-7-5-4-3-2 tanh + softmax, 50 networks, 10,000 epochs, 85% training samples.
// Throws infoplane::Error naming `what` for another name.
TrainConfig preset_config(const std::string& name, const std::string& what = "preset");

// Parses an experiment file (TOML). Defaults come from the file's top-level `preset` key (or
// "reference-code"); each key present overrides. Unknown keys and tables are rejected, naming
// them, except for top-level tables listed in `other_tables` (owned by other modules).
// `source` names the file in messages ("exp.toml: optimizer.batch_size = 0: must be >= 1").
TrainConfig parse_train_config(std::string_view toml_text, const std::string& source,
                               const std::vector<std::string>& other_tables = {});
TrainConfig load_train_config(const std::string& path,
                              const std::vector<std::string>& other_tables = {});

// Checks every value's range; throws infoplane::Error "<source>: <key> = <value>: <expected>
// (<flag>)".
void validate_train_config(const TrainConfig& config, const std::string& source);

// The resolved configuration as TOML, every key explicit (parse_train_config reads it back).
std::string to_toml(const TrainConfig& config);

}  // namespace infoplane
