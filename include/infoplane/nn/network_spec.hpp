#pragma once
// The shape of one fully connected network and where each parameter lives in its flat
// parameter vector. Every network of an ensemble shares one spec.
//
// Parameter layout (float or double, one flat vector): for each weight layer l in order,
// W_l with shape = [width_out, width_in] row-major, then b_l with shape = [width_out].
#include <cstddef>
#include <string>
#include <vector>

namespace infoplane {

enum class Activation { kTanh, kRelu, kLinear, kSigmoid };
// kSoftmax: n_labels units, softmax, cross-entropy. kSigmoid: 1 unit, p(y = 1) = sigmoid(z),
// binary cross-entropy (two labels only).
enum class OutputKind { kSoftmax, kSigmoid };

// Names as the CLI and the experiment files spell them: "tanh", "relu", "linear", "sigmoid";
// "softmax", "sigmoid". Throw infoplane::Error naming `what` (flag or key) on anything else.
Activation parse_activation(const std::string& name, const std::string& what);
OutputKind parse_output_kind(const std::string& name, const std::string& what);
std::string to_string(Activation activation);
std::string to_string(OutputKind output);

struct NetworkSpec {
  // widths[0] = n_inputs, widths[1..L-1] = hidden widths, widths[L] = output units.
  std::vector<int> widths{12, 10, 7, 5, 4, 3, 2};
  Activation hidden = Activation::kTanh;
  OutputKind output = OutputKind::kSoftmax;

  int n_weight_layers() const { return static_cast<int>(widths.size()) - 1; }
  int n_inputs() const { return widths.front(); }
  int n_outputs() const { return widths.back(); }
  std::size_t n_params() const;
  std::size_t weight_offset(int layer) const;  // start of W_layer (0-based weight layer)
  std::size_t bias_offset(int layer) const;    // start of b_layer
  std::size_t n_weights(int layer) const {
    return static_cast<std::size_t>(widths[layer]) * static_cast<std::size_t>(widths[layer + 1]);
  }
};

// Builds the spec for `n_inputs` inputs, the hidden widths, and the output (softmax: n_labels
// units; sigmoid: 1 unit, requires n_labels == 2). Throws infoplane::Error on empty or
// non-positive widths, naming `what`.
NetworkSpec make_network_spec(int n_inputs, const std::vector<int>& hidden_widths,
                              Activation hidden, OutputKind output, int n_labels,
                              const std::string& what = "network.widths");

// Initial parameters: weights from a normal with std = init_scale / sqrt(fan_in), truncated at
// two standard deviations when `truncated` (TensorFlow's truncated_normal, the reference code's
// choice); biases 0.
struct InitOptions {
  double init_scale = 1.0;
  bool truncated = true;
  bool operator==(const InitOptions&) const = default;
};

class Rng;
std::vector<float> init_params(const NetworkSpec& spec, const InitOptions& options, Rng& rng);

}  // namespace infoplane
