// Names of the optimizers, as the parameter table and the results file spell them.
#include "infoplane/train/train_config.hpp"

#include "infoplane/core/error.hpp"

namespace infoplane {

OptimizerKind parse_optimizer_kind(const std::string& name, const std::string& what) {
  if (name == "sgd") return OptimizerKind::kSgd;
  if (name == "adam") return OptimizerKind::kAdam;
  if (name == "gd") return OptimizerKind::kGd;
  throw Error(what + " = \"" + name + "\": expected sgd, adam or gd");
}

std::string to_string(OptimizerKind kind) {
  switch (kind) {
    case OptimizerKind::kSgd: return "sgd";
    case OptimizerKind::kAdam: return "adam";
    case OptimizerKind::kGd: return "gd";
  }
  return "?";
}

}  // namespace infoplane
