#pragma once
// The checkpoint of one setting, in one or several parts. A single process writes one part,
// checkpoint.bin with checkpoint-results.h5; rank r of a K-rank run writes its own,
// checkpoint.rank<r>-of-<K>.bin with checkpoint-results.rank<r>-of-<K>.h5, holding only the
// networks it trains, so no rank waits for another to save, and a rank that dies leaves the
// others' parts intact. A resume, with any number of ranks, reads every part in the folder and
// takes for each network its most advanced state, with that part's recorded values: a network's
// state at epoch e is the same whichever run saved it (training is deterministic per network),
// so stale parts of an earlier rank count are harmless. Each part is written recorded values
// first, states last (run/checkpoint.hpp), both atomically.
#include <cstdint>
#include <string>
#include <vector>

#include "infoplane/results/run_results.hpp"
#include "infoplane/train/trainer.hpp"

namespace infoplane {

struct CheckpointPart {
  std::string states;    // run/checkpoint.hpp's binary file
  std::string recorded;  // a results file with what was recorded before the stop
};

// The part that rank `rank` of `ranks` writes in `dir` (ranks == 1: the single-process names).
CheckpointPart checkpoint_part(const std::string& dir, int rank, int ranks);

// The parts present in `dir` (a states file exists), in a fixed order.
std::vector<CheckpointPart> find_checkpoint_parts(const std::string& dir);

void remove_checkpoint_parts(const std::string& dir);

// Writes `states` (those with a started network) and `recorded` as one part.
void write_checkpoint_part(const CheckpointPart& part, std::uint64_t fingerprint,
                           const std::vector<NetworkState>& states, const RunResults& recorded);

struct SavedTraining {
  std::vector<NetworkState> states;  // one per network; empty params: not started
  RunResults recorded;
};

// Every part of `dir` merged over `blank` (the setting's recorded values before training, which
// give the shapes and the slots of networks that no part holds). Throws infoplane::Error naming
// the file for a damaged part, one of another configuration, or one whose shapes differ.
SavedTraining read_checkpoint_parts(const std::string& dir, std::uint64_t fingerprint,
                                    RunResults blank);

}  // namespace infoplane
