#pragma once
// The [verdict] keys of the parameter table (config/parameter_table.hpp): which estimators the
// `infoplane verdict` command runs over a run's networks, on which networks and epochs, and how
// compression is judged (docs/verdict.md). The initializers are the defaults: the estimator grid
// of issue 16. An empty list turns that family off ("none" on the command line).
#include <cstdint>
#include <string>
#include <vector>

namespace infoplane {

struct VerdictSettings {
  std::vector<int> bins{10, 30, 100, 300, 1000};           // binning: bins per unit
  std::vector<std::string> ranges{"fixed", "data"};        // binning: each bin count under each range
  bool adaptive = true;                                    // adaptive binning (info.bins bins)
  std::vector<double> kde_sigma2{1e-4, 1e-3, 1e-2, 1e-1};  // KDE upper and lower bounds, activation^2
  std::vector<int> ksg_k{3, 10};                           // KSG neighbours
  std::vector<double> noisy_sigma2{1e-2};                  // noisy-layer estimate (Goldfeld), activation^2
  std::vector<int> exact_bits{8};                          // exact counts over activations quantized to b bits
  int networks = 0;          // the first N networks of the run; 0 = all
  int epochs_every = 1;      // every k-th recorded epoch (the first and the last always)
  int resamples = 2000;      // bootstrap resamples of the networks
  std::uint64_t seed = 1;    // the bootstrap's stream
  double tolerance_bits = 0.05;  // a layer compresses when its mean I(X;T) drops by more, bits
  bool operator==(const VerdictSettings&) const = default;
};

}  // namespace infoplane
