#pragma once
// The geometry of one layer's weights (paper, Section 3.5: "the correlations between the
// in-weights of different neurons in the same layer ... are very small").
#include <span>
#include <vector>

#include "infoplane/nn/network_spec.hpp"

namespace infoplane {

// Mean over pairs of neurons i < j of |cos(w_i, w_j)|, where w_i (length n_in) is row i of the
// layer's weight matrix W, shape = [n_out, n_in] row-major: 0 for orthogonal in-weight vectors,
// 1 for parallel or opposite ones. For independent random vectors in n_in dimensions it is
// about sqrt(2 / (pi n_in)). A zero row counts as cosine 0; a layer of one neuron gives 0.
double mean_abs_neuron_cosine(std::span<const float> weights, int n_out, int n_in);

// The value for every weight layer of a network (NetworkSpec layout), in layer order.
std::vector<double> in_weight_cosines(const NetworkSpec& spec, std::span<const float> params);

}  // namespace infoplane
