// Presets, validation and TOML output of TrainConfig (parsing: train_config_toml.cpp).
#include <cmath>
#include <sstream>

#include "infoplane/core/error.hpp"
#include "infoplane/train/train_config.hpp"

namespace infoplane {

const std::vector<TrainParameter> kTrainParameters = {
    {"preset", "--preset", "defaults to start from: reference-code (Adam) or paper (SGD)"},
    {"task.rule", "--rule", "task: spherical, committee, mat:PATH, idx:IMAGES,LABELS"},
    {"task.rule_seed", "--rule-seed", "seed of a rule with random parts (committee)"},
    {"task.train_fraction", "--train-fraction", "share of patterns in each training sample, (0, 1]"},
    {"network.widths", "--widths", "hidden layer widths, e.g. [10, 7, 5, 4, 3]"},
    {"network.activation", "--activation", "hidden activation: tanh, relu, linear, sigmoid"},
    {"network.output", "--output", "output layer: softmax (n_labels units) or sigmoid (1 unit)"},
    {"network.init_scale", "--init-scale", "initial weight std = init_scale / sqrt(fan_in), > 0"},
    {"network.init_truncated", "", "truncate initial weights at 2 standard deviations"},
    {"optimizer.name", "--optimizer", "sgd, adam or gd (full batch)"},
    {"optimizer.learning_rate", "--lr", "step size, > 0"},
    {"optimizer.batch_size", "--batch", "samples per mini-batch, >= 1 (ignored by gd)"},
    {"optimizer.beta1", "", "Adam first-moment decay, [0, 1)"},
    {"optimizer.beta2", "", "Adam second-moment decay, [0, 1)"},
    {"optimizer.epsilon", "", "Adam denominator guard, > 0"},
    {"training.networks", "--networks", "networks in the ensemble, >= 1"},
    {"training.epochs", "--epochs", "training epochs, >= 1"},
    {"training.seed", "--seed", "ensemble seed (network i derives its own streams)"},
    {"training.threads", "--threads", "worker threads, 0 = all hardware threads"},
    {"training.record", "--record", "recorded epochs: \"log\", \"every\" or a list [0, 10, ...]"},
    {"training.record_points", "--record-points", "K of the log schedule, >= 2"},
};

OptimizerKind parse_optimizer_kind(const std::string& name, const std::string& what) {
  if (name == "sgd") return OptimizerKind::kSgd;
  if (name == "adam") return OptimizerKind::kAdam;
  if (name == "gd") return OptimizerKind::kGd;
  throw Error(what + " = \"" + name + "\": expected sgd, adam or gd");
}

std::string to_string(OptimizerKind kind) {
  switch (kind) {
    case OptimizerKind::kSgd: return "sgd";
    case OptimizerKind::kAdam: return "adam";
    case OptimizerKind::kGd: return "gd";
  }
  return "?";
}

TrainConfig preset_config(const std::string& name, const std::string& what) {
  TrainConfig config;  // the struct's defaults are the reference-code preset
  if (name == "reference-code") return config;
  if (name == "paper") {
    config.preset = "paper";
    config.optimizer.kind = OptimizerKind::kSgd;
    config.optimizer.learning_rate = 0.01;
    config.optimizer.batch_size = 512;
    return config;
  }
  throw Error(what + " = \"" + name + "\": expected reference-code or paper");
}

namespace {

const char* flag_of(const std::string& key) {
  for (const auto& p : kTrainParameters) {
    if (key == p.key) return p.flag;
  }
  return "";
}

template <class T>
[[noreturn]] void fail(const std::string& source, const std::string& key, const T& value,
                       const std::string& expected) {
  std::ostringstream os;
  os << source << ": " << key << " = " << value << ": " << expected;
  const std::string flag = flag_of(key);
  if (!flag.empty()) os << " (flag " << flag << ")";
  throw Error(os.str());
}

}  // namespace

void validate_train_config(const TrainConfig& c, const std::string& source) {
  if (c.task.rule.empty()) fail(source, "task.rule", "\"\"", "must name a task");
  const double f = c.task.train_fraction;
  if (!(f > 0.0 && f <= 1.0)) fail(source, "task.train_fraction", f, "must be in (0, 1]");
  if (c.network.hidden_widths.empty()) fail(source, "network.widths", "[]", "needs at least one hidden width");
  for (int w : c.network.hidden_widths) {
    if (w < 1 || w > 4096) fail(source, "network.widths", w, "each width must be in [1, 4096]");
  }
  const double s = c.network.init.init_scale;
  if (!(s > 0.0) || !std::isfinite(s)) fail(source, "network.init_scale", s, "must be > 0 and finite");
  const auto& o = c.optimizer;
  if (!(o.learning_rate > 0.0) || !std::isfinite(o.learning_rate)) {
    fail(source, "optimizer.learning_rate", o.learning_rate, "must be > 0 and finite");
  }
  if (o.batch_size < 1) fail(source, "optimizer.batch_size", o.batch_size, "must be >= 1");
  if (!(o.beta1 >= 0.0 && o.beta1 < 1.0)) fail(source, "optimizer.beta1", o.beta1, "must be in [0, 1)");
  if (!(o.beta2 >= 0.0 && o.beta2 < 1.0)) fail(source, "optimizer.beta2", o.beta2, "must be in [0, 1)");
  if (!(o.epsilon > 0.0) || !std::isfinite(o.epsilon)) fail(source, "optimizer.epsilon", o.epsilon, "must be > 0");
  const auto& t = c.training;
  if (t.networks < 1 || t.networks > 1000000) fail(source, "training.networks", t.networks, "must be in [1, 1000000]");
  if (t.epochs < 1 || t.epochs > 100000000) fail(source, "training.epochs", t.epochs, "must be in [1, 1e8]");
  if (t.threads < 0 || t.threads > 4096) fail(source, "training.threads", t.threads, "must be in [0, 4096] (0 = all)");
  if (t.record.mode == RecordMode::kLog && t.record.points < 2) {
    fail(source, "training.record_points", t.record.points, "must be >= 2");
  }
  if (t.record.mode == RecordMode::kList) {
    if (t.record.epochs.empty()) fail(source, "training.record", "[]", "the list of epochs is empty");
    for (int e : t.record.epochs) {
      if (e < 0 || e > t.epochs) {
        fail(source, "training.record", e, "each epoch must be in [0, training.epochs = " + std::to_string(t.epochs) + "]");
      }
    }
  }
}

std::string to_toml(const TrainConfig& c) {
  std::ostringstream os;
  os.precision(17);
  os << "preset = \"" << c.preset << "\"\n\n[task]\n"
     << "rule = \"" << c.task.rule << "\"\n"
     << "rule_seed = " << c.task.rule_seed << "\n"
     << "train_fraction = " << c.task.train_fraction << "\n\n[network]\nwidths = [";
  for (std::size_t k = 0; k < c.network.hidden_widths.size(); ++k) os << (k ? ", " : "") << c.network.hidden_widths[k];
  os << "]\nactivation = \"" << to_string(c.network.activation) << "\"\n"
     << "output = \"" << to_string(c.network.output) << "\"\n"
     << "init_scale = " << c.network.init.init_scale << "\n"
     << "init_truncated = " << (c.network.init.truncated ? "true" : "false") << "\n\n[optimizer]\n"
     << "name = \"" << to_string(c.optimizer.kind) << "\"\n"
     << "learning_rate = " << c.optimizer.learning_rate << "\n"
     << "batch_size = " << c.optimizer.batch_size << "\n"
     << "beta1 = " << c.optimizer.beta1 << "\n"
     << "beta2 = " << c.optimizer.beta2 << "\n"
     << "epsilon = " << c.optimizer.epsilon << "\n\n[training]\n"
     << "networks = " << c.training.networks << "\n"
     << "epochs = " << c.training.epochs << "\n"
     << "seed = " << c.training.seed << "\n"
     << "threads = " << c.training.threads << "\n";
  switch (c.training.record.mode) {
    case RecordMode::kLog: os << "record = \"log\"\n"; break;
    case RecordMode::kEvery: os << "record = \"every\"\n"; break;
    case RecordMode::kList:
      os << "record = [";
      for (std::size_t k = 0; k < c.training.record.epochs.size(); ++k) os << (k ? ", " : "") << c.training.record.epochs[k];
      os << "]\n";
      break;
  }
  os << "record_points = " << c.training.record.points << "\n";
  return os.str();
}

}  // namespace infoplane
