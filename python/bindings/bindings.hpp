#pragma once
// The parts of the Python module `infoplane._core`, one function per file that registers them.
#include <pybind11/pybind11.h>

namespace infoplane::python {

void bind_task_info(pybind11::module_& m);      // tasks, mi, ib_curve, beta_star
void bind_results_train(pybind11::module_& m);  // results files, summary, train, parameters

}  // namespace infoplane::python
