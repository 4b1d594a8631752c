// `infoplane ib` end to end: the spherical curve as a table and as JSON, and bad flags.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "infoplane/io/results_store.hpp"
#include "support/cli.hpp"

namespace infoplane {
namespace {

using testing::run_cli;

TEST(IBCli, SphericalCurveAsTableAndJson) {
  const std::string path = ::testing::TempDir() + "ib_cli_curve.json";
  const auto r = run_cli("ib --rule spherical --beta-min 0.5 --beta-max 200 --points 12 --json " + path);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("I(X;T)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("64 classes"), std::string::npos) << r.output;
  std::ifstream file(path);
  ASSERT_TRUE(file.good());
  const auto j = nlohmann::json::parse(file);
  EXPECT_EQ(j["solved_on"], "classes");
  EXPECT_EQ(j["n_inputs"], 64);
  const auto& points = j["points"];
  ASSERT_EQ(points.size(), 12u);
  EXPECT_LT(points[0]["i_xt_bits"].get<double>(), 1e-9);
  const double i_xy = j["i_xy_bits"];
  EXPECT_GT(i_xy, 0.0);
  for (std::size_t k = 1; k < points.size(); ++k) {
    EXPECT_GE(points[k]["i_ty_bits"].get<double>(), points[k - 1]["i_ty_bits"].get<double>() - 1e-9);
    EXPECT_LE(points[k]["i_ty_bits"].get<double>(), i_xy + 1e-12);
    EXPECT_TRUE(points[k]["converged"].get<bool>());
  }
  EXPECT_GT(points.back()["i_ty_bits"].get<double>(), 0.5 * i_xy);
  std::remove(path.c_str());
}

TEST(IBCli, BadFlagsAreNamed) {
  auto r = run_cli("ib --rule spherical --beta-min 0");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("--beta-min"), std::string::npos) << r.output;
  r = run_cli("ib --rule spherical --beta-min 10 --beta-max 1");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("--beta-max"), std::string::npos) << r.output;
  r = run_cli("ib --rule spherical --points 0");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("--points"), std::string::npos) << r.output;
  r = run_cli("ib --rule no-such-rule");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  r = run_cli("ib --rule spherical --points 2 --json /nonexistent-dir/x.json");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("--json"), std::string::npos) << r.output;
  r = run_cli("ib");  // usage error (CLI11's own exit code): --rule is required
  EXPECT_NE(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("--rule"), std::string::npos) << r.output;
}

TEST(IBCli, TrainingSampleCurves) {
  const std::string path = ::testing::TempDir() + "ib_cli_sample.json";
  std::remove(path.c_str());
  auto r = run_cli("ib --rule spherical --train-fraction 0.05 --seed 1 --points 8 --json " + path);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("(training sample)"), std::string::npos) << r.output;
  std::ifstream file(path);
  const auto j = nlohmann::json::parse(file);
  EXPECT_EQ(j["training_sample"]["labels"], "rule");
  EXPECT_LT(j["i_xy_bits"].get<double>(), 0.99);  // 205 patterns cover 51 of the 64 classes
  // With the drawn (deterministic) labels the curve ends at H of the sample's labels.
  r = run_cli("ib --rule spherical --train-fraction 0.05 --seed 1 --points 8 --drawn-labels");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("drawn labels"), std::string::npos) << r.output;
  r = run_cli("ib --rule spherical --seed 3");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("--train-fraction"), std::string::npos) << r.output;
  std::remove(path.c_str());
}

}  // namespace
}  // namespace infoplane

namespace infoplane {
namespace {

// A run on a training sample stores the finite-sample curve of network 0's sample: the curve
// that `infoplane ib --train-fraction F --seed S` gives, point for point (JSON keeps 17 digits).
TEST(IBCli, RunsStoreTheirSampleCurve) {
  const std::string dir = ::testing::TempDir() + "ib_cli_sample_run";
  const std::string results = dir + ".h5", json = dir + ".json";
  std::remove(results.c_str());
  std::remove(json.c_str());
  auto r = run_cli("train --rule spherical --train-fraction 0.1 --seed 4 --widths 6,4 --networks 2 "
                   "--epochs 20 --points 8 --beta-star-epochs none --quiet --out " + results);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = run_cli("ib --rule spherical --train-fraction 0.1 --seed 4 --points 8 --json " + json);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const RunResults run = read_results(results);
  ASSERT_TRUE(run.ib_sample_curve && run.ib_curve);
  std::ifstream file(json);
  const auto j = nlohmann::json::parse(file);
  ASSERT_EQ(run.ib_sample_curve->beta.size(), j["points"].size());
  for (std::size_t k = 0; k < j["points"].size(); ++k) {
    EXPECT_EQ(run.ib_sample_curve->i_xt[k], j["points"][k]["i_xt_bits"].get<double>());
    EXPECT_EQ(run.ib_sample_curve->i_ty[k], j["points"][k]["i_ty_bits"].get<double>());
    EXPECT_EQ(run.ib_sample_curve->n_clusters[k], j["points"][k]["n_clusters"].get<int>());
  }
  // The sample covers fewer classes, so its curve ends below the task's.
  EXPECT_LT(run.ib_sample_curve->i_ty.back(), run.ib_curve->i_ty.back() + 1e-12);
  std::remove(results.c_str());
  std::remove(json.c_str());
}

}  // namespace
}  // namespace infoplane
