// probe_in_child: fork, run the read in the child, report its outcome through a pipe.
#include "io/detail/results_probe.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <exception>

#include "infoplane/core/error.hpp"

namespace infoplane::detail {
namespace {

// Child exit codes.
constexpr int kReadOk = 0;
constexpr int kReadError = 1;  // infoplane::Error: the message follows on the pipe
constexpr int kReadOther = 3;  // another exception: its what() follows on the pipe

[[noreturn]] void child_exit(int fd, int code, const char* message) {
  std::size_t left = std::strlen(message);
  while (left > 0) {
    const ssize_t n = ::write(fd, message, left);
    if (n <= 0) break;
    message += n;
    left -= static_cast<std::size_t>(n);
  }
  ::_exit(code);  // no atexit handlers: libhdf5's cleanup belongs to the parent
}

// Reads the child's message until EOF or the deadline; false on timeout.
bool read_message(int fd, std::chrono::steady_clock::time_point deadline, std::string& out) {
  char buffer[4096];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return ready < 0;  // poll error: stop waiting, let waitpid decide
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return true;  // EOF: the child has exited (or closed the pipe)
    if (out.size() < 65536) out.append(buffer, static_cast<std::size_t>(n));
  }
}

}  // namespace

std::mutex& hdf5_mutex() {
  static std::mutex mutex;
  return mutex;
}

void probe_in_child(const std::string& path, const std::function<void()>& read, int seconds) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return;
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return;  // no probe possible: the in-process read still checks everything it can
  }
  if (pid == 0) {
    ::close(fds[0]);
    try {
      read();
      child_exit(fds[1], kReadOk, "");
    } catch (const Error& e) {
      child_exit(fds[1], kReadError, e.what());
    } catch (const std::exception& e) {
      child_exit(fds[1], kReadOther, e.what());
    } catch (...) {
      child_exit(fds[1], kReadOther, "unknown exception");
    }
  }
  ::close(fds[1]);
  std::string message;
  const bool finished =
      read_message(fds[0], std::chrono::steady_clock::now() + std::chrono::seconds(seconds), message);
  ::close(fds[0]);
  if (!finished) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!finished) {
    throw Error(path + ": reading took longer than " + std::to_string(seconds) +
                " s; the file is damaged (expected an intact results file)");
  }
  if (WIFSIGNALED(status)) {
    throw Error(path + ": the HDF5 library crashed reading the file (signal " +
                std::to_string(WTERMSIG(status)) + "): it is damaged; expected an intact results file");
  }
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : kReadOther;
  if (code == kReadOk) return;
  if (code == kReadError) throw Error(message);
  throw Error(path + ": cannot read the results file: " + message);
}

}  // namespace infoplane::detail
