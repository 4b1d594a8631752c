#pragma once
// A file opened for reading whose byte length is known before anything is allocated: readers
// compare what a header claims against it. Works for regular files and for pipes, FIFOs and
// devices (whose length is unknown: the caller then reads with a hard cap).
#include <cstddef>
#include <cstdint>
#include <string>

namespace infoplane::detail {

class InputFile {
 public:
  // Throws infoplane::Error "<path>: cannot open ..." (missing, unreadable, a folder).
  explicit InputFile(const std::string& path);
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;
  ~InputFile();

  bool regular() const { return regular_; }
  // Bytes in the file (regular files only; 0 otherwise).
  std::uint64_t size() const { return size_; }
  // Reads up to n bytes into out; returns the count read, short only at the end of the file.
  // Throws infoplane::Error on a read error.
  std::size_t read(void* out, std::size_t n);
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int fd_ = -1;
  bool regular_ = false;
  std::uint64_t size_ = 0;
};

}  // namespace infoplane::detail
