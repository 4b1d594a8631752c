// .mat files that claim more than they hold, repeat a key, or exhaust memory: each must give an
// infoplane::Error naming the file (and key) before any large allocation. Loads that could
// allocate without bound run in a forked child under an address-space limit.
#include <matio.h>
#include <sys/resource.h>
#include <zlib.h>

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "infoplane/core/error.hpp"
#include "infoplane/task/data_files.hpp"
#include "io/child_outcome.hpp"
#include "support/error_message.hpp"
#include "support/scratch_dir.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define INFOPLANE_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define INFOPLANE_TEST_ASAN 1
#endif
#endif

namespace infoplane {
namespace {

using testing::expect_mentions;

using testing::ChildOutcome;
using testing::ScratchDir;

// An uncompressed level-5 file holding uint8 or double 2-D arrays, written with libmatio.
struct Var {
  const char* key;
  std::size_t rows, cols;
  std::vector<double> column_major;
  bool as_double;
};

void write_mat(const std::string& path, const std::vector<Var>& vars,
               matio_compression compression = MAT_COMPRESSION_NONE) {
  mat_t* mat = Mat_CreateVer(path.c_str(), nullptr, MAT_FT_MAT5);
  ASSERT_NE(mat, nullptr);
  for (const auto& v : vars) {
    size_t dims[2] = {v.rows, v.cols};
    std::vector<std::uint8_t> bytes(v.column_major.begin(), v.column_major.end());
    std::vector<double> doubles = v.column_major;
    matvar_t* var = v.as_double
                        ? Mat_VarCreate(v.key, MAT_C_DOUBLE, MAT_T_DOUBLE, 2, dims, doubles.data(), 0)
                        : Mat_VarCreate(v.key, MAT_C_UINT8, MAT_T_UINT8, 2, dims, bytes.data(), 0);
    ASSERT_NE(var, nullptr);
    Mat_VarWrite(mat, var, compression);
    Mat_VarFree(var);
  }
  Mat_Close(mat);
}

// All 2^bits patterns, column-major (bits, then patterns): F of shape (2^bits, bits).
Var patterns(std::size_t bits) {
  const std::size_t n = std::size_t{1} << bits;
  Var f{"F", n, bits, std::vector<double>(n * bits), false};
  for (std::size_t r = 0; r < n; ++r)
    for (std::size_t c = 0; c < bits; ++c) f.column_major[r + c * n] = double((r >> (bits - 1 - c)) & 1);
  return f;
}

std::string load_error(const std::string& path) {
  return testing::error_message([&] { (void)load_mat_task(path); }, path);
}

// Runs `call` in a child whose address space is capped at `limit_bytes` above what it uses now
// (uncapped under AddressSanitizer, which reserves terabytes of shadow memory).
template <class Call>
ChildOutcome in_capped_child(Call&& call, std::size_t limit_bytes) {
  return testing::run_in_child(
      [&] {
#ifndef INFOPLANE_TEST_ASAN
        long pages = 0;
        if (FILE* statm = std::fopen("/proc/self/statm", "r")) {
          if (std::fscanf(statm, "%ld", &pages) != 1) pages = 0;
          std::fclose(statm);
        }
        const rlim_t cap = static_cast<rlim_t>(pages) * static_cast<rlim_t>(::sysconf(_SC_PAGESIZE)) + limit_bytes;
        const rlimit limit{cap, cap};
        ::setrlimit(RLIMIT_AS, &limit);
#endif
        call();
      },
      20);
}

// The reported file: F a 1 x 1 array, y a double array whose dims claim (1, 2147483647) in a
// file of about 250 bytes. Before the fix libmatio allocated 16 GiB for y.
TEST(MatLimits, ClaimedShapeBeyondTheFileIsRefusedNamingTheKey) {
  ScratchDir dir;
  const std::string path = dir.file("liar.mat");
  write_mat(path, {{"F", 1, 1, {0}, false}, {"y", 1, 1, {1}, true}});
  std::string bytes = testing::read_text(path);
  ASSERT_LT(bytes.size(), 300u);
  // y's dimensions sub-element: tag miINT32 (5), 8 bytes, then int32 1, int32 1. It is the
  // second such sub-element in the file (F's comes first).
  const std::string dims_tag("\x05\0\0\0\x08\0\0\0\x01\0\0\0\x01\0\0\0", 16);
  const auto first = bytes.find(dims_tag);
  const auto second = bytes.find(dims_tag, first + 1);
  ASSERT_NE(second, std::string::npos);
  bytes.replace(second + 12, 4, std::string("\xff\xff\xff\x7f", 4));  // cols = 2^31 - 1
  dir.write("liar.mat", bytes);

  const auto outcome = in_capped_child([&] { (void)load_mat_task(path); }, std::size_t{1} << 30);
  EXPECT_EQ(outcome, ChildOutcome::error) << testing::outcome_name(outcome);
  const std::string message = load_error(path);
  expect_mentions(message, path);
  expect_mentions(message, "key 'y'");
  expect_mentions(message, "(1, 2147483647)");
}

// Rewrites every compressed element (type 15) of a level-5 file through `edit` applied to its
// inflated bytes.
std::string edit_compressed(const std::string& file, void (*edit)(std::string&)) {
  std::string out = file.substr(0, 128);
  for (std::size_t at = 128; at + 8 <= file.size();) {
    std::uint32_t type = 0, size = 0;
    std::memcpy(&type, file.data() + at, 4);
    std::memcpy(&size, file.data() + at + 4, 4);
    std::string body = file.substr(at + 8, size);
    if (type == 15) {
      std::string inflated(1 << 16, '\0');
      uLongf n = inflated.size();
      EXPECT_EQ(uncompress(reinterpret_cast<Bytef*>(inflated.data()), &n,
                           reinterpret_cast<const Bytef*>(body.data()), body.size()), Z_OK);
      inflated.resize(n);
      edit(inflated);
      body.assign(compressBound(inflated.size()), '\0');
      uLongf m = body.size();
      EXPECT_EQ(compress2(reinterpret_cast<Bytef*>(body.data()), &m,
                          reinterpret_cast<const Bytef*>(inflated.data()), inflated.size(), 6), Z_OK);
      body.resize(m);
    }
    const auto new_size = static_cast<std::uint32_t>(body.size());
    out.append(reinterpret_cast<const char*>(&type), 4);
    out.append(reinterpret_cast<const char*>(&new_size), 4);
    out += body;
    at += 8 + size;
  }
  return out;
}

TEST(MatLimits, CompressedClaimIsBoundedByTheDeflateRatio) {
  ScratchDir dir;
  const std::string path = dir.file("bomb.mat");
  write_mat(path, {{"F", 1, 1, {0}, false}, {"y", 1, 1, {1}, true}}, MAT_COMPRESSION_ZLIB);
  // Inside each compressed variable: dims (1, 1) -> (1, 2^24): fewer entries than the
  // absolute limit, far more than 1032 x a ~200-byte file.
  const std::string edited = edit_compressed(testing::read_text(path), [](std::string& bytes) {
    const std::string dims_tag("\x05\0\0\0\x08\0\0\0\x01\0\0\0\x01\0\0\0", 16);
    const auto at = bytes.find(dims_tag);
    if (at != std::string::npos && bytes.find("y", at + 16) != std::string::npos &&
        bytes.find('F') == std::string::npos) {
      bytes.replace(at + 12, 4, std::string("\0\0\0\x01", 4));
    }
  });
  dir.write("bomb.mat", edited);
  const auto outcome = in_capped_child([&] { (void)load_mat_task(path); }, std::size_t{1} << 30);
  EXPECT_EQ(outcome, ChildOutcome::error) << testing::outcome_name(outcome);
  const std::string message = load_error(path);
  expect_mentions(message, "key 'y'");
  expect_mentions(message, "(1, 16777216)");
  expect_mentions(message, "compressed");
}

// Renames the one-letter variable `from` to `to` in an uncompressed file: its name is a small
// data element, tag miINT8 (1) with 1 byte, then the letter and 3 bytes of padding.
void rename_key(const ScratchDir& dir, const std::string& name, char from, char to) {
  std::string bytes = testing::read_text(dir.file(name));
  const std::string tag("\x01\0\x01\0", 4);
  const auto at = bytes.find(tag + from);
  ASSERT_NE(at, std::string::npos);
  bytes[at + 4] = to;
  dir.write(name, bytes);
}

TEST(MatLimits, RepeatedKeyIsRefusedNamingIt) {
  ScratchDir dir;
  const std::string path = dir.file("twice.mat");
  // libmatio refuses to write a name twice: write F and G, then rename G to F in the bytes.
  Var y{"y", 1, 16, std::vector<double>(16, 1.0), false};
  Var g = patterns(4);
  g.key = "G";
  write_mat(path, {patterns(4), g, y});
  rename_key(dir, "twice.mat", 'G', 'F');
  const std::string message = load_error(path);
  expect_mentions(message, path);
  expect_mentions(message, "key 'F'");
  expect_mentions(message, "appears 2 times");

  const std::string two_y = dir.file("two_y.mat");
  Var z = y;
  z.key = "z";
  write_mat(two_y, {patterns(4), y, z});
  rename_key(dir, "two_y.mat", 'z', 'y');
  expect_mentions(load_error(two_y), "key 'y': appears 2 times");
}

TEST(MatLimits, OutOfMemoryBecomesAnErrorNamingTheFile) {
#ifdef INFOPLANE_TEST_ASAN
  GTEST_SKIP() << "address-space limits do not work under AddressSanitizer";
#endif
  ScratchDir dir;
  const std::string path = dir.file("large.mat");
  // 2^19 x 19 patterns: 10 M entries, 80 MiB as doubles: more than glibc can find in memory
  // reserved earlier (a thread's arena reserves 64 MiB), ~1 MiB compressed.
  Var f = patterns(19);
  Var y{"y", 1, f.rows, std::vector<double>(f.rows, 0.0), false};
  write_mat(path, {f, y}, MAT_COMPRESSION_ZLIB);
  // 2 MiB of headroom: enough to open the file, not to convert it. (Capped first: a load in
  // this process would leave freed heap behind that the child could reuse.)
  const auto outcome = in_capped_child([&] { (void)load_mat_task(path); }, std::size_t{2} << 20);
  EXPECT_EQ(outcome, ChildOutcome::error) << testing::outcome_name(outcome);
  EXPECT_EQ(in_capped_child([&] { (void)load_mat_task(path); }, std::size_t{1} << 30),
            ChildOutcome::success);
}

}  // namespace
}  // namespace infoplane
