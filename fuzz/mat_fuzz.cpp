// libFuzzer target: load_mat_task (libmatio behind the pre-read checks) on arbitrary bytes.
// Success and infoplane::Error are the only allowed outcomes.
#include "fuzz_input.hpp"
#include "infoplane/core/error.hpp"
#include "infoplane/task/data_files.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = infoplane::fuzz::input_file(data, size, ".mat");
  try {
    (void)infoplane::load_mat_task(path);
  } catch (const infoplane::Error&) {
  }
  return 0;
}
