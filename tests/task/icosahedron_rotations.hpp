#pragma once
// The icosahedron's 60 rotations as permutations of the spherical rule's 12 input sites: the
// independent reference for the tests of the rule's invariance (tests/task/spherical_rule_test.cpp).
// Generated as the closure of two generators (a 72 degree turn about the axis through vertex 0
// and a 120 degree turn about the centre of a face that holds vertex 0), each mapped onto a
// vertex permutation (vertex i goes to vertex perm[i]). Starts with the identity.
#include <array>
#include <cmath>
#include <deque>
#include <numbers>
#include <set>
#include <vector>

#include "infoplane/core/error.hpp"
#include "infoplane/task/icosahedron.hpp"

namespace infoplane::testing {

using VertexPermutation = std::array<int, 12>;
using Vec3 = std::array<double, 3>;
using Mat3 = std::array<Vec3, 3>;

inline double dot(const Vec3& a, const Vec3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

inline Vec3 normalized(Vec3 v) {
  const double n = std::sqrt(dot(v, v));
  return {v[0] / n, v[1] / n, v[2] / n};
}

// Rotation by `angle` radians about the unit axis `u` (Rodrigues' formula).
inline Mat3 rotation(const Vec3& u, double angle) {
  const double c = std::cos(angle), s = std::sin(angle), t = 1.0 - c;
  return {{{t * u[0] * u[0] + c, t * u[0] * u[1] - s * u[2], t * u[0] * u[2] + s * u[1]},
           {t * u[0] * u[1] + s * u[2], t * u[1] * u[1] + c, t * u[1] * u[2] - s * u[0]},
           {t * u[0] * u[2] - s * u[1], t * u[1] * u[2] + s * u[0], t * u[2] * u[2] + c}}};
}

// The vertex permutation of a rotation: each rotated vertex must land on a vertex.
inline VertexPermutation to_permutation(const Mat3& r, const std::array<Vec3, 12>& v) {
  VertexPermutation perm{};
  for (int i = 0; i < 12; ++i) {
    const Vec3 w = {dot(r[0], v[i]), dot(r[1], v[i]), dot(r[2], v[i])};
    int match = -1;
    for (int j = 0; j < 12; ++j) {
      if (dot(w, v[j]) > 1.0 - 1e-9) match = j;
    }
    INFOPLANE_ASSERT(match >= 0);
    perm[i] = match;
  }
  return perm;
}

inline std::vector<VertexPermutation> icosahedron_rotations() {
  const auto v = icosahedron_vertices();
  // Generator a: 72 degrees about vertex 0. Generator b: 120 degrees about the centre of a
  // face holding vertex 0 and two of its neighbours that are neighbours of each other.
  const double kNeighbourDot = 1.0 / std::sqrt(5.0);
  std::vector<int> nbrs;
  for (int j = 1; j < 12; ++j) {
    if (std::abs(dot(v[0], v[j]) - kNeighbourDot) < 1e-9) nbrs.push_back(j);
  }
  INFOPLANE_ASSERT(nbrs.size() == 5);
  int face_b = -1;
  for (int j : nbrs) {
    if (std::abs(dot(v[nbrs[0]], v[j]) - kNeighbourDot) < 1e-9) face_b = j;
  }
  INFOPLANE_ASSERT(face_b >= 0);
  const Vec3 centre = normalized({v[0][0] + v[nbrs[0]][0] + v[face_b][0],
                                  v[0][1] + v[nbrs[0]][1] + v[face_b][1],
                                  v[0][2] + v[nbrs[0]][2] + v[face_b][2]});
  const std::array<VertexPermutation, 2> generators = {
      to_permutation(rotation(v[0], 2.0 * std::numbers::pi / 5.0), v),
      to_permutation(rotation(centre, 2.0 * std::numbers::pi / 3.0), v)};

  // Closure under composition (breadth first from the identity).
  VertexPermutation identity{};
  for (int i = 0; i < 12; ++i) identity[i] = i;
  std::vector<VertexPermutation> group = {identity};
  std::set<VertexPermutation> seen = {identity};
  std::deque<VertexPermutation> queue = {identity};
  while (!queue.empty()) {
    const VertexPermutation p = queue.front();
    queue.pop_front();
    for (const auto& g : generators) {
      VertexPermutation q{};
      for (int i = 0; i < 12; ++i) q[i] = g[p[i]];
      if (seen.insert(q).second) {
        group.push_back(q);
        queue.push_back(q);
      }
    }
  }
  return group;
}


}  // namespace infoplane::testing
