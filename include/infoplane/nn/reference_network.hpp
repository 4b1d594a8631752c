#pragma once
// A plain, sample-at-a-time network templated on the scalar type: the independent reference
// that the fast float path (fast_network.hpp) is tested against, and (in double) the model that
// backprop is checked on by central finite differences. Clear rather than fast.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>
#include <span>
#include <vector>

#include "infoplane/core/error.hpp"
#include "infoplane/core/matrix.hpp"
#include "infoplane/nn/network_spec.hpp"

namespace infoplane::reference {

template <class T>
T activate(Activation a, T z) {
  switch (a) {
    case Activation::kTanh: return std::tanh(z);
    case Activation::kRelu: return z > T(0) ? z : T(0);
    case Activation::kLinear: return z;
    case Activation::kSigmoid: return T(1) / (T(1) + std::exp(-z));
  }
  return z;
}

// d activation / dz, written in terms of the activation value a = activate(z) (as backprop
// uses it); for relu the derivative at 0 is taken as 0.
template <class T>
T activate_derivative(Activation a, T value) {
  switch (a) {
    case Activation::kTanh: return T(1) - value * value;
    case Activation::kRelu: return value > T(0) ? T(1) : T(0);
    case Activation::kLinear: return T(1);
    case Activation::kSigmoid: return value * (T(1) - value);
  }
  return T(1);
}

// A perturbation of hidden layer `layer` (0 = first hidden) of sample `sample`: changes the
// activations `values` in place (nn/hidden_perturbation.hpp). Its gradient is straight-through:
// act'(z) is taken from the clean values.
template <class T>
using Perturb = std::function<void(int layer, std::size_t sample, std::vector<T>& values)>;

// One sample's forward pass. layers[l] holds layer l+1's activations (hidden layers, then the
// output probabilities: softmax, or sigmoid p(y = 1)); logits = the output pre-activations.
// With `perturb`, the hidden layers are perturbed after their activation and `clean` (when not
// null) gets their values before it.
template <class T>
void forward(const NetworkSpec& spec, std::span<const T> params, std::span<const T> x,
             std::vector<std::vector<T>>& layers, std::vector<T>& logits,
             const Perturb<T>* perturb = nullptr, std::size_t sample = 0,
             std::vector<std::vector<T>>* clean = nullptr) {
  const int n_layers = spec.n_weight_layers();
  layers.resize(n_layers);
  std::vector<T> in(x.begin(), x.end());
  for (int l = 0; l < n_layers; ++l) {
    const int n_in = spec.widths[l], n_out = spec.widths[l + 1];
    const T* w = params.data() + spec.weight_offset(l);
    const T* b = params.data() + spec.bias_offset(l);
    std::vector<T> z(n_out);
    for (int j = 0; j < n_out; ++j) {
      T s = b[j];
      for (int i = 0; i < n_in; ++i) s += w[j * n_in + i] * in[i];
      z[j] = s;
    }
    auto& out = layers[l];
    out.resize(n_out);
    if (l + 1 < n_layers) {
      for (int j = 0; j < n_out; ++j) out[j] = activate(spec.hidden, z[j]);
      if (clean != nullptr) {
        clean->resize(n_layers);
        (*clean)[l] = out;
      }
      if (perturb != nullptr) (*perturb)(l, sample, out);
    } else if (spec.output == OutputKind::kSoftmax) {
      const T m = *std::max_element(z.begin(), z.end());
      T sum = 0;
      for (int j = 0; j < n_out; ++j) sum += std::exp(z[j] - m);
      for (int j = 0; j < n_out; ++j) out[j] = std::exp(z[j] - m) / sum;
      logits = z;
    } else {
      out[0] = T(1) / (T(1) + std::exp(-z[0]));
      logits = z;
    }
    in = out;
  }
}

// Cross-entropy (nats) of one sample from its logits: softmax -log p_label, computed as
// logsumexp(z) - z_label; sigmoid softplus(z) - y z.
template <class T>
T sample_loss(const NetworkSpec& spec, const std::vector<T>& logits, int label) {
  if (spec.output == OutputKind::kSoftmax) {
    const T m = *std::max_element(logits.begin(), logits.end());
    T sum = 0;
    for (T z : logits) sum += std::exp(z - m);
    return m + std::log(sum) - logits[label];
  }
  const T z = logits[0];
  const T softplus = z > T(0) ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z));
  return softplus - (label == 1 ? z : T(0));
}

// Mean cross-entropy (nats) over the rows `rows` of `inputs` (shape = [n_patterns, n_inputs])
// with labels `labels`, and, when `grad` is not empty, its gradient with respect to the
// parameters (same layout as params). `perturb`: as in forward, sample s = the position in rows.
template <class T>
T loss_and_gradient(const NetworkSpec& spec, std::span<const T> params,
                    const Matrix<float>& inputs, std::span<const int> rows,
                    std::span<const int> labels, std::span<T> grad,
                    const Perturb<T>* perturb = nullptr) {
  INFOPLANE_ASSERT(rows.size() == labels.size() && !rows.empty());
  if (!grad.empty()) std::fill(grad.begin(), grad.end(), T(0));
  const int n_layers = spec.n_weight_layers();
  const T inv_n = T(1) / static_cast<T>(rows.size());
  std::vector<std::vector<T>> layers, deltas(n_layers), clean;
  std::vector<T> logits, x(spec.n_inputs());
  T total = 0;
  for (std::size_t s = 0; s < rows.size(); ++s) {
    for (int i = 0; i < spec.n_inputs(); ++i) x[i] = static_cast<T>(inputs(rows[s], i));
    forward<T>(spec, params, x, layers, logits, perturb, s, &clean);
    total += sample_loss(spec, logits, labels[s]);
    if (grad.empty()) continue;
    // Output delta dL/dz = (p - onehot) / n for both softmax and sigmoid.
    auto& d_out = deltas[n_layers - 1];
    d_out = layers[n_layers - 1];
    if (spec.output == OutputKind::kSoftmax) {
      d_out[labels[s]] -= T(1);
    } else {
      d_out[0] -= labels[s] == 1 ? T(1) : T(0);
    }
    for (T& d : d_out) d *= inv_n;
    for (int l = n_layers - 1; l >= 0; --l) {
      const int n_in = spec.widths[l], n_out = spec.widths[l + 1];
      const std::vector<T>& in = l == 0 ? x : layers[l - 1];
      const T* w = params.data() + spec.weight_offset(l);
      T* gw = grad.data() + spec.weight_offset(l);
      T* gb = grad.data() + spec.bias_offset(l);
      for (int j = 0; j < n_out; ++j) {
        gb[j] += deltas[l][j];
        for (int i = 0; i < n_in; ++i) gw[j * n_in + i] += deltas[l][j] * in[i];
      }
      if (l == 0) break;
      auto& d_in = deltas[l - 1];
      d_in.assign(n_in, T(0));
      for (int i = 0; i < n_in; ++i) {
        T sum = 0;
        for (int j = 0; j < n_out; ++j) sum += w[j * n_in + i] * deltas[l][j];
        d_in[i] = sum * activate_derivative(spec.hidden, clean[l - 1][i]);
      }
    }
  }
  return total * inv_n;
}

}  // namespace infoplane::reference
