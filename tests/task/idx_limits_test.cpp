// IDX headers that claim more values than the file can hold, plain or gzipped (a gzip bomb
// claim beyond deflate's 1032:1 ratio), or more than the stated 2^30-value limit: each is
// refused before the data are read, with a message naming the file.
#include <gtest/gtest.h>
#include <zlib.h>

#include <string>
#include <vector>

#include "infoplane/core/error.hpp"
#include "infoplane/task/data_files.hpp"
#include "support/error_message.hpp"
#include "support/scratch_dir.hpp"

namespace infoplane {
namespace {

using testing::expect_mentions;

using testing::ScratchDir;

// Magic 00 00 08 <ndims>, big-endian uint32 dims, then `values`.
std::string idx_bytes(const std::vector<std::uint32_t>& dims, const std::string& values) {
  std::string b = {0, 0, 8, static_cast<char>(dims.size())};
  for (std::uint32_t d : dims)
    for (int shift = 24; shift >= 0; shift -= 8) b.push_back(static_cast<char>((d >> shift) & 0xFF));
  return b + values;
}

std::string write_gz(const ScratchDir& dir, const std::string& name, const std::string& bytes) {
  const std::string p = dir.file(name);
  gzFile f = gzopen(p.c_str(), "wb9");
  EXPECT_NE(f, nullptr);
  gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size()));
  gzclose(f);
  return p;
}

std::string read_error(const std::string& path) {
  return testing::error_message([&] { (void)read_idx(path); }, path);
}

TEST(IdxLimits, PlainClaimBeyondTheFileLengthIsRefusedBeforeReading) {
  ScratchDir dir;
  const std::string path = dir.write("claims.idx", idx_bytes({4096, 4096}, "abcd"));
  const std::string message = read_error(path);
  expect_mentions(message, path);
  expect_mentions(message, "claims 16777216 values, but the 16-byte file holds at most 4");
}

TEST(IdxLimits, GzipClaimBeyondTheDeflateRatioIsRefused) {
  ScratchDir dir;
  // A few dozen bytes gzipped cannot inflate to 2^29 values.
  const std::string path = write_gz(dir, "bomb.idx.gz", idx_bytes({1u << 29}, std::string(64, '\0')));
  const std::string message = read_error(path);
  expect_mentions(message, path);
  expect_mentions(message, "claims 536870912 values");
  expect_mentions(message, "gzipped file holds at most");
}

TEST(IdxLimits, ClaimsAboveTheStatedLimitAreRefused) {
  ScratchDir dir;
  const std::string path = dir.write("huge.idx", idx_bytes({65536, 32768}, ""));
  const std::string message = read_error(path);
  expect_mentions(message, path);
  expect_mentions(message, "more than 2^30 values");
}

TEST(IdxLimits, HonestGzippedFileAtAHighRatioStillReads) {
  ScratchDir dir;
  // 1 MiB of zeros compresses ~1000:1: within the ratio, so it must still be read.
  const std::string path = write_gz(dir, "zeros.idx.gz", idx_bytes({1024, 1024}, std::string(1 << 20, '\0')));
  const IdxArray array = read_idx(path);
  EXPECT_EQ(array.values.size(), std::size_t{1} << 20);
}

}  // namespace
}  // namespace infoplane
