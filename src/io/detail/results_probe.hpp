#pragma once
// Damaged HDF5 files can crash or hang libhdf5 itself (1.10's metadata readers trust sizes and
// offsets they read; see docs/robustness.md), which no check in our code can prevent. So the
// results reader first reads each file in a forked child: only if the child succeeds does
// the real read run in this process; a crash or a hang of the child becomes an
// infoplane::Error naming the file.
#include <functional>
#include <mutex>
#include <string>

#include "infoplane/results/run_results.hpp"

namespace infoplane::detail {

// The in-process reader without the child-process probe (what the probe runs; the fuzz target
// calls it directly so that the fuzzer sees crashes).
RunResults read_results_in_process(const std::string& path);

// Runs `read` in a forked child with a time limit of `seconds`. Returns when it returned;
// rethrows its infoplane::Error message; throws infoplane::Error naming `path` when it threw
// anything else, died of a signal or ran out of time. If fork(2) fails, returns at once.
// Held around the library's HDF5 work (results files, MATLAB 7.3 files), so that threads use
// HDF5 one at a time: libhdf5 is thread-safe, but its error-stack setting is process-wide, and a
// fork (probe_in_child) while another thread is inside libhdf5 would leave the child waiting on
// libhdf5's lock for ever.
std::mutex& hdf5_mutex();

void probe_in_child(const std::string& path, const std::function<void()>& read, int seconds);

}  // namespace infoplane::detail
