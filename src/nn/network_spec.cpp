#include "infoplane/nn/network_spec.hpp"

#include <cmath>

#include "infoplane/core/error.hpp"
#include "infoplane/core/rng.hpp"

namespace infoplane {

Activation parse_activation(const std::string& name, const std::string& what) {
  if (name == "tanh") return Activation::kTanh;
  if (name == "relu") return Activation::kRelu;
  if (name == "linear") return Activation::kLinear;
  if (name == "sigmoid") return Activation::kSigmoid;
  throw Error(what + " = \"" + name + "\": expected one of tanh, relu, linear, sigmoid");
}

OutputKind parse_output_kind(const std::string& name, const std::string& what) {
  if (name == "softmax") return OutputKind::kSoftmax;
  if (name == "sigmoid") return OutputKind::kSigmoid;
  throw Error(what + " = \"" + name + "\": expected softmax or sigmoid");
}

std::string to_string(Activation activation) {
  switch (activation) {
    case Activation::kTanh: return "tanh";
    case Activation::kRelu: return "relu";
    case Activation::kLinear: return "linear";
    case Activation::kSigmoid: return "sigmoid";
  }
  return "?";
}

std::string to_string(OutputKind output) {
  return output == OutputKind::kSoftmax ? "softmax" : "sigmoid";
}

std::size_t NetworkSpec::n_params() const {
  std::size_t n = 0;
  for (int l = 0; l < n_weight_layers(); ++l) n += n_weights(l) + static_cast<std::size_t>(widths[l + 1]);
  return n;
}

std::size_t NetworkSpec::weight_offset(int layer) const {
  std::size_t n = 0;
  for (int l = 0; l < layer; ++l) n += n_weights(l) + static_cast<std::size_t>(widths[l + 1]);
  return n;
}

std::size_t NetworkSpec::bias_offset(int layer) const {
  return weight_offset(layer) + n_weights(layer);
}

NetworkSpec make_network_spec(int n_inputs, const std::vector<int>& hidden_widths,
                              Activation hidden, OutputKind output, int n_labels,
                              const std::string& what) {
  if (n_inputs < 1) throw Error("task: the task has no input units");
  if (hidden_widths.empty()) throw Error(what + ": expected at least one hidden width");
  for (int w : hidden_widths) {
    if (w < 1 || w > 4096) {
      throw Error(what + ": width " + std::to_string(w) + ": each width must be in [1, 4096]");
    }
  }
  if (n_labels < 2) throw Error("task: expected at least 2 labels, got " + std::to_string(n_labels));
  if (output == OutputKind::kSigmoid && n_labels != 2) {
    throw Error("network.output = \"sigmoid\": needs a task with 2 labels, this one has " +
                std::to_string(n_labels));
  }
  NetworkSpec spec;
  spec.widths.clear();
  spec.widths.push_back(n_inputs);
  spec.widths.insert(spec.widths.end(), hidden_widths.begin(), hidden_widths.end());
  spec.widths.push_back(output == OutputKind::kSoftmax ? n_labels : 1);
  spec.hidden = hidden;
  spec.output = output;
  return spec;
}

std::vector<float> init_params(const NetworkSpec& spec, const InitOptions& options, Rng& rng) {
  std::vector<float> params(spec.n_params(), 0.0f);
  for (int l = 0; l < spec.n_weight_layers(); ++l) {
    const double std_dev = options.init_scale / std::sqrt(static_cast<double>(spec.widths[l]));
    float* w = params.data() + spec.weight_offset(l);
    for (std::size_t k = 0; k < spec.n_weights(l); ++k) {
      const double z = options.truncated ? rng.truncated_normal() : rng.normal();
      w[k] = static_cast<float>(std_dev * z);
    }
  }
  return params;
}

}  // namespace infoplane
