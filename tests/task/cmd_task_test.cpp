// `infoplane task` through the built binary.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/cli.hpp"
#include "support/idnns_data.hpp"
#include "support/scratch_dir.hpp"

namespace infoplane {
namespace {

using infoplane::testing::run_cli;

nlohmann::json json_of(const std::string& args) {
  const auto r = run_cli(args);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  return nlohmann::json::parse(r.output);
}

TEST(CmdTask, SphericalJson) {
  const auto j = json_of("task --rule spherical --json");
  EXPECT_NEAR(j.at("i_xy_bits").get<double>(), 0.99, 1e-3);
  EXPECT_EQ(j.at("n_classes").get<int>(), 64);
  EXPECT_EQ(j.at("n_patterns").get<int>(), 4096);
  EXPECT_NEAR(j.at("h_x_bits").get<double>(), 12.0, 1e-12);
  EXPECT_NEAR(j.at("p_y1").get<double>(), 0.5, 0.01);
  EXPECT_GE(j.at("h_y_bits").get<double>(), j.at("i_xy_bits").get<double>());
  EXPECT_TRUE(j.contains("theta"));
  EXPECT_GT(j.at("gamma").get<double>(), 0.0);
}

TEST(CmdTask, VarUJson) {
  INFOPLANE_IDNNS_FILE_OR_SKIP(var_u, "var_u.mat");
  const auto j = json_of("task --rule mat:" + var_u + " --json");
  EXPECT_NEAR(j.at("p_y1").get<double>(), 0.51709, 1e-5);
  EXPECT_EQ(j.at("n_classes").get<int>(), 2);
}

TEST(CmdTask, CommitteeTextAndSeed) {
  const auto r = run_cli("task --rule committee --rule-seed 5");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  for (const char* key : {"patterns", "classes", "H(X)", "H(Y)", "I(X;Y)", "p(y=1)", "theta", "gamma"}) {
    EXPECT_NE(r.output.find(key), std::string::npos) << key;
  }
  EXPECT_NE(json_of("task --rule committee --rule-seed 5 --json").at("parameters").dump(),
            json_of("task --rule committee --rule-seed 6 --json").at("parameters").dump());
}

TEST(CmdTask, BadInputNamesTheCulprit) {
  auto r = run_cli("task --rule nosuchrule");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("nosuchrule"), std::string::npos) << r.output;

  r = run_cli("task --rule mat:/nonexistent/dir/missing.mat");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("missing.mat"), std::string::npos) << r.output;

  testing::ScratchDir dir;
  const std::string junk = dir.write("junk.mat", std::string(300, 'x'));
  r = run_cli("task --rule mat:" + junk);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("junk.mat"), std::string::npos) << r.output;

  r = run_cli("task --rule spherical --bogus-flag");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("--bogus-flag"), std::string::npos) << r.output;

  r = run_cli("task");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("--rule"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace infoplane
