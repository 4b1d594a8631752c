#pragma once
// What to train: task, network, optimizer and training settings. Every field is a user-facing
// parameter declared in the parameter table (config/parameter_table.hpp: key, flag, help, range);
// the initializers are the defaults (the "reference-code" preset). Values reach these structs
// only through the table, which has checked them; the trainer asserts its preconditions.
#include <cstdint>
#include <string>
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
  bool operator==(const TaskSettings&) const = default;
};

struct NetworkSettings {
  std::vector<int> hidden_widths{10, 7, 5, 4, 3};
  Activation activation = Activation::kTanh;
  OutputKind output = OutputKind::kSoftmax;
  InitOptions init;  // std = init_scale / sqrt(fan_in), truncated at 2 sd; biases 0
  // Hidden-layer perturbations (nn/hidden_perturbation.hpp), in training and recording.
  double noise_var = 0.0;              // Gaussian noise variance per hidden unit (activation^2); 0 = off
  int quantize_bits = 0;               // 0 = off, else 1..16 bits (straight-through gradient)
  std::vector<double> quantize_range;  // [lo, hi]; empty = default_quantize_range(activation)
  bool operator==(const NetworkSettings&) const = default;
};

struct OptimizerSettings {
  OptimizerKind kind = OptimizerKind::kAdam;
  double learning_rate = 4e-4;
  int batch_size = 512;  // samples per mini-batch (ignored by gd)
  double beta1 = 0.9;    // Adam first-moment decay
  double beta2 = 0.999;  // Adam second-moment decay
  double epsilon = 1e-8; // Adam denominator guard (TensorFlow 1's default)
  bool operator==(const OptimizerSettings&) const = default;
};

struct TrainingSettings {
  int networks = 50;
  int epochs = 10000;
  std::uint64_t seed = 0;  // the ensemble seed; network i derives its own streams from it
  int threads = 0;         // 0 = all hardware threads
  RecordSchedule record;   // default: the reference log schedule, K = 400
  bool operator==(const TrainingSettings&) const = default;
};

struct TrainConfig {
  std::string preset = "reference-code";  // the presets: config/parameter_table.hpp
  TaskSettings task;
  NetworkSettings network;
  OptimizerSettings optimizer;
  TrainingSettings training;
  bool operator==(const TrainConfig&) const = default;
};

}  // namespace infoplane
