// libFuzzer target: read_idx (plain or gzipped IDX via zlib) on arbitrary bytes, then the task
// from the file as both images and labels. Success and infoplane::Error are the only allowed
// outcomes.
#include "fuzz_input.hpp"
#include "infoplane/core/error.hpp"
#include "infoplane/task/data_files.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = infoplane::fuzz::input_file(data, size, ".idx");
  try {
    (void)infoplane::read_idx(path);
    (void)infoplane::load_idx_task(path, path);
  } catch (const infoplane::Error&) {
  }
  return 0;
}
