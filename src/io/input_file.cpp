// InputFile: open(2)/fstat(2)/read(2), so that FIFOs and devices are handled like files.
#include "io/detail/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "infoplane/core/error.hpp"

namespace infoplane::detail {

InputFile::InputFile(const std::string& path) : path_(path) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) throw Error(path + ": cannot open the file: " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd_, &st) != 0) {
    const int err = errno;
    ::close(fd_);
    throw Error(path + ": cannot open the file: " + std::strerror(err));
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd_);
    throw Error(path + ": cannot open the file: it is a folder");
  }
  regular_ = S_ISREG(st.st_mode);
  size_ = regular_ ? static_cast<std::uint64_t>(st.st_size) : 0;
}

InputFile::~InputFile() {
  if (fd_ >= 0) ::close(fd_);
}

std::size_t InputFile::read(void* out, std::size_t n) {
  auto* bytes = static_cast<unsigned char*>(out);
  std::size_t total = 0;
  while (total < n) {
    const ssize_t got = ::read(fd_, bytes + total, n - total);
    if (got < 0) {
      if (errno == EINTR) continue;
      throw Error(path_ + ": read error: " + std::strerror(errno));
    }
    if (got == 0) break;
    total += static_cast<std::size_t>(got);
  }
  return total;
}

}  // namespace infoplane::detail
