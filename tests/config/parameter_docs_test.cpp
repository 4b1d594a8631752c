// docs/parameters.md is the parameter table: regenerate it with
//   build/release/bin/infoplane params --markdown > docs/parameters.md
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "infoplane/config/parameter_table.hpp"

namespace infoplane {
namespace {

TEST(ParameterDocs, CommittedFileMatchesTheTable) {
  std::ifstream in(std::string(INFOPLANE_SOURCE_DIR) + "/docs/parameters.md");
  ASSERT_TRUE(in.good()) << "docs/parameters.md is missing";
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), parameter_docs_markdown())
      << "regenerate: build/release/bin/infoplane params --markdown > docs/parameters.md";
  // Every key of the table appears in the docs with its flag.
  for (const auto& p : parameter_table()) {
    EXPECT_NE(text.str().find("`" + p.key + "`"), std::string::npos) << p.key;
    if (!p.flag.empty()) {
      EXPECT_NE(text.str().find("`" + p.flag + "`"), std::string::npos) << p.flag;
    }
  }
}

}  // namespace
}  // namespace infoplane
