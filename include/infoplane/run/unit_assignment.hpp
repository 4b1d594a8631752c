#pragma once
// Which rank trains which network: the units of a distributed run are the (setting, network)
// pairs of an experiment, with an estimated cost each; they are spread by the longest-first
// greedy rule (each unit, costliest first, to the rank with the least work so far; ties to the
// lower unit index and the lower rank), so the division is fixed by the experiment and the rank
// count alone, and the most loaded rank carries at most 4/3 of the optimum (Graham 1969).
#include <cstddef>
#include <string>
#include <vector>

namespace infoplane {

struct WorkUnit {
  int setting = 0;
  int network = 0;
  double cost = 0;  // estimated floating-point operations of training and measuring it
};

// The rank of every unit (same order as `units`).
std::vector<int> assign_units(const std::vector<WorkUnit>& units, int ranks);

// Estimated cost of one network of a setting, in floating-point operations: the training
// epochs (forward and backward over the training sample, about 6 FLOPs per weight and sample)
// plus, at every recorded epoch, the forward pass over all n_patterns and the estimators' share
// (about n_patterns x units per layer and estimator; KDE and KSG grow with n_patterns^2).
// widths = input, hidden..., output units.
double network_cost(const std::vector<int>& widths, int epochs, int n_recorded, std::size_t n_train,
                    std::size_t n_patterns, const std::vector<std::string>& estimators);

// The networks of `setting` that `rank` trains, ascending.
std::vector<int> networks_of_rank(const std::vector<WorkUnit>& units, const std::vector<int>& owner,
                                  int setting, int rank);

}  // namespace infoplane
