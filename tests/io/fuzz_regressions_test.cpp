// Inputs the fuzz targets (fuzz/, docs/robustness.md) found crashing, hanging or exhausting
// memory, kept in tests/data/fuzz-regressions/<reader>/. Each is read by the public reader in
// a forked child with a time limit: the outcome must be a success or an infoplane::Error.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <map>
#include <string>

#include "infoplane/io/npy.hpp"
#include "infoplane/io/results_store.hpp"
#include "infoplane/task/data_files.hpp"
#include "io/child_outcome.hpp"

namespace infoplane {
namespace {

namespace fs = std::filesystem;
using testing::ChildOutcome;

const std::map<std::string, std::function<void(const std::string&)>>& readers() {
  static const std::map<std::string, std::function<void(const std::string&)>> r = {
      {"mat", [](const std::string& p) { (void)load_mat_task(p); }},
      {"idx", [](const std::string& p) { (void)read_idx(p); }},
      {"npy", [](const std::string& p) { (void)read_npy_matrix(p); (void)read_npy_labels(p); }},
      {"results", [](const std::string& p) { (void)read_results(p); }},
  };
  return r;
}

TEST(FuzzRegressions, EveryKeptInputGivesSuccessOrError) {
  const fs::path root = fs::path(INFOPLANE_SOURCE_DIR) / "tests/data/fuzz-regressions";
  ASSERT_TRUE(fs::is_directory(root)) << root;
  int inputs = 0;
  for (const auto& [reader, read] : readers()) {
    if (!fs::is_directory(root / reader)) continue;
    for (const auto& entry : fs::directory_iterator(root / reader)) {
      const std::string path = entry.path().string();
      int signal = 0;
      const ChildOutcome outcome = testing::run_in_child([&] { read(path); }, 30, &signal);
      EXPECT_TRUE(outcome == ChildOutcome::success || outcome == ChildOutcome::error)
          << path << ": " << testing::outcome_name(outcome) << " (signal " << signal << ")";
      ++inputs;
    }
  }
  EXPECT_GT(inputs, 0) << "no regression inputs under " << root;
}

}  // namespace
}  // namespace infoplane
