#pragma once
// Runs a call in a forked child with a time limit, so that a crash (signal) or a hang of a
// reader on damaged input shows up as a test failure instead of taking the test binary down.
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <exception>
#include <string>

#include "infoplane/core/error.hpp"

namespace infoplane::testing {

enum class ChildOutcome {
  success,      // the call returned
  error,        // it threw infoplane::Error
  other_throw,  // it threw something else (std::bad_alloc, ...)
  signal,       // the child died of a signal (SIGSEGV, SIGABRT, ...)
  hang,         // it ran past the time limit
};

inline const char* outcome_name(ChildOutcome o) {
  switch (o) {
    case ChildOutcome::success: return "success";
    case ChildOutcome::error: return "infoplane::Error";
    case ChildOutcome::other_throw: return "another exception";
    case ChildOutcome::signal: return "signal";
    case ChildOutcome::hang: return "hang";
  }
  return "?";
}

// `call` runs in the child; `seconds` is the time limit (SIGALRM in the child means a hang).
// *signal_number gets the killing signal, if any.
template <class Call>
ChildOutcome run_in_child(Call&& call, unsigned seconds, int* signal_number = nullptr) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::alarm(seconds);
    int code = 0;
    try {
      call();
    } catch (const Error&) {
      code = 1;
    } catch (...) {
      code = 2;
    }
    std::_Exit(code);  // no atexit handlers, no gtest teardown in the child
  }
  if (pid < 0) return ChildOutcome::signal;
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
  }
  if (WIFSIGNALED(status)) {
    if (signal_number != nullptr) *signal_number = WTERMSIG(status);
    return WTERMSIG(status) == SIGALRM ? ChildOutcome::hang : ChildOutcome::signal;
  }
  switch (WEXITSTATUS(status)) {
    case 0: return ChildOutcome::success;
    case 1: return ChildOutcome::error;
    default: return ChildOutcome::other_throw;
  }
}

}  // namespace infoplane::testing
