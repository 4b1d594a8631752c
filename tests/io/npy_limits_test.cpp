// .npy inputs that once read without limit or allocated without bound: /dev/zero, FIFOs, huge
// header lengths, shapes the file cannot hold, label values far beyond the pattern count.
// Reads that could hang run in a forked child with a time limit.
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <thread>

#include "infoplane/core/error.hpp"
#include "infoplane/io/npy.hpp"
#include "io/child_outcome.hpp"
#include "support/scratch_dir.hpp"

namespace infoplane {
namespace {

using testing::ChildOutcome;
using testing::ScratchDir;

// magic, version 1.0, uint16 header length, the dict padded to 64 bytes, then `payload`.
std::string npy_bytes(const std::string& dict, const std::string& payload) {
  std::string header = dict;
  while ((10 + header.size() + 1) % 64 != 0) header.push_back(' ');
  header.push_back('\n');
  std::string bytes = "\x93NUMPY";
  bytes += {1, 0, static_cast<char>(header.size() & 0xff), static_cast<char>(header.size() >> 8)};
  return bytes + header + payload;
}

std::string error_of(const std::function<void()>& call) {
  try {
    call();
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "no infoplane::Error";
  return "";
}

void expect_mentions(const std::string& message, const std::string& part) {
  EXPECT_NE(message.find(part), std::string::npos) << "message: " << message;
}

TEST(NpyLimits, DevZeroIsRefusedAtOnce) {
  // Before: the reader slurped the whole "file" and never returned.
  const auto outcome = testing::run_in_child([] { (void)read_npy_matrix("/dev/zero"); }, 5);
  EXPECT_EQ(outcome, ChildOutcome::error) << testing::outcome_name(outcome);
  const std::string message = error_of([] { (void)read_npy("/dev/zero"); });
  expect_mentions(message, "/dev/zero");
  expect_mentions(message, "magic");
}

// Writes `bytes` into a FIFO from a thread while `read` reads it.
template <class Read>
void through_fifo(const ScratchDir& dir, const std::string& bytes, Read read) {
  const std::string fifo = dir.file("pipe.npy");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::thread writer([&] { std::ofstream(fifo, std::ios::binary) << bytes; });
  read(fifo);
  writer.join();
}

TEST(NpyLimits, FifoWithAHugeClaimIsRefusedAndASmallOneIsRead) {
  ScratchDir dir;
  const std::string huge =
      npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000, 100000), }", "");
  const auto outcome = testing::run_in_child(
      [&] {
        through_fifo(dir, huge, [](const std::string& fifo) {
          const std::string message = error_of([&] { (void)read_npy(fifo); });
          expect_mentions(message, fifo);
          expect_mentions(message, "not a regular file");
          if (message.find("not a regular file") == std::string::npos) throw 0;
        });
      },
      10);
  EXPECT_EQ(outcome, ChildOutcome::success) << testing::outcome_name(outcome);

  float values[2] = {1.5f, -2.0f};
  const std::string small =
      npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 1), }",
                std::string(reinterpret_cast<const char*>(values), sizeof values));
  std::filesystem::remove(dir.file("pipe.npy"));
  through_fifo(dir, small, [](const std::string& fifo) {
    const Matrix<float> m = read_npy_matrix(fifo);
    ASSERT_EQ(m.rows(), 2u);
    EXPECT_EQ(m(1, 0), -2.0f);
  });
}

TEST(NpyLimits, HeaderLengthIsBounded) {
  ScratchDir dir;
  std::string bytes = "\x93NUMPY";
  bytes += {2, 0, '\xff', '\xff', '\xff', '\x7f'};  // a 2 GiB header in a 200-byte file
  bytes += std::string(188, ' ');
  const std::string path = dir.write("long_header.npy", bytes);
  const std::string message = error_of([&] { (void)read_npy(path); });
  expect_mentions(message, path);
  expect_mentions(message, "at most 65536");
}

TEST(NpyLimits, ShapeBeyondTheFileIsRefusedBeforeAllocating) {
  ScratchDir dir;
  const std::string path = dir.write(
      "claims.npy", npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (4096, 4194304), }",
                              std::string(64, '\0')));
  const std::string message = error_of([&] { (void)read_npy_matrix(path); });
  expect_mentions(message, path);
  expect_mentions(message, "truncated data: 64 bytes");
  const std::string overflow = dir.write(
      "overflow.npy",
      npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296, 2), }", ""));
  expect_mentions(error_of([&] { (void)read_npy(overflow); }), "too large");
}

std::string int32_labels(const std::vector<std::int32_t>& labels) {
  return npy_bytes("{'descr': '<i4', 'fortran_order': False, 'shape': (" +
                       std::to_string(labels.size()) + ",), }",
                   std::string(reinterpret_cast<const char*>(labels.data()), labels.size() * 4));
}

TEST(NpyLimits, LabelsFarBeyondThePatternsAreRefused) {
  ScratchDir dir;
  std::vector<std::int32_t> labels(256, 1);
  labels[17] = 1000000;  // once accepted: a 256 x 1000001 one-hot table (2 GB)
  const std::string path = dir.write("million.npy", int32_labels(labels));
  const std::string message = error_of([&] { (void)read_npy_labels(path); });
  expect_mentions(message, path);
  expect_mentions(message, "index 17");
  expect_mentions(message, "0..65535");

  std::vector<std::int32_t> many(2048, 0);
  many.back() = 65535;  // in range, but 2048 x 65536 cells > 2^26
  const std::string wide = dir.write("wide.npy", int32_labels(many));
  const std::string wide_message = error_of([&] { (void)read_npy_labels(wide); });
  expect_mentions(wide_message, wide);
  expect_mentions(wide_message, "one-hot");

  many.back() = 9;  // ten classes: fine
  EXPECT_EQ(read_npy_labels(dir.write("ten.npy", int32_labels(many))).back(), 9);
}

}  // namespace
}  // namespace infoplane
