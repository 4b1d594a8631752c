// `infoplane ib` end to end: the spherical curve as a table and as JSON, and bad flags.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

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
