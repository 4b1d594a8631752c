#pragma once
// The generated 12-bit rules. Both tasks list all 4096 patterns in binary-count order:
// row i = binary(i), column 0 the most significant bit (as the original .mat files' F),
// p(x) uniform, labels y in {0, 1} (p_y_given_x columns: y = 0, y = 1).
#include <array>
#include <cstdint>
#include <string>

#include "infoplane/task/task.hpp"

namespace infoplane {

inline constexpr int kPatternBits = 12;
inline constexpr int kPatternCount = 1 << kPatternBits;
inline constexpr double kTargetInformationBits = 0.99;  // I(X;Y) the rules are tuned to

// Bit j (column j) of pattern row i: column 0 is the most significant bit.
inline int pattern_bit(int row, int column) { return (row >> (kPatternBits - 1 - column)) & 1; }

// A task over all 4096 patterns (inputs 0/1 in binary-count order, p(x) uniform) whose rule
// is still to be applied (p(y|x) empty).
inline Task all_patterns_task(const std::string& name) {
  Task task;
  task.name = name;
  task.inputs = Matrix<float>(kPatternCount, kPatternBits);
  task.p_x.assign(kPatternCount, 1.0 / kPatternCount);
  for (int row = 0; row < kPatternCount; ++row)
    for (int col = 0; col < kPatternBits; ++col)
      task.inputs(row, col) = static_cast<float>(pattern_bit(row, col));
  return task;
}

// Power spectrum of the pattern x on the icosahedron at degree l (l >= 0), by the addition
// theorem: E_l(x) = (2l+1)/(4 pi) sum_ij x_i x_j P_l(n_i . n_j). Dimensionless.
double spherical_power(const std::array<int, kPatternBits>& x, int degree);

// The spherical rule's score: f(x) = E_0(x) + E_1(x) + E_2(x) + E_3(x) + E_4(x).
inline constexpr int kSphericalMaxDegree = 4;
double spherical_score(const std::array<int, kPatternBits>& x);

// The spherical rule: 64 classes of equal f, theta and gamma as in rule_calibration.hpp.
Task make_spherical_task();

// Committee machine: K hidden perceptrons with teacher weights w_k ~ N(0, 1)^12 drawn from
// rule_seed, on the +-1 inputs s = 2x - 1; the score is, for the "committee" rule, the vote
// margin f(x) = sum_k sign(w_k . s) (sign(0) = 0: few distinct values, so few classes), and for
// "committee-tanh" the mean output f(x) = (1/K) sum_k tanh(w_k . s / sqrt(12)) (as many distinct
// values as the patterns allow); either is softened by the same logistic rule.
enum class CommitteeScore { kVoteMargin, kMeanTanh };
struct CommitteeParams {
  int n_hidden = 3;         // K >= 1 (odd K avoids tied votes)
  std::uint64_t seed = 1;   // teacher weights
  CommitteeScore score = CommitteeScore::kVoteMargin;
};
Task make_committee_task(const CommitteeParams& params);

}  // namespace infoplane
