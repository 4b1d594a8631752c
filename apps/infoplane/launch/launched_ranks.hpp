#pragma once
// The ranks this process belongs to when it was started by an MPI launcher (mpirun, mpiexec,
// srun): MPI is initialised only then, so a plain `infoplane run` never touches it. Built from
// mpi_ranks.cpp when CMake finds OpenMPI, from no_mpi_ranks.cpp otherwise.
#include <memory>

#include "infoplane/run/ranks.hpp"

namespace infoplane::cli {

// Null when not started by a launcher (or built without MPI). The object finalises MPI when
// destroyed.
std::unique_ptr<Ranks> launched_ranks();

// Ends every rank of the job with `code` (an error on one rank: the others would wait for it
// for ever).
[[noreturn]] void abort_launched_ranks(int code);

// "MPI" or "no" (shown by --version).
const char* mpi_support();

}  // namespace infoplane::cli
