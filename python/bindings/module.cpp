// The compiled part of the Python package `infoplane` (python/infoplane/__init__.py wraps it
// with keyword arguments and docstrings). infoplane::Error becomes infoplane.InfoplaneError, a
// subclass of ValueError, with the CLI's message.
#include <pybind11/pybind11.h>

#include "bindings.hpp"
#include "infoplane/core/error.hpp"
#include "infoplane/version.hpp"

PYBIND11_MODULE(_core, m) {
  namespace py = pybind11;
  m.doc() = "infoplane: deep networks in the information plane (C++ core)";
  m.attr("__version__") = infoplane::kVersion;
  m.attr("git_commit") = infoplane::kGitCommit;
  py::register_exception<infoplane::Error>(m, "InfoplaneError", PyExc_ValueError);
  infoplane::python::bind_task_info(m);
  infoplane::python::bind_results_train(m);
}
