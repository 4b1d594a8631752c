// Runs `python3 -m infoplane_plot` as a child process (posix_spawn, no shell, so paths need no
// quoting) and collects the list of files it prints on stdout; its stderr passes through.
#include "infoplane/io/plot_runner.hpp"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <sstream>

#include "infoplane/core/error.hpp"
#include "infoplane/io/results_store.hpp"

extern char** environ;

namespace infoplane {
namespace {

namespace fs = std::filesystem;

constexpr int kExitMissingPackage = 3;  // python/infoplane_plot/__main__.py

std::string env_or(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::string(value) : fallback;
}

bool holds_package(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / "infoplane_plot" / "__main__.py", ec);
}

// The child's environment: ours, with the package folder first on PYTHONPATH and a file-only
// matplotlib backend.
std::vector<std::string> child_environment(const std::string& python_dir) {
  std::vector<std::string> env;
  std::string python_path = "PYTHONPATH=" + python_dir;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry(*e);
    if (entry.rfind("PYTHONPATH=", 0) == 0) {
      if (entry.size() > 11) python_path.append(":").append(entry, 11, std::string::npos);
    } else if (entry.rfind("MPLBACKEND=", 0) != 0) {
      env.push_back(entry);
    }
  }
  env.push_back(python_path);
  env.push_back("MPLBACKEND=Agg");
  return env;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Runs argv with env; returns the exit status and fills `output` with the child's stdout.
int run_child(std::vector<std::string> argv, std::vector<std::string> env, std::string* output) {
  int fds[2];
  if (::pipe(fds) != 0) throw Error(std::string("plot: cannot create a pipe: ") + std::strerror(errno));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  posix_spawn_file_actions_addclose(&actions, fds[1]);
  auto c_argv = c_strings(argv);
  auto c_env = c_strings(env);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, c_argv[0], &actions, nullptr, c_argv.data(), c_env.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  if (rc != 0) {
    ::close(fds[0]);
    throw Error("plot: cannot run the Python interpreter '" + argv[0] + "': " +
                std::strerror(rc) + " (set INFOPLANE_PYTHON to a python3 with h5py and "
                "matplotlib, or apt-get install python3-h5py python3-matplotlib)");
  }
  char buffer[4096];
  ssize_t n;
  while ((n = ::read(fds[0], buffer, sizeof buffer)) > 0 || (n < 0 && errno == EINTR)) {
    if (n > 0) output->append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

}  // namespace

std::string find_plot_python_dir() {
  const char* forced = std::getenv("INFOPLANE_PYTHON_DIR");
  if (forced != nullptr && *forced != '\0') {
    if (!holds_package(forced)) {
      throw Error(std::string("INFOPLANE_PYTHON_DIR=") + forced +
                  ": expected a folder holding infoplane_plot/__main__.py");
    }
    return fs::absolute(forced).string();
  }
  std::error_code ec;
  const fs::path exe_dir = fs::read_symlink("/proc/self/exe", ec).parent_path();
  std::vector<fs::path> tried;
  for (const char* relative : {"../share/infoplane/python", "../../../python", "../../python",
                               "../python", "python"}) {
    const fs::path candidate = (exe_dir / relative).lexically_normal();
    if (holds_package(candidate)) return candidate.string();
    tried.push_back(candidate);
  }
  std::string list;
  for (const auto& t : tried) list += (list.empty() ? "" : ", ") + t.string();
  throw Error("plot: cannot find the plotting package python/infoplane_plot (tried " + list +
              "); set INFOPLANE_PYTHON_DIR to the repository's python/ folder");
}

std::string plot_python_interpreter() { return env_or("INFOPLANE_PYTHON", "/usr/bin/python3"); }

namespace {

// Runs the plotting program; its stdout lists the files written, one per line.
std::vector<std::string> run_plot_program(const std::vector<std::string>& argv, const std::string& python_dir) {
  std::string output;
  const int status = run_child(argv, child_environment(python_dir), &output);
  if (status == kExitMissingPackage) {
    throw Error("plot: " + argv[0] + " lacks h5py or matplotlib (Debian: apt-get install "
                "python3-h5py python3-matplotlib; or set INFOPLANE_PYTHON)");
  }
  if (status != 0) {
    throw Error("plot: the plotting program failed (exit status " + std::to_string(status) +
                "); see its messages above");
  }
  std::vector<std::string> written;
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) written.push_back(line);
  }
  return written;
}


}  // namespace

std::vector<std::string> plot_results(const PlotRequest& request) {
  if (request.results_files.empty()) throw Error("plot: no results file given");
  if (request.out_dir.empty()) throw Error("plot: --out: expected an output folder");
  for (const auto& file : request.results_files) read_results(file);  // throws for bad files
  std::error_code ec;
  fs::create_directories(request.out_dir, ec);
  if (!fs::is_directory(request.out_dir)) {
    throw Error("plot: --out " + request.out_dir + ": cannot create the folder" +
                (ec ? ": " + ec.message() : std::string()));
  }
  const std::string python_dir = find_plot_python_dir();
  std::vector<std::string> argv = {plot_python_interpreter(), "-m", "infoplane_plot"};
  argv.insert(argv.end(), request.results_files.begin(), request.results_files.end());
  argv.insert(argv.end(), {"--out", request.out_dir});
  if (!request.movie) argv.push_back("--no-movie");
  if (request.grid_only) argv.push_back("--grid-only");

  return run_plot_program(argv, python_dir);
}

std::vector<std::string> plot_verdict(const std::string& verdict_json, const std::string& out_dir) {
  const std::string python_dir = find_plot_python_dir();
  return run_plot_program({plot_python_interpreter(), "-m", "infoplane_plot.verdict", verdict_json, "--out", out_dir},
                          python_dir);
}

}  // namespace infoplane
