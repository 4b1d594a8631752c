// infoplane mi end to end: .npy layers and labels written here, the table and JSON checked
// against the library's own estimate and ground truth, and bad files named in the errors.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "infoplane/io/npy.hpp"
#include "support/cli.hpp"

namespace infoplane {
namespace {

class CmdMi : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("infoplane_cmd_mi_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    std::filesystem::create_directories(dir_);
    // 256 patterns = all 8-bit inputs; label = parity of the lowest 2 bits.
    // Layer 0: the 8 inputs scaled to [-1, 1] (injective: I(X;T) = 8 bits, I(T;Y) = H(Y) = 1).
    // Layer 1: the 2 lowest bits (I(X;T) = 2 bits, I(T;Y) = 1 bit).
    // Layer 2: the lowest 3 bits: I(X;T) = 3 bits > 2: a DPI violation (it is not a function of
    // layer 1), reported in the table and JSON.
    Matrix<float> l0(256, 8), l1(256, 2), l2(256, 3);
    std::vector<std::int64_t> labels(256);
    for (int x = 0; x < 256; ++x) {
      for (int b = 0; b < 8; ++b) l0(x, b) = ((x >> b) & 1) ? 1.0f : -1.0f;
      for (int b = 0; b < 2; ++b) l1(x, b) = l0(x, b);
      for (int b = 0; b < 3; ++b) l2(x, b) = l0(x, b);
      labels[x] = (x & 1) ^ ((x >> 1) & 1);
    }
    write_npy(path("l0.npy"), l0);
    Matrix<double> l1d(256, 2);
    for (std::size_t i = 0; i < l1.size(); ++i) l1d.values()[i] = l1.values()[i];
    write_npy(path("l1.npy"), l1d);  // float64 on purpose
    write_npy(path("l2.npy"), l2);
    write_npy(path("labels.npy"), std::span<const std::int64_t>(labels));
  }
  void TearDown() override { if (!std::getenv("KEEP")) std::filesystem::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::filesystem::path dir_;
};

TEST_F(CmdMi, TableAndJsonHoldTheExactValues) {
  const auto r = testing::run_cli("mi --layers " + path("l0.npy") + "," + path("l1.npy") + "," +
                                  path("l2.npy") + " --labels " + path("labels.npy") + " --json " +
                                  path("out.json"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("8.0000"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("violation(X)"), std::string::npos) << r.output;
  std::ifstream f(path("out.json"));
  const auto doc = nlohmann::json::parse(f);
  EXPECT_EQ(doc["units"], "bits");
  EXPECT_EQ(doc["estimator"], "binning");
  ASSERT_EQ(doc["layers"].size(), 3u);
  const double want_xt[3] = {8.0, 2.0, 3.0};
  for (int l = 0; l < 3; ++l) {
    EXPECT_NEAR(doc["layers"][l]["i_xt"].get<double>(), want_xt[l], 1e-9);
    EXPECT_NEAR(doc["layers"][l]["i_ty"].get<double>(), 1.0, 1e-9);
  }
  EXPECT_EQ(doc["dpi"]["xt_violations"], nlohmann::json::array({2}));
  EXPECT_TRUE(doc["dpi"]["ty_violations"].empty());
}

TEST_F(CmdMi, KdeAndKsgRun) {
  auto r = testing::run_cli("mi --layers " + path("l1.npy") + " --labels " + path("labels.npy") +
                            " --estimator kde --sigma2 1e-3 --json " + path("kde.json"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::ifstream f(path("kde.json"));
  const auto doc = nlohmann::json::parse(f);
  // Four well-separated points (distance 2, sigma2 = 1e-3): both bounds equal H(T) = 2 bits.
  EXPECT_NEAR(doc["layers"][0]["i_xt_lower"].get<double>(), 2.0, 1e-9);
  EXPECT_NEAR(doc["layers"][0]["i_xt_upper"].get<double>(), 2.0, 1e-9);
  r = testing::run_cli("mi --layers " + path("l1.npy") + " --labels " + path("labels.npy") +
                       " --estimator ksg");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("n/a"), std::string::npos) << r.output;  // no inputs with --labels
}

TEST_F(CmdMi, RuleTaskAndRowMismatch) {
  // The spherical task has 4096 patterns: a 256-row layer is refused, naming the file.
  auto r = testing::run_cli("mi --layers " + path("l0.npy") + " --rule spherical");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("l0.npy"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("4096"), std::string::npos) << r.output;
  // A constant 4096-row layer: 0 bits, with the rule's exact p(y|x).
  write_npy(path("const.npy"), Matrix<float>(4096, 3, 0.25f));
  r = testing::run_cli("mi --layers " + path("const.npy") + " --rule spherical --json " + path("c.json"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::ifstream f(path("c.json"));
  const auto doc = nlohmann::json::parse(f);
  EXPECT_NEAR(doc["layers"][0]["i_xt"].get<double>(), 0.0, 1e-12);
  EXPECT_EQ(doc["task"], "spherical");
}

TEST_F(CmdMi, BadInputIsNamed) {
  // Row count not matching the labels.
  write_npy(path("short.npy"), Matrix<float>(10, 2));
  auto r = testing::run_cli("mi --layers " + path("short.npy") + " --labels " + path("labels.npy"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("short.npy"), std::string::npos) << r.output;
  // NaN in a layer.
  Matrix<float> bad(256, 2, 0.5f);
  bad(3, 1) = std::nanf("");
  write_npy(path("nan.npy"), bad);
  r = testing::run_cli("mi --layers " + path("nan.npy") + " --labels " + path("labels.npy"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("nan.npy"), std::string::npos) << r.output;
  // Labels given as floats, a missing file, an unknown estimator, both or neither task source.
  r = testing::run_cli("mi --layers " + path("l0.npy") + " --labels " + path("l1.npy"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("l1.npy"), std::string::npos) << r.output;
  r = testing::run_cli("mi --layers " + path("none.npy") + " --labels " + path("labels.npy"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("none.npy"), std::string::npos) << r.output;
  r = testing::run_cli("mi --layers " + path("l0.npy") + " --labels " + path("labels.npy") +
                       " --estimator histogram");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("histogram"), std::string::npos) << r.output;
  r = testing::run_cli("mi --layers " + path("l0.npy"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("--labels"), std::string::npos) << r.output;
  r = testing::run_cli("mi --layers " + path("l0.npy") + " --labels " + path("labels.npy") +
                       " --bins 1");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("bins"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace infoplane
