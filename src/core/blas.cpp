#include "core/detail/blas.hpp"

#include <mutex>

namespace infoplane::detail {

void use_blas_on_calling_thread_only() {
  static std::once_flag once;
  std::call_once(once, [] { openblas_set_num_threads(1); });
}

}  // namespace infoplane::detail
