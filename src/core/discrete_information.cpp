#include "infoplane/core/discrete_information.hpp"

#include <cmath>

#include "infoplane/core/error.hpp"

namespace infoplane {

double entropy_bits(std::span<const double> p) {
  double h = 0.0;
  for (double v : p) {
    INFOPLANE_ASSERT(v >= 0.0);
    if (v > 0.0) h -= v * std::log2(v);
  }
  return h;
}

double binary_entropy_bits(double q) {
  INFOPLANE_ASSERT(q >= 0.0 && q <= 1.0);
  double h = 0.0;
  if (q > 0.0) h -= q * std::log2(q);
  if (q < 1.0) h -= (1.0 - q) * std::log2(1.0 - q);
  return h;
}

}  // namespace infoplane
