#pragma once
// Helpers of the results-store tests: the scratch folder, text files, shell commands.
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "support/scratch_dir.hpp"

namespace infoplane::testing {

inline void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// Runs a shell command, returning its exit status and output (stdout + stderr).
inline int run_shell(const std::string& command, std::string* output) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return -1;
  char buffer[4096];
  std::size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) output->append(buffer, n);
  const int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

inline bool python_has(const std::string& modules) {
  std::string out;
  return run_shell("/usr/bin/python3 -c 'import " + modules + "'", &out) == 0;
}

}  // namespace infoplane::testing
