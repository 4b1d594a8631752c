// A committee machine teacher: a non-symmetric 12-bit rule with seeded weights.
#include <cmath>
#include <string>

#include "infoplane/core/error.hpp"
#include "infoplane/core/rng.hpp"
#include "infoplane/task/rule_calibration.hpp"
#include "infoplane/task/rules.hpp"

namespace infoplane {
namespace {

constexpr std::uint64_t kTeacherStream = 0x7EAC;  // stream id of the teacher weights

}  // namespace

Task make_committee_task(const CommitteeParams& params) {
  if (params.n_hidden < 1 || params.n_hidden > 1000) {
    throw Error("committee rule: K = " + std::to_string(params.n_hidden) +
                " hidden perceptrons; expected 1 <= K <= 1000");
  }
  // Teacher weights, shape = [K, 12]; perceptron k draws from its own stream.
  Matrix<double> weights(params.n_hidden, kPatternBits);
  for (int k = 0; k < params.n_hidden; ++k) {
    Rng rng = Rng::derive(params.seed, {kTeacherStream, static_cast<std::uint64_t>(k)});
    for (int j = 0; j < kPatternBits; ++j) weights(k, j) = rng.normal();
  }

  Task task = all_patterns_task(params.score == CommitteeScore::kVoteMargin ? "committee" : "committee-tanh");
  std::vector<double> scores(kPatternCount);
  for (int row = 0; row < kPatternCount; ++row) {
    double score = 0.0;  // vote margin in [-K, K], or the sum of the units' tanh outputs
    for (int k = 0; k < params.n_hidden; ++k) {
      double h = 0.0;
      for (int col = 0; col < kPatternBits; ++col) {
        h += weights(k, col) * (2.0 * pattern_bit(row, col) - 1.0);
      }
      score += params.score == CommitteeScore::kVoteMargin ? (h > 0.0) - (h < 0.0)
                                                           : std::tanh(h / std::sqrt(double(kPatternBits)));
    }
    scores[row] = params.score == CommitteeScore::kVoteMargin ? score : score / params.n_hidden;
  }
  apply_logistic_rule(task, scores, kTargetInformationBits);
  task.parameters["n_hidden"] = params.n_hidden;
  task.parameters["seed"] = static_cast<double>(params.seed);
  return task;
}

}  // namespace infoplane
