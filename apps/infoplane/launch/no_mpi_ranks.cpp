// Built without MPI (CMake did not find OpenMPI): every run is one process.
#include <cstdlib>

#include "launched_ranks.hpp"

namespace infoplane::cli {

std::unique_ptr<Ranks> launched_ranks() { return nullptr; }

void abort_launched_ranks(int code) { std::exit(code); }

const char* mpi_support() { return "no"; }

}  // namespace infoplane::cli
