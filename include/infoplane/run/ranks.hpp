#pragma once
// The processes one experiment is divided over: MPI ranks when the CLI was started by mpirun or
// srun (apps/infoplane/launch/mpi_ranks.cpp), one process otherwise. The library sees only this
// interface, so it builds and is tested without MPI.
#include <vector>

namespace infoplane {

class Ranks {
 public:
  virtual ~Ranks() = default;
  virtual int rank() const = 0;   // 0 .. size()-1; rank 0 writes every file but checkpoints
  virtual int size() const = 0;
  // Blocking messages of doubles (results slices, timings), matched by sender and tag.
  virtual void send(int to, int tag, const std::vector<double>& values) = 0;
  virtual std::vector<double> receive(int from, int tag) = 0;
  virtual void barrier() = 0;
};

}  // namespace infoplane
