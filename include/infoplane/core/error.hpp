#pragma once
// Two error channels (see docs/architecture.md):
//  - infoplane::Error: bad user input or environment (file, key, flag). Caught by the CLI,
//    printed as "infoplane: error: <message>", exit status 2. Messages name the file, key or
//    flag and say what was expected.
//  - INFOPLANE_ASSERT: a broken internal invariant (a bug). Aborts with file:line.
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace infoplane {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace infoplane

#define INFOPLANE_ASSERT(cond)                                                             \
  do {                                                                                     \
    if (!(cond)) {                                                                         \
      std::fprintf(stderr, "%s:%d: internal error: assertion '%s' failed\n", __FILE__,     \
                   __LINE__, #cond);                                                       \
      std::abort();                                                                        \
    }                                                                                      \
  } while (0)
