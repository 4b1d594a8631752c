#pragma once
// Checkpoints of an interrupted run: every network's training state (weights, optimizer
// moments, batch-order generator, epoch) in one binary file, next to a results file holding
// what had been recorded (written with the results store). Resuming from them gives the same
// results as an uninterrupted run from the same seed (tests/run/resume_test.cpp).
//
// Binary layout (little-endian, this machine's): magic "IPCKPT\0\1", u64 FNV-1a hash of the
// resolved configuration text, u32 n_networks, then per network: i32 network, i32 epoch,
// i64 steps, float vectors params/adam_m/adam_v and i32 vector order (each u64 length + data),
// u64[4] generator state, u8 has_cached_normal, f64 cached_normal; then u64 magic again as an
// end marker. Written to a temporary name and renamed.
#include <cstdint>
#include <string>
#include <vector>

#include "infoplane/train/trainer.hpp"

namespace infoplane {

std::uint64_t config_fingerprint(const std::string& resolved_config);

void write_checkpoint(const std::string& path, std::uint64_t fingerprint,
                      const std::vector<NetworkState>& states);

// Throws infoplane::Error naming the file for a missing, truncated or foreign file, or one
// written for another configuration (fingerprint mismatch).
std::vector<NetworkState> read_checkpoint(const std::string& path, std::uint64_t fingerprint);

}  // namespace infoplane
