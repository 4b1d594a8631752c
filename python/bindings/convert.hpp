#pragma once
// Conversions at the Python boundary: keyword arguments -> parameter-table values (the CLI's
// names, checks and messages), numpy arrays -> views and matrices (with clear errors for the
// wrong dtype, ndim, row count, layout, NaN or Inf), C++ vectors -> numpy arrays.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <string>
#include <vector>

#include "infoplane/config/experiment_config.hpp"
#include "infoplane/core/matrix.hpp"

namespace infoplane::python {

namespace py = pybind11;

// Applies keyword arguments to `config` through the parameter table. A keyword is a key's name
// within one of `tables` ("bins" -> info.bins) when that name is unique among them, or a table
// name with a dict ({"info": {"bins": 100}}). `where` names the call in messages ("mi()").
// Throws infoplane::Error (ValueError in Python) in the CLI's form.
void apply_keywords(RunConfig& config, const py::dict& keywords, const std::vector<std::string>& tables,
                    const std::string& where);

// A (n, width) float32 C-contiguous array as a view (no copy); float64 and other layouts are
// refused or converted as stated: float64 C-contiguous arrays are converted to float32 into
// `storage` (the estimators compute from float32 activations, as in training).
MatrixView<float> layer_view(const py::array& array, const std::string& what, Matrix<float>& storage);

template <class T>
py::array_t<T> to_numpy(const std::vector<T>& values, std::vector<py::ssize_t> shape) {
  py::array_t<T> out(shape);
  std::copy(values.begin(), values.end(), out.mutable_data());
  return out;
}

template <class T>
py::array_t<T> to_numpy(const Matrix<T>& m) {
  return to_numpy(m.values(), {static_cast<py::ssize_t>(m.rows()), static_cast<py::ssize_t>(m.cols())});
}

// A numpy array of any real dtype as a flat double vector with the given shape; throws naming
// `what` when the shape differs.
std::vector<double> doubles_of(const py::handle& array, const std::vector<py::ssize_t>& shape,
                               const std::string& what);

}  // namespace infoplane::python
