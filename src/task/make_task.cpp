// Task factory: parses the rule name the CLI and experiment files use.
#include "infoplane/task/make_task.hpp"

#include <charconv>
#include <string>

#include "infoplane/core/error.hpp"
#include "infoplane/task/data_files.hpp"
#include "infoplane/task/rules.hpp"

namespace infoplane {
namespace {

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

Task make_task(const std::string& rule, std::uint64_t rule_seed) {
  if (rule == "spherical") return make_spherical_task();
  for (const std::string name : {"committee", "committee-tanh"}) {
    if (rule != name && !starts_with(rule, name + ":")) continue;
    CommitteeParams params;
    params.seed = rule_seed;
    params.score = name == "committee" ? CommitteeScore::kVoteMargin : CommitteeScore::kMeanTanh;
    if (rule != name) {
      const std::string k_text = rule.substr(name.size() + 1);
      int k = 0;
      const auto [end, err] = std::from_chars(k_text.data(), k_text.data() + k_text.size(), k);
      if (err != std::errc() || end != k_text.data() + k_text.size() || k < 1) {
        throw Error("rule '" + rule + "': expected " + name + ":K with K a positive integer");
      }
      params.n_hidden = k;
    }
    return make_committee_task(params);
  }
  if (starts_with(rule, "mat:")) {
    const std::string path = rule.substr(4);
    if (path.empty()) throw Error("rule '" + rule + "': expected mat:PATH to a .mat file");
    return load_mat_task(path);
  }
  if (starts_with(rule, "idx:")) {
    // idx:IMAGES,LABELS or the two-file form idx:TRAIN_IMAGES,TRAIN_LABELS;TEST_IMAGES,TEST_LABELS.
    const std::string spec = rule.substr(4);
    const auto semicolon = spec.find(';');
    auto pair = [&](const std::string& paths, std::string& images, std::string& labels) {
      const auto comma = paths.find(',');
      if (comma == std::string::npos || comma == 0 || comma + 1 == paths.size()) {
        throw Error("rule '" + rule + "': expected idx:IMAGES,LABELS (two IDX file paths) or "
                    "idx:TRAIN_IMAGES,TRAIN_LABELS;TEST_IMAGES,TEST_LABELS");
      }
      images = paths.substr(0, comma);
      labels = paths.substr(comma + 1);
    };
    std::string images, labels;
    pair(spec.substr(0, semicolon), images, labels);
    if (semicolon == std::string::npos) return load_idx_task(images, labels);
    std::string test_images, test_labels;
    pair(spec.substr(semicolon + 1), test_images, test_labels);
    return load_idx_two_file_task(images, labels, test_images, test_labels);
  }
  if (rule == "fashion-mnist" || rule == "fashion-mnist-full") {
    const std::string dir = kFashionMnistDir;
    Task task = rule == "fashion-mnist"
                    ? load_idx_task(dir + "/train-images-idx3-ubyte.gz", dir + "/train-labels-idx1-ubyte.gz")
                    : load_idx_two_file_task(dir + "/train-images-idx3-ubyte.gz", dir + "/train-labels-idx1-ubyte.gz",
                                             dir + "/t10k-images-idx3-ubyte.gz", dir + "/t10k-labels-idx1-ubyte.gz");
    task.name = rule;
    return task;
  }
  throw Error("unknown rule '" + rule + "'; expected one of: " + std::string(kRuleNames));
}

}  // namespace infoplane
