// Writes the seed corpora of the fuzz targets: small valid files of each format, made here
// (libmatio, zlib, the project's own writers), never copied from data sets.
// Usage: fuzz_make_seeds OUT_DIR  ->  OUT_DIR/{mat,idx,npy,results}/<seed files>
#include <matio.h>
#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "infoplane/io/npy.hpp"
#include "infoplane/io/results_store.hpp"
#include "io/synthetic_results.hpp"

namespace fs = std::filesystem;

namespace {

void write_bytes(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

// F = all 2^bits patterns (uint8 or double), y = parity; MATLAB column-major.
void write_mat(const fs::path& path, std::size_t bits, bool as_double, matio_compression z) {
  const std::size_t n = std::size_t{1} << bits;
  std::vector<double> f(n * bits), y(n);
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t c = 0; c < bits; ++c) f[r + c * n] = double((r >> (bits - 1 - c)) & 1);
    y[r] = double(__builtin_popcountll(r) & 1);
  }
  std::vector<std::uint8_t> fu(f.begin(), f.end()), yu(y.begin(), y.end());
  mat_t* mat = Mat_CreateVer(path.c_str(), nullptr, MAT_FT_MAT5);
  if (mat == nullptr) return;
  size_t f_dims[2] = {n, bits}, y_dims[2] = {1, n};
  matvar_t* vars[2] = {
      as_double ? Mat_VarCreate("F", MAT_C_DOUBLE, MAT_T_DOUBLE, 2, f_dims, f.data(), 0)
                : Mat_VarCreate("F", MAT_C_UINT8, MAT_T_UINT8, 2, f_dims, fu.data(), 0),
      as_double ? Mat_VarCreate("y", MAT_C_DOUBLE, MAT_T_DOUBLE, 2, y_dims, y.data(), 0)
                : Mat_VarCreate("y", MAT_C_UINT8, MAT_T_UINT8, 2, y_dims, yu.data(), 0)};
  for (matvar_t* v : vars) {
    Mat_VarWrite(mat, v, z);
    Mat_VarFree(v);
  }
  Mat_Close(mat);
}

std::string idx_bytes(const std::vector<std::uint32_t>& dims, const std::vector<std::uint8_t>& values) {
  std::string b = {0, 0, 8, static_cast<char>(dims.size())};
  for (std::uint32_t d : dims)
    for (int shift = 24; shift >= 0; shift -= 8) b.push_back(static_cast<char>((d >> shift) & 0xFF));
  b.append(values.begin(), values.end());
  return b;
}

void write_gz(const fs::path& path, const std::string& bytes) {
  gzFile f = gzopen(path.c_str(), "wb");
  if (f == nullptr) return;
  gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size()));
  gzclose(f);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUT_DIR\n", argv[0]);
    return 2;
  }
  const fs::path out = argv[1];
  for (const char* sub : {"mat", "idx", "npy", "results"}) fs::create_directories(out / sub);

  write_mat(out / "mat" / "u8_4bit.mat", 4, false, MAT_COMPRESSION_NONE);
  write_mat(out / "mat" / "f64_3bit.mat", 3, true, MAT_COMPRESSION_NONE);
  write_mat(out / "mat" / "u8_5bit_zlib.mat", 5, false, MAT_COMPRESSION_ZLIB);

  const std::vector<std::uint8_t> pixels = {0, 255, 51, 102, 1, 2, 3, 4, 255, 255, 0, 0};
  write_bytes(out / "idx" / "images.idx", idx_bytes({3, 2, 2}, pixels));
  write_bytes(out / "idx" / "labels.idx", idx_bytes({3}, {7, 0, 7}));
  write_gz(out / "idx" / "images.idx.gz", idx_bytes({3, 2, 2}, pixels));
  write_gz(out / "idx" / "labels.idx.gz", idx_bytes({3}, {7, 0, 7}));

  infoplane::Matrix<float> m(3, 2);
  for (std::size_t i = 0; i < m.size(); ++i) m.values()[i] = 0.25f * float(i);
  infoplane::write_npy((out / "npy" / "f4.npy").string(), m);
  infoplane::Matrix<double> d(2, 2, 0.5);
  infoplane::write_npy((out / "npy" / "f8.npy").string(), d);
  const std::vector<std::int64_t> labels = {0, 1, 1, 0, 2};
  infoplane::write_npy((out / "npy" / "labels_i8.npy").string(), std::span<const std::int64_t>(labels));
  const std::vector<std::byte> u8 = {std::byte{1}, std::byte{0}, std::byte{1}};
  infoplane::write_npy_raw((out / "npy" / "labels_u1.npy").string(), "|u1", {3}, u8);

  infoplane::testing::SyntheticShape shape;
  shape.n_networks = 2;
  shape.n_layers = 3;
  shape.n_recorded = 5;
  shape.n_epochs = 20;
  const fs::path full = out / "results" / "full.h5";
  fs::remove(full);
  infoplane::write_results(full.string(), infoplane::testing::make_synthetic_results(shape), true);
  shape.with_ib = false;
  shape.estimators = {"binning"};
  infoplane::RunResults bare = infoplane::testing::make_synthetic_results(shape);
  bare.gradients = {};
  infoplane::write_results((out / "results" / "bare.h5").string(), bare, true);
  shape.n_epochs = 700;  // chunked, compressed gradient datasets (>= 4096 values)
  shape.with_ib = true;
  infoplane::write_results((out / "results" / "chunked.h5").string(),
                           infoplane::testing::make_synthetic_results(shape), true);
  return 0;
}
