// The original .mat data files, and malformed ones written here (with libmatio, the reader's
// own library, for well-formed files with wrong contents; raw bytes for broken files).
#include <matio.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "infoplane/core/error.hpp"
#include "infoplane/task/data_files.hpp"
#include "infoplane/task/make_task.hpp"
#include "infoplane/task/task_information.hpp"
#include "support/cli.hpp"
#include "support/idnns_data.hpp"
#include "support/scratch_dir.hpp"

namespace infoplane {
namespace {

using infoplane::testing::ScratchDir;

// Expects load_mat_task(path) to throw an Error whose message holds every fragment.
void expect_error(const std::string& path, const std::vector<std::string>& fragments) {
  try {
    load_mat_task(path);
    ADD_FAILURE() << "no error for " << path;
  } catch (const Error& e) {
    for (const auto& f : fragments) {
      EXPECT_NE(std::string(e.what()).find(f), std::string::npos)
          << "message '" << e.what() << "' lacks '" << f << "'";
    }
  }
}

// A variable for a test file: shape = [rows, cols], values row-major (converted to MATLAB's
// column-major order here).
struct Var {
  std::string key;
  std::size_t rows, cols;
  std::vector<double> row_major;
  bool as_double = false;
};

void write_mat(const std::string& path, const std::vector<Var>& vars,
               matio_compression compression = MAT_COMPRESSION_NONE) {
  mat_t* mat = Mat_CreateVer(path.c_str(), nullptr, MAT_FT_MAT5);
  ASSERT_NE(mat, nullptr);
  for (const auto& v : vars) {
    size_t dims[2] = {v.rows, v.cols};
    std::vector<double> d(v.rows * v.cols);
    std::vector<std::uint8_t> u(v.rows * v.cols);
    for (std::size_t r = 0; r < v.rows; ++r) {
      for (std::size_t c = 0; c < v.cols; ++c) {
        d[r + c * v.rows] = v.row_major[r * v.cols + c];
        u[r + c * v.rows] = static_cast<std::uint8_t>(v.row_major[r * v.cols + c]);
      }
    }
    matvar_t* var = v.as_double
                        ? Mat_VarCreate(v.key.c_str(), MAT_C_DOUBLE, MAT_T_DOUBLE, 2, dims, d.data(), 0)
                        : Mat_VarCreate(v.key.c_str(), MAT_C_UINT8, MAT_T_UINT8, 2, dims, u.data(), 0);
    ASSERT_NE(var, nullptr);
    Mat_VarWrite(mat, var, compression);
    Mat_VarFree(var);
  }
  Mat_Close(mat);
}

// All 2^bits patterns in binary-count order and a parity label.
Var patterns(std::size_t bits) {
  Var f{"F", std::size_t{1} << bits, bits, {}};
  for (std::size_t r = 0; r < f.rows; ++r) {
    for (std::size_t c = 0; c < bits; ++c) f.row_major.push_back(double((r >> (bits - 1 - c)) & 1));
  }
  return f;
}
Var labels(std::size_t n) {
  Var y{"y", 1, n, {}};
  for (std::size_t i = 0; i < n; ++i) y.row_major.push_back(double(__builtin_popcountll(i) & 1));
  return y;
}
Var transposed(const Var& v) {
  Var t{v.key, v.cols, v.rows, std::vector<double>(v.row_major.size()), v.as_double};
  for (std::size_t r = 0; r < v.rows; ++r) {
    for (std::size_t c = 0; c < v.cols; ++c) t.row_major[c * v.rows + r] = v.row_major[r * v.cols + c];
  }
  return t;
}

TEST(MatTask, VarUHasAllPatternsInBinaryCountOrder) {
  INFOPLANE_IDNNS_FILE_OR_SKIP(var_u, "var_u.mat");
  const Task task = load_mat_task(var_u);
  ASSERT_EQ(task.n_patterns(), 4096u);
  ASSERT_EQ(task.n_inputs(), 12u);
  std::set<std::vector<float>> rows;
  for (std::size_t i = 0; i < 4096; ++i) {
    rows.emplace(task.inputs.row(i).begin(), task.inputs.row(i).end());
    // Row i = binary(i), column 0 the most significant bit.
    for (int c = 0; c < 12; ++c) ASSERT_EQ(task.inputs(i, c), float((i >> (11 - c)) & 1)) << i;
  }
  EXPECT_EQ(rows.size(), 4096u);
  const TaskSummary s = summarize(task);
  EXPECT_NEAR(s.p_y1, 0.51709, 1e-5);
  EXPECT_NEAR(s.p_y1 * 4096, 2118.0, 1e-9);  // the README's count
  EXPECT_NEAR(s.h_y_bits, 0.99916, 1e-5);
  EXPECT_NEAR(s.i_xy_bits, s.h_y_bits, 1e-12);  // deterministic labels
  EXPECT_EQ(make_task("mat:" + var_u).p_y_given_x, task.p_y_given_x);
}

TEST(MatTask, OtherOriginalFiles) {
  INFOPLANE_IDNNS_FILE_OR_SKIP(g1, "g1.mat");
  INFOPLANE_IDNNS_FILE_OR_SKIP(g2, "g2.mat");
  EXPECT_NEAR(summarize(load_mat_task(g1)).p_y1, 0.50366, 1e-5);
  EXPECT_NEAR(summarize(load_mat_task(g2)).p_y1, 0.49927, 1e-5);
}

TEST(MatTask, ReadsCompressedFiles) {
  ScratchDir dir;
  const std::string plain = dir.file("plain.mat"), zipped = dir.file("zipped.mat");
  write_mat(plain, {patterns(12), labels(4096)});
  write_mat(zipped, {patterns(12), labels(4096)}, MAT_COMPRESSION_ZLIB);
  EXPECT_LT(testing::read_text(zipped).size(), testing::read_text(plain).size());
  const Task a = load_mat_task(plain), b = load_mat_task(zipped);
  EXPECT_EQ(a.inputs, b.inputs);
  EXPECT_EQ(a.p_y_given_x, b.p_y_given_x);
  EXPECT_NEAR(summarize(b).p_y1, 0.5, 1e-15);
}

TEST(MatTask, AcceptsTransposesAndDoubles) {
  ScratchDir dir;
  Var f = patterns(4);
  Var y = labels(16);
  const std::string plain = dir.file("plain.mat");
  write_mat(plain, {f, y});
  const Task reference = load_mat_task(plain);
  EXPECT_NEAR(summarize(reference).p_y1, 0.5, 1e-15);  // parity of 4 bits
  f.as_double = y.as_double = true;
  const std::string other = dir.file("other.mat");
  write_mat(other, {transposed(f), transposed(y)});
  const Task t = load_mat_task(other);
  EXPECT_EQ(t.inputs, reference.inputs);
  EXPECT_EQ(t.p_y_given_x, reference.p_y_given_x);
}

TEST(MatTask, RejectsWrongContentsNamingFileAndKey) {
  ScratchDir dir;
  const Var f = patterns(4);
  const Var y = labels(16);
  const std::string no_y = dir.file("no_y.mat");
  write_mat(no_y, {f});
  expect_error(no_y, {no_y, "'y'"});

  Var non_binary = f;
  non_binary.row_major[5] = 2.0;
  const std::string nb = dir.file("non_binary.mat");
  write_mat(nb, {non_binary, y});
  expect_error(nb, {nb, "'F'", "binary"});

  Var dup = f;
  for (int c = 0; c < 4; ++c) dup.row_major[4 + c] = dup.row_major[c];  // row 1 = row 0
  const std::string dp = dir.file("duplicate.mat");
  write_mat(dp, {dup, y});
  expect_error(dp, {dp, "'F'", "distinct"});

  const std::string short_y = dir.file("short_y.mat");
  write_mat(short_y, {f, labels(15)});
  expect_error(short_y, {short_y, "'y'", "(1, 15)"});

  Var wide = f;
  wide.cols = 8;
  wide.rows = 8;  // 8 x 8: not (2^d, d)
  const std::string ws = dir.file("wrong_shape.mat");
  write_mat(ws, {wide, labels(8)});
  expect_error(ws, {ws, "'F'", "(8, 8)"});
}

TEST(MatTask, RejectsMissingTruncatedAndGarbageFiles) {
  ScratchDir dir;
  expect_error(dir.file("absent.mat"), {"absent.mat", "no such file"});
  expect_error(dir.write("empty.mat", ""), {"empty.mat"});
  expect_error(dir.write("text.mat", "this is not a MATLAB file\n"), {"text.mat"});
  std::string garbage(4000, '\0');
  for (std::size_t i = 0; i < garbage.size(); ++i) garbage[i] = char((i * 2654435761u) >> 13);
  expect_error(dir.write("garbage.mat", garbage), {"garbage.mat"});

  // Truncated copies of a compressed and an uncompressed file written here (and of the original
  // compressed var_u.mat when it is at hand).
  const std::string plain = dir.file("plain.mat"), zipped = dir.file("zipped.mat");
  write_mat(plain, {patterns(10), labels(1024)});
  write_mat(zipped, {patterns(12), labels(4096)}, MAT_COMPRESSION_ZLIB);
  const std::string uncompressed = testing::read_text(plain);
  const std::string compressed = testing::read_text(zipped);
  ASSERT_GT(compressed.size(), 300u);
  std::vector<const std::string*> files{&compressed, &uncompressed};
  const std::string var_u = testing::idnns_file("var_u.mat");
  const std::string original = var_u.empty() ? "" : testing::read_text(var_u);
  if (!original.empty()) files.push_back(&original);
  for (const std::string* bytes : files) {
    for (std::size_t keep : {std::size_t{10}, std::size_t{127}, std::size_t{128}, std::size_t{140},
                             std::size_t{300}, bytes->size() / 2, bytes->size() - 1}) {
      const std::string name = "cut_" + std::to_string(keep) + ".mat";
      expect_error(dir.write(name, bytes->substr(0, keep)), {name});
    }
  }
}

}  // namespace
}  // namespace infoplane
