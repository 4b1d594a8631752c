#pragma once
// NumPy .npy files (format versions 1.0, 2.0, 3.0), little-endian, C order: read any of
// float32/float64/int8/int16/int32/int64/uint8 arrays; write float32, float64, int32, int64.
// Errors (missing file, bad magic, truncated data, Fortran order, big-endian or unsupported
// dtype, wrong shape, NaN) throw infoplane::Error naming the file and what was expected.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "infoplane/core/matrix.hpp"

namespace infoplane {

struct NpyArray {
  std::string descr;               // numpy dtype string as stored, e.g. "<f4", "|u1"
  std::vector<std::size_t> shape;  // () for a scalar
  std::vector<std::byte> data;     // raw little-endian element bytes, C order
  std::size_t element_count() const;
};

// Reads the whole file; validates the header against the file size.
NpyArray read_npy(const std::string& path);

// A 2-D float32 or float64 array as float (float64 values rounded to float32), shape = [rows,
// cols]; a 1-D array of length n is read as [n, 1]. Rejects NaN and infinite values.
Matrix<float> read_npy_matrix(const std::string& path);

// Label limits: a label is a class index, and the task built from n labels holds a one-hot
// p(y|x) table of n x (largest label + 1) doubles, so both are bounded.
inline constexpr int kMaxNpyLabel = 65535;                       // at most 65536 classes
inline constexpr std::size_t kMaxLabelCells = std::size_t{1} << 26;  // n x classes (512 MiB)

// A 1-D (or [n, 1]) integer array (int8/16/32/64, uint8) of n labels, each in 0..max_label
// (max_label <= kMaxNpyLabel), with n x (largest label + 1) <= kMaxLabelCells.
std::vector<int> read_npy_labels(const std::string& path, int max_label = kMaxNpyLabel);

// Writers (format 1.0, or 2.0 when the header needs it). Throw infoplane::Error when the file
// cannot be written.
void write_npy(const std::string& path, const Matrix<float>& m);
void write_npy(const std::string& path, const Matrix<double>& m);
void write_npy(const std::string& path, std::span<const std::int64_t> values);
void write_npy(const std::string& path, std::span<const std::int32_t> values);
// Raw writer: descr (e.g. "<f4"), shape, bytes (size must match).
void write_npy_raw(const std::string& path, const std::string& descr,
                   const std::vector<std::size_t>& shape, std::span<const std::byte> bytes,
                   bool fortran_order = false);

}  // namespace infoplane
