// IDX (MNIST format) files: tiny ones written here (plain and gzipped), Fashion-MNIST, and
// truncated or malformed files.
#include <gtest/gtest.h>
#include <zlib.h>

#include <cmath>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "infoplane/core/error.hpp"
#include "infoplane/task/data_files.hpp"
#include "infoplane/task/make_task.hpp"
#include "infoplane/task/task_information.hpp"
#include "support/scratch_dir.hpp"

namespace infoplane {
namespace {

using infoplane::testing::ScratchDir;

// IDX bytes: magic 00 00 <type> <ndims>, big-endian uint32 dims, then the values.
std::string idx_bytes(const std::vector<std::uint32_t>& dims, const std::vector<std::uint8_t>& values,
                      std::uint8_t type = 0x08) {
  std::string b = {0, 0, static_cast<char>(type), static_cast<char>(dims.size())};
  for (std::uint32_t d : dims) {
    for (int shift = 24; shift >= 0; shift -= 8) b.push_back(static_cast<char>((d >> shift) & 0xFF));
  }
  b.append(values.begin(), values.end());
  return b;
}

std::string write_gz(const ScratchDir& dir, const std::string& name, const std::string& bytes) {
  const std::string p = dir.file(name);
  gzFile f = gzopen(p.c_str(), "wb");
  EXPECT_NE(f, nullptr);
  EXPECT_EQ(gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size())), int(bytes.size()));
  gzclose(f);
  return p;
}

void expect_error(const std::function<void()>& call, const std::vector<std::string>& fragments) {
  try {
    call();
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    for (const auto& f : fragments) {
      EXPECT_NE(std::string(e.what()).find(f), std::string::npos)
          << "message '" << e.what() << "' lacks '" << f << "'";
    }
  }
}

// 3 images of 2 x 2 pixels, labels 7, 0, 7.
const std::vector<std::uint8_t> kPixels = {0, 255, 51, 102, 1, 2, 3, 4, 255, 255, 0, 0};
const std::vector<std::uint8_t> kLabels = {7, 0, 7};

TEST(Idx, ReadsTinyFilesPlainAndGzipped) {
  ScratchDir dir;
  const std::string bytes = idx_bytes({3, 2, 2}, kPixels);
  for (const std::string& path : {dir.write("img.idx", bytes), write_gz(dir, "img.idx.gz", bytes)}) {
    const IdxArray a = read_idx(path);
    EXPECT_EQ(a.dims, (std::vector<std::uint32_t>{3, 2, 2}));
    EXPECT_EQ(a.values, kPixels);
  }
}

TEST(Idx, TaskFromTinyFiles) {
  ScratchDir dir;
  const std::string images = write_gz(dir, "img.gz", idx_bytes({3, 2, 2}, kPixels));
  const std::string labels = dir.write("lab", idx_bytes({3}, kLabels));
  const Task t = make_task("idx:" + images + "," + labels);
  ASSERT_EQ(t.n_patterns(), 3u);
  ASSERT_EQ(t.n_inputs(), 4u);
  ASSERT_EQ(t.n_labels(), 10u);
  EXPECT_FLOAT_EQ(t.inputs(0, 1), 1.0f);
  EXPECT_FLOAT_EQ(t.inputs(0, 2), 0.2f);
  EXPECT_FLOAT_EQ(t.inputs(1, 3), 4.0f / 255.0f);
  EXPECT_EQ(t.p_y_given_x(0, 7), 1.0);
  EXPECT_EQ(t.p_y_given_x(1, 0), 1.0);
  EXPECT_EQ(t.p_y_given_x(1, 7), 0.0);
  const TaskSummary s = summarize(t);
  EXPECT_NEAR(s.h_x_bits, std::log2(3.0), 1e-12);
  EXPECT_NEAR(s.h_y_bits, binary_entropy_bits(1.0 / 3.0), 1e-12);
  EXPECT_EQ(s.n_classes, 2u);
}

TEST(Idx, FashionMnistTestSet) {
  const std::string dir = kFashionMnistDir;
  if (!std::filesystem::exists(dir + "/t10k-images-idx3-ubyte.gz")) {
    GTEST_SKIP() << "dataset-fashion-mnist is not installed";
  }
  const Task t = load_idx_task(dir + "/t10k-images-idx3-ubyte.gz", dir + "/t10k-labels-idx1-ubyte.gz");
  ASSERT_EQ(t.n_patterns(), 10000u);
  ASSERT_EQ(t.n_inputs(), 784u);
  float lo = 1.0f, hi = 0.0f;
  for (float v : t.inputs.values()) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  EXPECT_EQ(lo, 0.0f);
  EXPECT_EQ(hi, 1.0f);
  // The test set holds 1000 images of each of the 10 classes: H(Y) = log2(10).
  const auto p_y = label_marginal(t);
  for (double p : p_y) EXPECT_NEAR(p, 0.1, 1e-12);
  EXPECT_NEAR(h_y_bits(t), std::log2(10.0), 1e-12);
}

