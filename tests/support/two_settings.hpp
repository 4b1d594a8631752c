#pragma once
// The experiment of the distributed tests: two settings of different cost and network count
// (3 networks of 12-10-7-5-2 and 2 of 12-6-4-2), so that ranks get unequal shares.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "infoplane/io/results_store.hpp"
#include "infoplane/run/checkpoint_parts.hpp"
#include "support/results_equal.hpp"
#include "support/scratch_dir.hpp"

namespace infoplane::testing {

inline std::string two_settings_experiment(const std::string& name, int epochs) {
  return R"(
name = ")" + name + R"("
description = "two settings of different cost"
[task]
rule = "spherical"
train_fraction = 0.5
[training]
networks = 3
epochs = )" + std::to_string(epochs) + R"(
seed = 3
record_points = 30
[ib]
points = 20
[output]
figures = false
[[setting]]
label = "wide"
[setting.network]
widths = [10, 7, 5]
[[setting]]
label = "narrow"
[setting.network]
widths = [6, 4]
[setting.training]
networks = 2
)";
}

// The experiment `name` run into out roots `a` and `b` wrote the same files: every array of
// each setting's results, its summaries, the experiment summary; `b` has no checkpoint left.
inline void expect_same_experiment_files(const std::filesystem::path& a, const std::filesystem::path& b,
                                         const std::string& name) {
  for (const char* setting : {"wide", "narrow"}) {
    SCOPED_TRACE(setting);
    const std::filesystem::path da = a / name / setting, db = b / name / setting;
    ASSERT_TRUE(std::filesystem::exists(db / "results.h5"));
    const RunResults ra = read_results((da / "results.h5").string());
    const RunResults rb = read_results((db / "results.h5").string());
    ASSERT_TRUE(ra.ib_curve && ra.layer_beta);
    expect_same_measurements(ra, rb);
    EXPECT_EQ(ra.metadata.config_toml, rb.metadata.config_toml);
    for (const char* file : {"summary.md", "summary.json"})
      EXPECT_EQ(read_text((da / file).string()), read_text((db / file).string())) << file;
    EXPECT_TRUE(find_checkpoint_parts(db.string()).empty());
  }
  EXPECT_EQ(read_text((a / name / "summary.md").string()), read_text((b / name / "summary.md").string()));
}

}  // namespace infoplane::testing
