#pragma once
// A dense row-major matrix: the plain value type that crosses module boundaries
// (activations, inputs, probability tables). shape = [rows, cols].
#include <cstddef>
#include <span>
#include <vector>

#include "infoplane/core/error.hpp"

namespace infoplane {

template <class T>
class Matrix {
 public:
  Matrix() = default;
  Matrix(std::size_t rows, std::size_t cols, T fill = T{})
      : rows_(rows), cols_(cols), data_(rows * cols, fill) {}

  std::size_t rows() const { return rows_; }
  std::size_t cols() const { return cols_; }
  std::size_t size() const { return data_.size(); }
  bool empty() const { return data_.empty(); }

  T* data() { return data_.data(); }
  const T* data() const { return data_.data(); }
  std::vector<T>& values() { return data_; }
  const std::vector<T>& values() const { return data_; }

  T& operator()(std::size_t r, std::size_t c) { return data_[r * cols_ + c]; }
  const T& operator()(std::size_t r, std::size_t c) const { return data_[r * cols_ + c]; }

  std::span<T> row(std::size_t r) { return {data_.data() + r * cols_, cols_}; }
  std::span<const T> row(std::size_t r) const { return {data_.data() + r * cols_, cols_}; }

  friend bool operator==(const Matrix& a, const Matrix& b) {
    return a.rows_ == b.rows_ && a.cols_ == b.cols_ && a.data_ == b.data_;
  }

 private:
  std::size_t rows_ = 0;
  std::size_t cols_ = 0;
  std::vector<T> data_;
};

// A read-only view of row-major values owned elsewhere (a Matrix, or a numpy array from the
// Python module, read without a copy). shape = [rows, cols]. Converts implicitly from a Matrix.
template <class T>
class MatrixView {
 public:
  MatrixView(const T* data, std::size_t rows, std::size_t cols)
      : data_(data), rows_(rows), cols_(cols) {}
  MatrixView(const Matrix<T>& m)  // NOLINT(google-explicit-constructor): a view of any Matrix
      : data_(m.data()), rows_(m.rows()), cols_(m.cols()) {}

  std::size_t rows() const { return rows_; }
  std::size_t cols() const { return cols_; }
  std::size_t size() const { return rows_ * cols_; }
  bool empty() const { return size() == 0; }
  const T* data() const { return data_; }
  std::span<const T> values() const { return {data_, size()}; }
  const T& operator()(std::size_t r, std::size_t c) const { return data_[r * cols_ + c]; }
  std::span<const T> row(std::size_t r) const { return {data_ + r * cols_, cols_}; }

 private:
  const T* data_;
  std::size_t rows_;
  std::size_t cols_;
};

}  // namespace infoplane
