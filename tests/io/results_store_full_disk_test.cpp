// Writing a results file when the disk fills up: an infoplane::Error naming the file and the
// system's reason, no file under the real name (an older file there stays intact), no
// temporary file left behind, and no crash when the process exits (libhdf5 once segfaulted in
// H5_term_library after a failed write). Writes run in a forked child that exits normally, so
// libhdf5's exit-time cleanup runs too. Injection: RLIMIT_FSIZE (any file system), and a
// 64 KiB tmpfs when mounting is permitted (root).
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

#include "infoplane/core/error.hpp"
#include "infoplane/io/results_store.hpp"
#include "io/store_test_support.hpp"
#include "io/synthetic_results.hpp"
#include "support/results_equal.hpp"

namespace infoplane {
namespace {

using testing::ScratchDir;
namespace fs = std::filesystem;

// Child exit codes.
constexpr int kErrorAsExpected = 0;
constexpr int kNoError = 1;
constexpr int kWrongMessage = 2;
constexpr int kOtherException = 3;

// Forks; the child optionally caps its file size, writes `r` to `path` expecting an Error that
// mentions `path` and `reason`, and leaves with exit() (atexit handlers run). Returns the wait
// status.
int write_in_child(const std::string& path, const RunResults& r, bool overwrite,
                   const std::string& reason, long file_size_cap) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (file_size_cap > 0) {
      std::signal(SIGXFSZ, SIG_IGN);  // write(2) then fails with EFBIG instead of a signal
      const rlimit limit{static_cast<rlim_t>(file_size_cap), static_cast<rlim_t>(file_size_cap)};
      ::setrlimit(RLIMIT_FSIZE, &limit);
    }
    ::alarm(20);
    int code = kNoError;
    try {
      write_results(path, r, overwrite);
    } catch (const Error& e) {
      const std::string message = e.what();
      code = message.find(path) != std::string::npos && message.find(reason) != std::string::npos
                 ? kErrorAsExpected
                 : kWrongMessage;
      if (code == kWrongMessage) std::fprintf(stderr, "message: %s\n", e.what());
    } catch (...) {
      code = kOtherException;
    }
    std::exit(code);  // not _Exit: libhdf5's exit-time cleanup must run and not crash
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
  }
  return status;
}

void expect_clean_failure(int status) {
  ASSERT_FALSE(WIFSIGNALED(status)) << "the writer's process died of signal " << WTERMSIG(status);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), kErrorAsExpected)
      << "1: no error, 2: message lacks the path or the reason, 3: another exception";
}

std::vector<std::string> entries(const fs::path& folder) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(folder)) names.push_back(e.path().filename().string());
  return names;
}

RunResults large_results() { return testing::make_synthetic_results(); }  // a few hundred KiB

TEST(ResultsStoreFullDisk, FileSizeLimitGivesAnErrorAndLeavesNoFile) {
  ScratchDir dir;
  const std::string path = dir.file("run.h5");
  expect_clean_failure(write_in_child(path, large_results(), false, "File too large", 16 << 10));
  EXPECT_TRUE(entries(dir.path()).empty()) << "left behind: " << entries(dir.path()).front();
}

TEST(ResultsStoreFullDisk, FailedOverwriteKeepsTheOlderFile) {
  ScratchDir dir;
  const std::string path = dir.file("run.h5");
  testing::SyntheticShape small;
  small.n_epochs = 5;
  small.n_recorded = 4;
  const RunResults older = testing::make_synthetic_results(small);
  write_results(path, older, false);
  expect_clean_failure(write_in_child(path, large_results(), true, "File too large", 64 << 10));
  EXPECT_EQ(entries(dir.path()), std::vector<std::string>{"run.h5"});
  testing::expect_same_measurements(older, read_results(path));
}

TEST(ResultsStoreFullDisk, FullTmpfsGivesNoSpaceLeftAndFreesTheSpace) {
  ScratchDir dir;
  const fs::path mount_point = dir.path() / "small";
  fs::create_directories(mount_point);
  if (::mount("tmpfs", mount_point.c_str(), "tmpfs", 0, "size=64k") != 0) {
    GTEST_SKIP() << "cannot mount a 64 KiB tmpfs here (needs root): " << std::strerror(errno);
  }
  struct Unmount {
    const fs::path& at;
    ~Unmount() { ::umount(at.c_str()); }
  } unmount{mount_point};
  const std::string path = (mount_point / "run.h5").string();
  expect_clean_failure(write_in_child(path, large_results(), false, "No space left on device", 0));
  EXPECT_TRUE(entries(mount_point).empty());
  // The space is free again: a small file fits.
  testing::SyntheticShape small;
  small.n_epochs = 5;
  small.n_recorded = 4;
  small.n_layers = 2;
  small.with_ib = false;
  EXPECT_NO_THROW(write_results(path, testing::make_synthetic_results(small), false));
}

}  // namespace
}  // namespace infoplane
