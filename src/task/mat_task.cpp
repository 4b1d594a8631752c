// The reference code's original 12-bit data files (MATLAB level 5, keys F and y), via libmatio.
#include <matio.h>

#include <memory>
#include <new>
#include <set>
#include <string>
#include <vector>

#include "infoplane/core/error.hpp"
#include "infoplane/task/data_files.hpp"
#include "io/detail/results_probe.hpp"
#include "task/detail/mat_checks.hpp"

namespace infoplane {
namespace {

struct MatCloser {
  void operator()(mat_t* m) const { Mat_Close(m); }
};
struct VarFreer {
  void operator()(matvar_t* v) const { Mat_VarFree(v); }
};
using MatFile = std::unique_ptr<mat_t, MatCloser>;
using MatVar = std::unique_ptr<matvar_t, VarFreer>;

// A 2-D numeric array read from the file, in MATLAB's layout: shape = [rows, cols],
// stored column-major, converted to double.
struct Array2d {
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::vector<double> column_major;
  double at(std::size_t r, std::size_t c) const { return column_major[r + c * rows]; }
};

Array2d read_array(mat_t* mat, const std::string& path, const char* key) {
  const std::string where = path + ": key '" + key + "'";
  MatVar var(Mat_VarRead(mat, key));
  if (!var) throw Error(where + ": missing or unreadable; expected a 2-D uint8 or double array");
  if (var->rank != 2 || var->isComplex) {
    throw Error(where + ": expected a real 2-D array, found rank " + std::to_string(var->rank));
  }
  Array2d a;
  a.rows = var->dims[0];
  a.cols = var->dims[1];
  const std::size_t n = a.rows * a.cols;
  if (var->data == nullptr && n > 0) throw Error(where + ": no data (truncated file?)");
  a.column_major.resize(n);
  if (var->class_type == MAT_C_UINT8 && var->data_type == MAT_T_UINT8) {
    if (var->nbytes < n) throw Error(where + ": data shorter than its shape (truncated file?)");
    const auto* d = static_cast<const std::uint8_t*>(var->data);
    for (std::size_t i = 0; i < n; ++i) a.column_major[i] = d[i];
  } else if (var->class_type == MAT_C_DOUBLE && var->data_type == MAT_T_DOUBLE) {
    if (var->nbytes < n * sizeof(double)) {
      throw Error(where + ": data shorter than its shape (truncated file?)");
    }
    const auto* d = static_cast<const double*>(var->data);
    for (std::size_t i = 0; i < n; ++i) a.column_major[i] = d[i];
  } else {
    throw Error(where + ": expected uint8 or double entries (MATLAB class id " +
                std::to_string(static_cast<int>(var->class_type)) + " found)");
  }
  for (std::size_t i = 0; i < n; ++i) {
    const double value = a.column_major[i];
    if (value != 0.0 && value != 1.0) {
      throw Error(where + ": entry " + std::to_string(i) + " is " + std::to_string(value) +
                  "; expected binary entries 0 or 1");
    }
  }
  return a;
}

std::string shape_text(const Array2d& a) {
  // Built by appending: GCC 12 warns falsely (-Wrestrict) on "(" + std::string&&.
  std::string text = "(";
  text += std::to_string(a.rows);
  text += ", ";
  text += std::to_string(a.cols);
  text += ")";
  return text;
}

Task load_mat_task_unguarded(const std::string& path) {
  const std::uint64_t file_bytes = detail::check_mat_file_size(path);
  const detail::Level5Scan scan = detail::check_level5_layout(path);
  for (const char* key : {"F", "y"}) detail::check_unique_key(scan, path, key);
  MatFile mat(Mat_Open(path.c_str(), MAT_ACC_RDONLY));
  if (!mat) throw Error(path + ": not a readable MATLAB .mat file (level 5 or 7.3)");

  // Claimed sizes first: no data is read until both keys are known to be sane.
  for (const char* key : {"F", "y"}) detail::check_claimed_size(mat.get(), path, key, file_bytes);
  const Array2d f = read_array(mat.get(), path, "F");
  const Array2d y = read_array(mat.get(), path, "y");

  // F: one row per pattern; accept (n, d) with n >= d, or its transpose (d, n).
  const bool f_transposed = f.rows < f.cols;
  const std::size_t n = f_transposed ? f.cols : f.rows;
  const std::size_t d = f_transposed ? f.rows : f.cols;
  if (n == 0 || d == 0) throw Error(path + ": key 'F': empty array " + shape_text(f));
  if (d > 30 || n != (std::size_t{1} << d)) {
    throw Error(path + ": key 'F': shape " + shape_text(f) +
                "; expected (2^d, d) patterns, e.g. (4096, 12), or its transpose");
  }
  if (!((y.rows == 1 && y.cols == n) || (y.rows == n && y.cols == 1))) {
    throw Error(path + ": key 'y': shape " + shape_text(y) + "; expected (1, " +
                std::to_string(n) + ") or (" + std::to_string(n) + ", 1) to match F");
  }

  Task task;
  task.name = "mat:" + path;
  task.inputs = Matrix<float>(n, d);
  std::set<std::uint64_t> rows_seen;
  for (std::size_t i = 0; i < n; ++i) {
    std::uint64_t key = 0;  // the row's bits, column 0 most significant
    for (std::size_t j = 0; j < d; ++j) {
      const double v = f_transposed ? f.at(j, i) : f.at(i, j);
      task.inputs(i, j) = static_cast<float>(v);
      key = (key << 1) | static_cast<std::uint64_t>(v);
    }
    if (!rows_seen.insert(key).second) {
      throw Error(path + ": key 'F': row " + std::to_string(i) +
                  " repeats an earlier row; expected distinct patterns");
    }
  }
  task.p_x.assign(n, 1.0 / static_cast<double>(n));
  task.p_y_given_x = Matrix<double>(n, 2);
  for (std::size_t i = 0; i < n; ++i) {
    const double label = y.column_major[i];  // a vector: same order either orientation
    task.p_y_given_x(i, 0) = 1.0 - label;
    task.p_y_given_x(i, 1) = label;
  }
  return task;
}

}  // namespace

Task load_mat_task(const std::string& path) {
  const std::lock_guard lock(detail::hdf5_mutex());
  try {
    detail::check_mat_file_size(path);
    if (!detail::check_level5_layout(path).level5) {
      // Level 7.3 is HDF5 inside, read by libhdf5, which can crash or hang on a damaged file:
      // read it in a child process first (as the results reader does).
      detail::probe_in_child(path, [&] { (void)load_mat_task_unguarded(path); }, 10);
    }
    return load_mat_task_unguarded(path);
  } catch (const std::bad_alloc&) {
    throw Error(path + ": out of memory while loading the .mat file; expected a small data file "
                "(keys F (4096, 12) and y (1, 4096))");
  }
}

}  // namespace infoplane
