// libFuzzer target: the results-file reader (HDF5) on arbitrary bytes. It calls the in-process
// half of read_results: the public function first reads each file in a forked child, which
// would turn every crash into an Error and hide it (and its coverage) from the fuzzer.
// Success and infoplane::Error are the only allowed outcomes; crashes inside libhdf5 itself
// are triaged in docs/robustness.md.
#include "fuzz_input.hpp"
#include "infoplane/core/error.hpp"
#include "io/detail/results_probe.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = infoplane::fuzz::input_file(data, size, ".h5");
  try {
    (void)infoplane::detail::read_results_in_process(path);
  } catch (const infoplane::Error&) {
  }
  return 0;
}