TEST(Idx, TwoFileTaskPutsTheTrainingFileFirstAndTheTestFileAfter) {
  ScratchDir dir;
  const std::string images = write_gz(dir, "img.gz", idx_bytes({3, 2, 2}, kPixels));
  const std::string labels = dir.write("lab", idx_bytes({3}, kLabels));
  const std::string test_images = dir.write("timg", idx_bytes({2, 2, 2}, {9, 9, 9, 9, 0, 0, 0, 255}));
  const std::string test_labels = dir.write("tlab", idx_bytes({2}, {3, 4}));
  const Task t = make_task("idx:" + images + "," + labels + ";" + test_images + "," + test_labels);
  ASSERT_EQ(t.n_patterns(), 5u);
  EXPECT_EQ(t.n_train_patterns, 3u);
  EXPECT_FLOAT_EQ(t.inputs(0, 1), 1.0f);  // training file first
  EXPECT_FLOAT_EQ(t.inputs(3, 0), 9.0f / 255.0f);
  EXPECT_FLOAT_EQ(t.inputs(4, 3), 1.0f);
  EXPECT_EQ(t.p_y_given_x(2, 7), 1.0);
  EXPECT_EQ(t.p_y_given_x(3, 3), 1.0);
  EXPECT_EQ(t.p_y_given_x(4, 4), 1.0);
  for (double p : t.p_x) EXPECT_DOUBLE_EQ(p, 0.2);
  // Test images of another size, and a malformed second pair.
  const std::string odd = dir.write("odd", idx_bytes({2, 3}, {1, 2, 3, 4, 5, 6}));
  expect_error([&] { make_task("idx:" + images + "," + labels + ";" + odd + "," + test_labels); },
               {odd, "pixels", "expected equal sizes"});
  expect_error([&] { make_task("idx:" + images + "," + labels + ";" + test_images); },
               {"TRAIN_IMAGES,TRAIN_LABELS;TEST_IMAGES,TEST_LABELS"});
}

TEST(Idx, MissingFashionMnistFileNamesTheDebianPackage) {
  const std::string path = std::string(kFashionMnistDir) + "/no-such-file-idx3-ubyte.gz";
  expect_error([&] { read_idx(path); }, {path, "no such file", "dataset-fashion-mnist"});
  ScratchDir dir;
  expect_error([&] { read_idx(dir.file("absent.gz")); }, {"absent.gz", "no such file"});
}

TEST(Idx, FashionMnistFullIsSixtyThousandTrainingAndTenThousandTestImages) {
  const std::string dir = kFashionMnistDir;
  if (!std::filesystem::exists(dir + "/train-images-idx3-ubyte.gz")) {
    GTEST_SKIP() << "dataset-fashion-mnist is not installed";
  }
  const Task t = make_task("fashion-mnist-full");
  ASSERT_EQ(t.n_patterns(), 70000u);
  EXPECT_EQ(t.n_train_patterns, 60000u);
  const Task test = load_idx_task(dir + "/t10k-images-idx3-ubyte.gz", dir + "/t10k-labels-idx1-ubyte.gz");
  for (std::size_t i = 0; i < 784; ++i) EXPECT_EQ(t.inputs(60000 + 123, i), test.inputs(123, i));
}

TEST(Idx, RejectsMissingTruncatedAndMalformedFiles) {
  ScratchDir dir;
  const std::string good = idx_bytes({3, 2, 2}, kPixels);
  expect_error([&] { read_idx(dir.file("absent.idx")); }, {"absent.idx", "no such file"});
  const std::string empty = dir.write("empty.idx", "");
  expect_error([&] { read_idx(empty); }, {"empty.idx", "magic"});
  const std::string text = dir.write("text.idx", "hello, world: not an IDX file");
  expect_error([&] { read_idx(text); }, {"text.idx", "magic"});
  const std::string floats = dir.write("float.idx", idx_bytes({3}, {0, 0, 0}, 0x0D));
  expect_error([&] { read_idx(floats); }, {"float.idx", "float", "unsigned byte"});
  const std::string extra = dir.write("extra.idx", good + "x");
  expect_error([&] { read_idx(extra); }, {"extra.idx", "past"});
  const std::string huge = dir.write("huge.idx", idx_bytes({0xFFFFFFFF, 0xFFFFFFFF}, {}));
  expect_error([&] { read_idx(huge); }, {"huge.idx", "2^30"});
  for (std::size_t keep : {std::size_t{3}, std::size_t{6}, std::size_t{16}, good.size() - 1}) {
    const std::string plain = dir.write("cut" + std::to_string(keep), good.substr(0, keep));
    expect_error([&] { read_idx(plain); }, {"cut" + std::to_string(keep)});
    const std::string gz = write_gz(dir, "cutgz" + std::to_string(keep), good.substr(0, keep));
    expect_error([&] { read_idx(gz); }, {"cutgz" + std::to_string(keep)});
  }
  // A gzip stream cut short (the compressed bytes themselves truncated).
  const std::string whole = testing::read_text(write_gz(dir, "whole.gz", good));
  const std::string cut_stream = dir.write("cut_stream.gz", whole.substr(0, whole.size() / 2));
  expect_error([&] { read_idx(cut_stream); }, {"cut_stream.gz"});
}

TEST(Idx, RejectsMismatchedImagesAndLabels) {
  ScratchDir dir;
  const std::string images = dir.write("img", idx_bytes({3, 2, 2}, kPixels));
  const std::string two_labels = dir.write("two", idx_bytes({2}, {1, 2}));
  expect_error([&] { load_idx_task(images, two_labels); }, {"two", "2 labels", "3 images"});
  const std::string bad_label = dir.write("bad", idx_bytes({3}, {1, 10, 2}));
  expect_error([&] { load_idx_task(images, bad_label); }, {"bad", "label 1 is 10", "0..9"});
  expect_error([&] { load_idx_task(images, images); }, {"img", "1-D"});
}

}  // namespace
}  // namespace infoplane
