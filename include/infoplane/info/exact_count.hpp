#pragma once
// Exact information of a layer that takes finitely many values (a quantized network; Lorenzen,
// Igel & Nielsen 2022). Each distinct activation row is one symbol t (values compared exactly:
// the float bit patterns, with -0.0 and +0.0 taken as the same value). T = t(X) is a
// deterministic function of X, so with the task's exact p(x) and p(y|x)
//   I(X;T) = H(T) = - sum_t p(t) log2 p(t),            p(t)   = sum_x p(x) [t(x) = t]
//   I(T;Y) = sum_{t,y} p(t,y) log2(p(t,y) / (p(t) p(y))), p(t,y) = sum_x p(x) p(y|x) [t(x) = t]
// in bits, with no estimation error: nothing is binned or sampled. For a layer of continuous
// values (almost every row distinct) this gives H(X); quantize first (quantize_activations) to
// measure the information of a quantized layer. Cost O(n d log n) (rows are sorted).
#include <string>
#include <vector>

#include "infoplane/core/matrix.hpp"
#include "infoplane/info/estimator.hpp"

namespace infoplane {

// Uniform quantizer: 2^bits levels lo + k (hi - lo) / (2^bits - 1), k = 0 .. 2^bits - 1 (both
// ends are levels); each value goes to the nearest level (ties upwards), values outside
// [lo, hi] to the end levels. Idempotent: a level maps to itself. shape = layer's shape.
// bits in 1..16, lo < hi finite; throws infoplane::Error naming the bad argument (and the row
// and unit of a NaN or infinite value).
Matrix<float> quantize_activations(MatrixView<float> layer, int bits, float lo, float hi);

// Symbol id per row, shape = [n_rows], ids 0..n_symbols-1 numbered in order of first
// appearance; rows with equal values (as above) share an id. Returns n_symbols.
int exact_symbols(MatrixView<float> layer, std::vector<int>& t_of_x);

// "exact": the formulas above; lower == upper == the point value, n_symbols = distinct rows.
class ExactCountEstimator : public Estimator {
 public:
  std::string name() const override { return "exact"; }
  InfoEstimate estimate(MatrixView<float> layer, const Task& task) const override;
};

}  // namespace infoplane
