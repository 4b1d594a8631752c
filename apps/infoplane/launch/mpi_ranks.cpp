// Ranks over MPI (OpenMPI, MPI_COMM_WORLD). Only the main thread calls MPI (the trainer's
// threads never do), hence MPI_THREAD_FUNNELED.
#include <mpi.h>

#include <climits>
#include <cstdlib>

#include "infoplane/core/error.hpp"
#include "launched_ranks.hpp"

namespace infoplane::cli {
namespace {

// Environment variables that MPI launchers set for their processes: OpenMPI's mpirun, PMIx
// (srun --mpi=pmix, OpenMPI 4 and later), PMI-1/2 (srun --mpi=pmi2, MPICH's hydra).
bool started_by_launcher() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(name) != nullptr) return true;
  return false;
}

class MpiRanks final : public Ranks {
 public:
  MpiRanks() {
    int provided = 0;
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }
  ~MpiRanks() override { MPI_Finalize(); }
  int rank() const override { return rank_; }
  int size() const override { return size_; }

  void send(int to, int tag, const std::vector<double>& values) override {
    if (values.size() > static_cast<std::size_t>(INT_MAX))
      throw Error("rank " + std::to_string(rank_) + ": a message of " + std::to_string(values.size()) +
                  " values is beyond MPI's count limit");
    MPI_Send(values.data(), static_cast<int>(values.size()), MPI_DOUBLE, to, tag, MPI_COMM_WORLD);
  }

  std::vector<double> receive(int from, int tag) override {
    MPI_Status status;
    MPI_Probe(from, tag, MPI_COMM_WORLD, &status);
    int count = 0;
    MPI_Get_count(&status, MPI_DOUBLE, &count);
    std::vector<double> values(static_cast<std::size_t>(count));
    MPI_Recv(values.data(), count, MPI_DOUBLE, from, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    return values;
  }

  void barrier() override { MPI_Barrier(MPI_COMM_WORLD); }

 private:
  int rank_ = 0, size_ = 1;
};

}  // namespace

std::unique_ptr<Ranks> launched_ranks() {
  if (!started_by_launcher()) return nullptr;
  return std::make_unique<MpiRanks>();
}

void abort_launched_ranks(int code) {
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (initialized) MPI_Abort(MPI_COMM_WORLD, code);
  std::exit(code);
}

const char* mpi_support() { return "MPI"; }

}  // namespace infoplane::cli
