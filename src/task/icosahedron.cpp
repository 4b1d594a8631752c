// The icosahedron's vertices: the spherical rule's 12 input sites.
#include "infoplane/task/icosahedron.hpp"

#include <cmath>
#include <numbers>

namespace infoplane {
namespace {

using Vec3 = std::array<double, 3>;

double dot(const Vec3& a, const Vec3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

Vec3 normalized(Vec3 v) {
  const double n = std::sqrt(dot(v, v));
  return {v[0] / n, v[1] / n, v[2] / n};
}

}  // namespace

std::array<std::array<double, 3>, 12> icosahedron_vertices() {
  const double phi = std::numbers::phi;
  std::array<Vec3, 12> v{};
  int k = 0;
  for (double s1 : {1.0, -1.0}) {
    for (double s2 : {1.0, -1.0}) {
      v[k++] = normalized({0.0, s1, s2 * phi});
      v[k++] = normalized({s1, s2 * phi, 0.0});
      v[k++] = normalized({s2 * phi, 0.0, s1});
    }
  }
  return v;
}

}  // namespace infoplane
