#pragma once
// The message of the infoplane::Error a call throws (a failure when it throws none), and a
// check that a message mentions a part: the shape of most bad-input tests.
#include <gtest/gtest.h>

#include <string>

#include "infoplane/core/error.hpp"

namespace infoplane::testing {

template <class Call>
std::string error_message(Call call, const std::string& what) {
  try {
    call();
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "no infoplane::Error for " << what;
  return "";
}

inline void expect_mentions(const std::string& message, const std::string& part) {
  EXPECT_NE(message.find(part), std::string::npos) << "message: " << message;
}

}  // namespace infoplane::testing
