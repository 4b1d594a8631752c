// Exact counting of a layer's distinct rows (quantized layers) and the uniform quantizer; see
// include/infoplane/info/exact_count.hpp.
#include "infoplane/info/exact_count.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <vector>

#include "infoplane/core/error.hpp"
#include "infoplane/core/uniform_quantizer.hpp"
#include "infoplane/info/binning.hpp"

namespace infoplane {

Matrix<float> quantize_activations(MatrixView<float> layer, int bits, float lo, float hi) {
  if (bits < 1 || bits > 16) {
    throw Error("quantize_activations: bits = " + std::to_string(bits) + ": expected 1..16");
  }
  if (!std::isfinite(lo) || !std::isfinite(hi) || !(lo < hi)) {
    throw Error("quantize_activations: range [lo, hi] = [" + std::to_string(lo) + ", " +
                std::to_string(hi) + "]: expected finite lo < hi");
  }
  const UniformQuantizer quantize(bits, lo, hi);
  Matrix<float> out(layer.rows(), layer.cols());
  for (std::size_t i = 0; i < layer.size(); ++i) {
    const float v = layer.values()[i];
    if (!std::isfinite(v)) {
      throw Error("quantize_activations: NaN or infinite value at row " +
                  std::to_string(i / layer.cols()) + ", unit " + std::to_string(i % layer.cols()));
    }
    out.values()[i] = quantize(v);
  }
  return out;
}

int exact_symbols(MatrixView<float> layer, std::vector<int>& t_of_x) {
  const std::size_t n = layer.rows(), d = layer.cols();
  // Bit patterns, with -0.0 mapped to +0.0 (equal values, one symbol); shape = [n, d].
  std::vector<std::uint32_t> key(n * d);
  for (std::size_t i = 0; i < n * d; ++i) {
    const float v = layer.values()[i];
    key[i] = std::bit_cast<std::uint32_t>(v == 0.0f ? 0.0f : v);
  }
  auto row_less = [&](std::size_t a, std::size_t b) {
    return std::lexicographical_compare(key.begin() + a * d, key.begin() + (a + 1) * d,
                                        key.begin() + b * d, key.begin() + (b + 1) * d);
  };
  auto row_equal = [&](std::size_t a, std::size_t b) {
    return std::equal(key.begin() + a * d, key.begin() + (a + 1) * d, key.begin() + b * d);
  };
  // Stable sort: within a run of equal rows the first is the row of first appearance.
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), row_less);
  std::vector<std::size_t> first_row(n);  // per row: the first row with the same values
  for (std::size_t k = 0; k < n; ++k) {
    first_row[order[k]] = (k > 0 && row_equal(order[k - 1], order[k])) ? first_row[order[k - 1]]
                                                                         : order[k];
  }
  t_of_x.assign(n, -1);
  int n_symbols = 0;
  for (std::size_t i = 0; i < n; ++i) {
    t_of_x[i] = first_row[i] == i ? n_symbols++ : t_of_x[first_row[i]];
  }
  return n_symbols;
}

InfoEstimate ExactCountEstimator::estimate(MatrixView<float> layer, const Task& task) const {
  validate_layer(layer, task, name());
  std::vector<int> t_of_x;
  const int n_symbols = exact_symbols(layer, t_of_x);
  BinningWorkspace ws;  // only its counting buffers are used
  const DiscreteInfo info = discrete_information(t_of_x, n_symbols, task, ws);
  InfoEstimate e;
  e.i_xt = e.i_xt_lower = e.i_xt_upper = info.i_xt;
  e.i_ty = e.i_ty_lower = e.i_ty_upper = info.i_ty;
  e.n_symbols = n_symbols;
  return e;
}

}  // namespace infoplane
