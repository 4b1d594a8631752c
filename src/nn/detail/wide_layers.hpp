#pragma once
// The wide layers of FastNetwork (a layer is wide when its input or output has more than
// kMaxUnrolled = 12 units): the same feature-major chunk buffers as the tiny kernels
// (shape = [width, kStride], `cols` <= kStride a multiple of 8), but the products go through
// OpenBLAS's SGEMM (core/detail/blas.hpp: on the calling thread, so a network's results are the
// same whatever the thread count) on the compact parameters (W_l row-major, shape = [no, ni],
// NetworkSpec layout) instead of the 8-lane broadcast copies the tiny kernels read. OpenBLAS
// was measured against Eigen and BLIS single-threaded at these shapes (bench/gemm_choice/run.sh,
// bench/README.md "Why OpenBLAS").
#include "infoplane/nn/network_spec.hpp"

namespace infoplane::detail {

// out[j][c] = act(b[j] + sum_i w[j][i] in[i][c]) for j < no, c < cols.
void wide_forward(const float* w, const float* b, int ni, int no, const float* in, float* out,
                  int cols, Activation act);

// The first layer's form of the two above, on a sample-major input chunk (the task's pattern
// rows copied as they are, shape = [cols, row_stride floats], columns ni.. ignored): the GEMM
// packs its operands anyway, so the rows need no transpose to feature-major first.
void wide_forward_from_rows(const float* w, const float* b, int ni, int no, const float* rows,
                            int row_stride, float* out, int cols, Activation act);
void wide_weight_grad_from_rows(const float* delta, const float* rows, int row_stride, int ni, int no,
                                float* gw, float* gb, int cols);

// gw[j][i] += sum_c delta[j][c] in[i][c]; gb[j] += sum_c delta[j][c] (compact layout, the
// caller zeroes them once per batch). Padding columns carry delta = 0.
void wide_weight_grad(const float* delta, const float* in, int ni, int no, float* gw, float* gb,
                      int cols);

// delta_in[i][c] = (sum_j w[j][i] delta[j][c]) * act'(in_act[i][c]).
void wide_backprop_delta(const float* w, const float* delta, const float* in_act, int ni, int no,
                         float* delta_in, int cols, Activation act);

}  // namespace infoplane::detail
