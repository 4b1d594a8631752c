#pragma once
// The fuzz input as a file: every reader under test takes a path, so each input is written to
// one temporary file (per process) that the target then reads.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

namespace infoplane::fuzz {

// Writes data[0, size) to $TMPDIR/infoplane-fuzz-<pid><suffix> and returns its path. The
// suffix matters for readers that look at the name (".gz" is not needed: IDX sniffs bytes).
inline std::string input_file(const std::uint8_t* data, std::size_t size, const char* suffix) {
  static const std::string path = (std::filesystem::temp_directory_path() /
                                   ("infoplane-fuzz-" + std::to_string(::getpid()) + suffix))
                                      .string();
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) std::abort();
  if (size > 0 && std::fwrite(data, 1, size, f) != size) std::abort();
  std::fclose(f);
  return path;
}

}  // namespace infoplane::fuzz
