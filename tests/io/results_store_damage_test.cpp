// Damaged results files: single-byte flips at many seeded positions and truncations at many
// lengths of a valid file. Each read runs in a forked child with a time limit; every outcome
// must be a success or an infoplane::Error, never a signal, another exception or a hang.
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <random>
#include <string>

#include "infoplane/core/error.hpp"
#include "infoplane/io/results_store.hpp"
#include "io/child_outcome.hpp"
#include "io/store_test_support.hpp"
#include "io/synthetic_results.hpp"

namespace infoplane {
namespace {

using testing::ChildOutcome;
using testing::ScratchDir;

// Small but complete: every group, optional IB parts, and one chunked, compressed dataset
// family (gradients: 2 x 700 x 3 = 4200 values >= the writer's 4096-value threshold).
std::string valid_file_bytes(const ScratchDir& dir) {
  testing::SyntheticShape shape;
  shape.n_networks = 2;
  shape.n_layers = 3;
  shape.n_recorded = 6;
  shape.n_epochs = 700;
  const std::string path = dir.file("valid.h5");
  write_results(path, testing::make_synthetic_results(shape), false);
  return testing::read_text(path);
}

// Reads each damaged copy in a child; returns the count of each outcome, failing the test for
// every case that is neither success nor Error.
std::map<ChildOutcome, int> read_all(const ScratchDir& dir,
                                     const std::vector<std::pair<std::string, std::string>>& cases) {
  std::map<ChildOutcome, int> counts;
  for (const auto& [label, bytes] : cases) {
    const std::string path = dir.file("damaged.h5");
    testing::write_text(path, bytes);
    int signal = 0;
    const ChildOutcome outcome =
        testing::run_in_child([&] { (void)read_results(path); }, /*seconds=*/10, &signal);
    ++counts[outcome];
    if (outcome != ChildOutcome::success && outcome != ChildOutcome::error) {
      ADD_FAILURE() << label << ": " << testing::outcome_name(outcome) << " (signal " << signal
                    << ")";
      testing::write_text(dir.file("failing_" + std::to_string(counts[outcome]) + ".h5"), bytes);
    }
  }
  return counts;
}

TEST(ResultsStoreDamage, ByteFlipsAtSeededPositionsGiveSuccessOrError) {
  ScratchDir dir;
  const std::string bytes = valid_file_bytes(dir);
  std::mt19937_64 rng(20240611);
  std::vector<std::pair<std::string, std::string>> cases;
  // Flips that crashed (SIGSEGV inside libhdf5, an uncaught std::length_error) or hung (a
  // multi-GiB allocation) the reader before it bounded dataset sizes and probed each file in a
  // child process; found by 20000 seeded flips of this same file.
  const std::pair<std::size_t, int> known[] = {{2243, 169}, {2202, 141}, {2078, 69}, {2182, 11},
                                               {1191, 59},  {2148, 1},   {50577, 202}, {2077, 72},
                                               {97346, 49}, {50454, 21}};
  for (const auto& [at, mask] : known) {
    if (at >= bytes.size()) continue;
    std::string damaged = bytes;
    damaged[at] = static_cast<char>(static_cast<unsigned char>(damaged[at]) ^ mask);
    cases.emplace_back("known byte " + std::to_string(at) + " ^ " + std::to_string(mask), damaged);
  }
  for (int k = 0; k < 200; ++k) {
    std::string damaged = bytes;
    const std::size_t at = rng() % bytes.size();
    const auto mask = static_cast<unsigned char>(1 + rng() % 255);  // never 0: a real change
    damaged[at] = static_cast<char>(static_cast<unsigned char>(damaged[at]) ^ mask);
    cases.emplace_back("byte " + std::to_string(at) + " ^ " + std::to_string(mask), damaged);
  }
  const auto counts = read_all(dir, cases);
  EXPECT_GT(counts.count(ChildOutcome::error) ? counts.at(ChildOutcome::error) : 0, 0)
      << "no flip was detected at all: the test is not exercising the reader";
}

TEST(ResultsStoreDamage, TruncationsAtManyLengthsAreErrors) {
  ScratchDir dir;
  const std::string bytes = valid_file_bytes(dir);
  std::vector<std::pair<std::string, std::string>> cases;
  for (int k = 0; k < 120; ++k) {
    const std::size_t keep = bytes.size() * k / 120 + k % 7;  // spread over the file, unaligned
    cases.emplace_back("kept " + std::to_string(keep) + " bytes", bytes.substr(0, keep));
  }
  const auto counts = read_all(dir, cases);
  // A truncated file is never a success: the data end before what the metadata declares.
  EXPECT_EQ(counts.count(ChildOutcome::success), 0u);
}

}  // namespace
}  // namespace infoplane
