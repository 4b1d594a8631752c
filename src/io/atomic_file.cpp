#include "infoplane/io/atomic_file.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "infoplane/core/error.hpp"

namespace infoplane {
namespace {

std::string named(const std::string& path, const std::string& what) {
  return what.empty() ? path : what + " " + path;
}

[[noreturn]] void fail(const std::string& path, const std::string& what, const std::string& why) {
  throw Error(named(path, what) + ": " + why);
}

void fsync_folder_of(const std::string& path) {
  const std::filesystem::path folder = std::filesystem::path(path).parent_path();
  const int fd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return;  // durability of the rename, not correctness
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

std::string temporary_path_for(const std::string& path) {
  // Hidden, in the same folder (rename(2) stays within one file system), unique per process and
  // call (threads of one process may write at once).
  static std::atomic<unsigned> counter{0};
  const std::filesystem::path target(path);
  const std::string name = "." + target.filename().string() + ".tmp-" + std::to_string(::getpid()) +
                           "-" + std::to_string(counter.fetch_add(1));
  return (target.parent_path() / name).string();
}

void publish_file(const std::string& temporary, const std::string& path, bool overwrite,
                  const std::string& what) {
  const int fd = ::open(temporary.c_str(), O_RDONLY);
  if (fd < 0 || ::fsync(fd) != 0) {
    const int err = errno;
    if (fd >= 0) ::close(fd);
    std::remove(temporary.c_str());
    fail(path, what, std::string("cannot sync the temporary file: ") + std::strerror(err));
  }
  ::close(fd);
  int rc = 0;
  if (overwrite) {
    rc = std::rename(temporary.c_str(), path.c_str());
  } else {
    rc = ::renameat2(AT_FDCWD, temporary.c_str(), AT_FDCWD, path.c_str(), RENAME_NOREPLACE);
    if (rc != 0 && (errno == EINVAL || errno == ENOSYS)) {  // no RENAME_NOREPLACE here
      std::error_code ec;
      if (std::filesystem::exists(path, ec)) errno = EEXIST;
      else rc = std::rename(temporary.c_str(), path.c_str());
    }
  }
  if (rc != 0) {
    const int err = errno;
    std::remove(temporary.c_str());
    if (err == EEXIST) fail(path, what, "the file already exists; pass --force to overwrite it");
    fail(path, what, std::string("cannot rename the temporary file into place: ") + std::strerror(err));
  }
  fsync_folder_of(path);
}

void write_file_atomically(const std::string& path, std::string_view bytes, bool overwrite,
                           const std::string& what) {
  // Fault injection for the tests of a full disk (tests/run/fault_test.cpp): a write to a file of
  // this name fails as a full disk would.
  if (const char* name = std::getenv("INFOPLANE_INJECT_WRITE_ERROR");
      name != nullptr && std::filesystem::path(path).filename() == name)
    fail(path, what, std::string("write failed: ") + std::strerror(ENOSPC) + " (injected)");
  std::error_code ec;
  if (!overwrite && std::filesystem::exists(path, ec))
    fail(path, what, "the file already exists; pass --force to overwrite it");
  const std::string temporary = temporary_path_for(path);
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) fail(path, what, std::string("cannot open for writing: ") + std::strerror(errno));
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int err = n < 0 ? errno : EIO;
      ::close(fd);
      std::remove(temporary.c_str());
      fail(path, what, std::string("write failed: ") + std::strerror(err));
    }
    done += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) {
    const int err = errno;
    std::remove(temporary.c_str());
    fail(path, what, std::string("write failed: ") + std::strerror(err));
  }
  publish_file(temporary, path, overwrite, what);
}

}  // namespace infoplane
