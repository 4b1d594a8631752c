#pragma once
// The regular icosahedron: the 12 input sites of the spherical rule, and its rotation group
// as permutations of those sites.
#include <array>
#include <vector>

namespace infoplane {

// Unit vectors of the 12 vertices, in the fixed order used for the input bits (column j of a
// pattern sits on vertex j); see docs/task.md for the list. Order: for (s1, s2) in
// (+,+), (+,-), (-,+), (-,-): (0, s1, s2 phi), (s1, s2 phi, 0), (s2 phi, 0, s1), normalized.
std::array<std::array<double, 3>, 12> icosahedron_vertices();

// A rotation as a permutation of the vertices: vertex i goes to vertex perm[i].
using VertexPermutation = std::array<int, 12>;

// The 60 rotations of the icosahedron, generated as the closure of two generators (a 72 degree
// turn about the axis through vertex 0 and a 120 degree turn about the centre of a face that
// holds vertex 0), each mapped onto a vertex permutation. Starts with the identity.
std::vector<VertexPermutation> icosahedron_rotations();

}  // namespace infoplane
