#pragma once
// Builds a task from its name, as the CLI and the experiment files spell it:
//   "spherical"            the paper's rotation-invariant rule on the icosahedron
//   "committee[:K]"        a committee machine (seeded teacher weights), vote-margin score
//   "committee-tanh[:K]"   the same teachers, continuous score (mean of tanh outputs)
//   "mat:PATH"             an original .mat data file (keys F, y)
//   "idx:IMAGES,LABELS"    MNIST-format IDX files, plain or gzipped
//   "idx:TI,TL;EI,EL"      a training file pair and a test file pair (Task::n_train_patterns)
//   "fashion-mnist"        Debian's Fashion-MNIST training file (60,000 images)
//   "fashion-mnist-full"   its training file (training pool) and test file (10,000: test and
//                          evaluation set)
// Throws infoplane::Error naming the rule or file and what was expected.
#include <cstdint>
#include <string>

#include "infoplane/task/task.hpp"

namespace infoplane {

// The rule names make_task accepts, as help texts and messages spell them.
inline constexpr const char* kRuleNames =
    "spherical, committee, committee:K, committee-tanh, committee-tanh:K, mat:PATH, "
    "idx:IMAGES,LABELS, idx:TRAIN_IMAGES,TRAIN_LABELS;TEST_IMAGES,TEST_LABELS, fashion-mnist, "
    "fashion-mnist-full";

Task make_task(const std::string& rule, std::uint64_t rule_seed = 1);

}  // namespace infoplane
