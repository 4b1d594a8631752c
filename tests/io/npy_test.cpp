// .npy reader/writer: round trips, hand-built headers of every format version, and the errors
// that name the file.
#include "infoplane/io/npy.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "infoplane/core/error.hpp"

namespace infoplane {
namespace {

class NpyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("infoplane_npy_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  // Writes magic, version, header (padded to 64 bytes) and raw payload by hand.
  std::string write_by_hand(const std::string& name, int major, const std::string& dict,
                            const std::string& payload) {
    const std::size_t prefix = major == 1 ? 10 : 12;
    std::string header = dict;
    while ((prefix + header.size() + 1) % 64 != 0) header.push_back(' ');
    header.push_back('\n');
    std::string bytes = "\x93NUMPY";
    bytes.push_back(static_cast<char>(major));
    bytes.push_back(0);
    for (std::size_t b = 0; b < prefix - 8; ++b) bytes.push_back(static_cast<char>((header.size() >> (8 * b)) & 0xff));
    bytes += header + payload;
    std::ofstream(path(name), std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return path(name);
  }

  std::filesystem::path dir_;
};

std::string floats(std::initializer_list<float> v) {
  std::string s(v.size() * 4, '\0');
  std::memcpy(s.data(), std::data(v), s.size());
  return s;
}

TEST_F(NpyTest, RoundTripFloatMatrices) {
  Matrix<float> m(3, 2);
  for (std::size_t i = 0; i < m.size(); ++i) m.values()[i] = 0.25f * static_cast<float>(i) - 0.5f;
  write_npy(path("a.npy"), m);
  EXPECT_EQ(read_npy_matrix(path("a.npy")), m);
  Matrix<double> d(2, 3);
  for (std::size_t i = 0; i < d.size(); ++i) d.values()[i] = 0.125 * static_cast<double>(i);
  write_npy(path("d.npy"), d);
  const Matrix<float> back = read_npy_matrix(path("d.npy"));
  ASSERT_EQ(back.rows(), 2u);
  ASSERT_EQ(back.cols(), 3u);
  for (std::size_t i = 0; i < d.size(); ++i) EXPECT_EQ(back.values()[i], static_cast<float>(d.values()[i]));
  const NpyArray raw = read_npy(path("d.npy"));
  EXPECT_EQ(raw.descr, "<f8");
  EXPECT_EQ(raw.shape, (std::vector<std::size_t>{2, 3}));
  // The data starts at a multiple of 64 bytes (the format's alignment rule).
  EXPECT_EQ((std::filesystem::file_size(path("d.npy")) - 6 * 8) % 64, 0u);
}

TEST_F(NpyTest, RoundTripLabels) {
  const std::vector<std::int64_t> l64 = {0, 1, 1, 0, 2};
  write_npy(path("l.npy"), std::span<const std::int64_t>(l64));
  EXPECT_EQ(read_npy_labels(path("l.npy")), (std::vector<int>{0, 1, 1, 0, 2}));
  const std::vector<std::int32_t> l32 = {1, 0};
  write_npy(path("m.npy"), std::span<const std::int32_t>(l32));
  EXPECT_EQ(read_npy_labels(path("m.npy")), (std::vector<int>{1, 0}));
  const std::string u8 = write_by_hand("u8.npy", 1, "{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }",
                                       std::string("\x01\x00\x01", 3));
  EXPECT_EQ(read_npy_labels(u8), (std::vector<int>{1, 0, 1}));
}

TEST_F(NpyTest, ReadsFormatVersions2And3AndKeyOrder) {
  for (int major : {1, 2, 3}) {
    std::string name = std::to_string(major);  // (not "v" + ...: GCC 12's -Wrestrict false positive)
    name += "_version.npy";
    const std::string p = write_by_hand(name, major,
                                        "{\"shape\": (2, 1), \"fortran_order\": False, \"descr\": \"<f4\"}",
                                        floats({1.5f, -2.0f}));
    const Matrix<float> m = read_npy_matrix(p);
    ASSERT_EQ(m.rows(), 2u);
    EXPECT_EQ(m(0, 0), 1.5f);
    EXPECT_EQ(m(1, 0), -2.0f);
  }
}

void expect_error_naming(const std::function<void()>& f, const std::string& file, const std::string& what) {
  try {
    f();
    ADD_FAILURE() << "no error for " << what;
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(file), std::string::npos) << msg;
    EXPECT_NE(msg.find(what), std::string::npos) << msg;
  }
}

TEST_F(NpyTest, BadFilesGiveErrorsNamingTheFile) {
  const std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }";
  const std::string trunc = write_by_hand("trunc.npy", 1, dict, floats({1, 2, 3}));
  expect_error_naming([&] { read_npy_matrix(trunc); }, trunc, "truncated");
  const std::string fort = write_by_hand(
      "fort.npy", 1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", floats({1, 2, 3, 4}));
  expect_error_naming([&] { read_npy_matrix(fort); }, fort, "Fortran");
  const std::string nan = write_by_hand("nan.npy", 1, dict, floats({1, NAN, 3, 4}));
  expect_error_naming([&] { read_npy_matrix(nan); }, nan, "non-finite");
  const std::string big = write_by_hand(
      "big.npy", 1, "{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", floats({1}));
  expect_error_naming([&] { read_npy_matrix(big); }, big, "big-endian");
  const std::string ints = write_by_hand(
      "ints.npy", 1, "{'descr': '<i4', 'fortran_order': False, 'shape': (1, 1), }", floats({1}));
  expect_error_naming([&] { read_npy_matrix(ints); }, ints, "expected float32");
  const std::string cube = write_by_hand(
      "cube.npy", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 1), }", floats({1}));
  expect_error_naming([&] { read_npy_matrix(cube); }, cube, "2-D");
  expect_error_naming([&] { read_npy_labels(trunc); }, trunc, "truncated");
  const std::string flt = write_by_hand("flt.npy", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }",
                                        floats({1}));
  expect_error_naming([&] { read_npy_labels(flt); }, flt, "integer");
  const std::string neg = write_by_hand("neg.npy", 1, "{'descr': '<i4', 'fortran_order': False, 'shape': (1,), }",
                                        std::string("\xff\xff\xff\xff", 4));
  expect_error_naming([&] { read_npy_labels(neg); }, neg, "out of range");
  const std::string huge = write_by_hand(
      "huge.npy", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1099511627776, 1099511627776), }", "");
  expect_error_naming([&] { read_npy(huge); }, huge, "too large");
  std::ofstream(path("junk.npy")) << "hello, not numpy";
  expect_error_naming([&] { read_npy(path("junk.npy")); }, path("junk.npy"), "magic");
  expect_error_naming([&] { read_npy(path("missing.npy")); }, path("missing.npy"), "cannot open");
}

}  // namespace
}  // namespace infoplane
