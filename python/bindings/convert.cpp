#include "convert.hpp"

#include <cmath>
#include <set>

#include "infoplane/config/parameter_table.hpp"
#include "infoplane/core/error.hpp"

namespace infoplane::python {
namespace {

ConfigValue value_of(const py::handle& v, const std::string& where) {
  if (py::isinstance<py::bool_>(v)) return ConfigValue::of(v.cast<bool>());
  if (py::isinstance<py::int_>(v)) {
    try {
      return ConfigValue::of(static_cast<std::int64_t>(v.cast<long long>()));
    } catch (const py::cast_error&) {
      return ConfigValue::of(std::string(py::str(v)));  // out of range: refused as a non-integer
    }
  }
  if (py::isinstance<py::float_>(v)) return ConfigValue::of(v.cast<double>());
  if (py::isinstance<py::str>(v)) return ConfigValue::of(v.cast<std::string>());
  if (py::isinstance<py::list>(v) || py::isinstance<py::tuple>(v)) {
    std::vector<ConfigValue> items;
    for (const auto& item : v) items.push_back(value_of(item, where));
    return ConfigValue::of_list(std::move(items));
  }
  // numpy scalars and anything else with a numeric value.
  if (py::hasattr(v, "item")) return value_of(v.attr("item")(), where);
  throw Error(where + ": value " + std::string(py::repr(v)) + ": expected a number, string, bool or list");
}

}  // namespace

void apply_keywords(RunConfig& config, const py::dict& keywords, const std::vector<std::string>& tables,
                    const std::string& where) {
  std::vector<ParameterOverride> overrides;
  auto in_tables = [&](const Parameter& p) {
    return std::find(tables.begin(), tables.end(), p.table()) != tables.end();
  };
  for (const auto& [key_handle, value] : keywords) {
    const std::string key = py::str(key_handle);
    if (std::find(tables.begin(), tables.end(), key) != tables.end() && py::isinstance<py::dict>(value)) {
      for (const auto& [sub, v] : value.cast<py::dict>()) {
        const std::string full = key + "." + std::string(py::str(sub));
        const Parameter* p = find_parameter(full);
        if (p == nullptr) throw Error(where + ": unknown key '" + full + "' (docs/parameters.md)");
        overrides.push_back({full, value_of(v, where)});
      }
      continue;
    }
    std::vector<const Parameter*> matches;
    for (const auto& p : parameter_table())
      if (in_tables(p) && p.name() == key) matches.push_back(&p);
    if (matches.empty()) {
      std::string names;
      for (const auto& p : parameter_table())
        if (in_tables(p)) names += (names.empty() ? "" : ", ") + p.name();
      throw Error(where + ": unknown keyword '" + key + "' (expected one of " + names + ")");
    }
    if (matches.size() > 1) {
      std::string keys;
      for (const auto* p : matches) keys += (keys.empty() ? "" : ", ") + p->key;
      throw Error(where + ": keyword '" + key + "' is ambiguous (" + keys + "): give it as " +
                  matches.front()->table() + "={'" + key + "': ...}");
    }
    overrides.push_back({matches.front()->key, value_of(value, where)});
  }
  apply_overrides(config, overrides, where);
}

MatrixView<float> layer_view(const py::array& array, const std::string& what, Matrix<float>& storage) {
  if (array.ndim() != 2)
    throw Error(what + ": expected a 2-D array of shape (n_patterns, width), got " +
                std::to_string(array.ndim()) + " dimension(s)");
  const auto rows = static_cast<std::size_t>(array.shape(0));
  const auto cols = static_cast<std::size_t>(array.shape(1));
  if (rows == 0 || cols == 0)
    throw Error(what + ": the array is empty (shape (" + std::to_string(rows) + ", " + std::to_string(cols) + "))");
  if (!(array.flags() & py::array::c_style))
    throw Error(what + ": expected a C-contiguous array (use numpy.ascontiguousarray)");
  const bool is_float = array.dtype().kind() == 'f' && array.itemsize() == 4;
  const bool is_double = array.dtype().kind() == 'f' && array.itemsize() == 8;
  if (!is_float && !is_double)
    throw Error(what + ": expected float32 or float64 values, got dtype " + std::string(py::str(array.dtype())));
  if (is_float) return {static_cast<const float*>(array.data()), rows, cols};
  storage = Matrix<float>(rows, cols);
  const auto* d = static_cast<const double*>(array.data());
  for (std::size_t i = 0; i < rows * cols; ++i) storage.values()[i] = static_cast<float>(d[i]);
  return storage;
}

std::vector<double> doubles_of(const py::handle& handle, const std::vector<py::ssize_t>& shape,
                               const std::string& what) {
  const auto array = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(handle);
  if (!array) throw Error(what + ": expected a numeric array");
  std::string want = "(", got = "(";
  for (auto s : shape) want += std::to_string(s) + ",";
  for (py::ssize_t k = 0; k < array.ndim(); ++k) got += std::to_string(array.shape(k)) + ",";
  bool same = static_cast<std::size_t>(array.ndim()) == shape.size();
  for (std::size_t k = 0; same && k < shape.size(); ++k) same = array.shape(static_cast<py::ssize_t>(k)) == shape[k];
  if (!same) throw Error(what + ": expected shape " + want + ") , got " + got + ")");
  return {array.data(), array.data() + array.size()};
}

}  // namespace infoplane::python
