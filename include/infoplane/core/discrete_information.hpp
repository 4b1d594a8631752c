#pragma once
// Shannon entropy of discrete distributions, in bits: the one implementation that the task's
// exact quantities (task/task_information.hpp) and beta*'s I(X;T) of a deterministic encoder
// (ib/layer_beta.cpp) use. Two hot loops keep fused forms of the same sums, each tested against
// these: binning's per-symbol I(X;T), I(T;Y) (info/binning.cpp) and the IB solver's soft-encoder
// information in nats (ib/ib_equations.cpp).
#include <span>

namespace infoplane {

// H(p) = -sum_i p_i log2 p_i, bits (0 log 0 = 0). Entries must be >= 0.
double entropy_bits(std::span<const double> p);

// h(q) = -q log2 q - (1-q) log2 (1-q), bits; q in [0, 1].
double binary_entropy_bits(double q);

}  // namespace infoplane
