#pragma once
// The reference code's original data files (var_u.mat, g1.mat, g2.mat), whose license (research
// use, no redistribution) keeps them out of the repository. Looked for in $INFOPLANE_IDNNS_DIR,
// then in data/idnns/ of the checkout (scripts/fetch-idnns-data.sh puts them there); CI sets the
// variable where its workplace provides the files. Tests of the files' facts
// skip, visibly, when they are absent; the loader's own tests write their .mat files themselves.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace infoplane::testing {

// The file's path, or "" when it is in neither folder.
inline std::string idnns_file(const std::string& name) {
  namespace fs = std::filesystem;
  if (const char* dir = std::getenv("INFOPLANE_IDNNS_DIR"); dir != nullptr && *dir != '\0') {
    const fs::path p = fs::path(dir) / name;
    return fs::exists(p) ? p.string() : "";
  }
  const fs::path p = fs::path(INFOPLANE_SOURCE_DIR) / "data" / "idnns" / name;
  return fs::exists(p) ? p.string() : "";
}

}  // namespace infoplane::testing

// Declares `var` = the path of the original file `name`, or skips the test saying how to get it.
#define INFOPLANE_IDNNS_FILE_OR_SKIP(var, name)                                                    \
  const std::string var = ::infoplane::testing::idnns_file(name);                                  \
  if (var.empty())                                                                                 \
  GTEST_SKIP() << "original data file " << (name)                                                  \
               << " not found: set INFOPLANE_IDNNS_DIR or run scripts/fetch-idnns-data.sh"
