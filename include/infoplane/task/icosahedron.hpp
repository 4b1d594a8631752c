#pragma once
// The regular icosahedron: the 12 input sites of the spherical rule (its rotation group, the
// tests' reference for the rule's invariance, is in tests/task/icosahedron_rotations.hpp).
#include <array>

namespace infoplane {

// Unit vectors of the 12 vertices, in the fixed order used for the input bits (column j of a
// pattern sits on vertex j); see docs/task.md for the list. Order: for (s1, s2) in
// (+,+), (+,-), (-,+), (-,-): (0, s1, s2 phi), (s1, s2 phi, 0), (s2 phi, 0, s1), normalized.
std::array<std::array<double, 3>, 12> icosahedron_vertices();

}  // namespace infoplane
