#pragma once
// Four doubles in one AVX2 register (GCC/Clang vector extensions), shared by the O(n^2)
// estimator loops (kde.cpp, ksg.cpp): fixed lanes, so sums and maxima come in a fixed order
// whatever the thread count.
#include <cstring>

namespace infoplane::detail {

using V4 = double __attribute__((vector_size(32)));
using V4i = long long __attribute__((vector_size(32)));

inline V4 load(const double* p) {
  V4 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

}  // namespace infoplane::detail
