#pragma once
// Runs the built `infoplane` binary (path from CMake) and captures its output and exit status.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace infoplane::testing {

struct CliResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs a shell command line, stdout and stderr together.
inline CliResult run_shell(const std::string& command_line) {
  const std::string command = command_line + " 2>&1";
  CliResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return result;
  std::array<char, 4096> buffer{};
  std::size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.output.append(buffer.data(), n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// `args` is appended to the binary's path as is (shell syntax); `prefix` (e.g. "timeout -s INT
// 1") goes before it.
inline CliResult run_cli_prefixed(const std::string& prefix, const std::string& args) {
  return run_shell(prefix + " " + std::string(INFOPLANE_CLI_PATH) + " " + args);
}

inline CliResult run_cli(const std::string& args) { return run_cli_prefixed("", args); }

}  // namespace infoplane::testing
