// libFuzzer target: the .npy readers (raw array, float matrix, integer labels) on arbitrary
// bytes. Success and infoplane::Error are the only allowed outcomes.
#include "fuzz_input.hpp"
#include "infoplane/core/error.hpp"
#include "infoplane/io/npy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = infoplane::fuzz::input_file(data, size, ".npy");
  try {
    (void)infoplane::read_npy_matrix(path);
  } catch (const infoplane::Error&) {
  }
  try {
    (void)infoplane::read_npy_labels(path);
  } catch (const infoplane::Error&) {
  }
  return 0;
}
