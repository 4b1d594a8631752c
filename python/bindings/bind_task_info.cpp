// Tasks, the information plane of the user's layers, the IB curve and beta*.
#include <pybind11/stl.h>

#include <atomic>
#include <mutex>

#include "bindings.hpp"
#include "convert.hpp"
#include "infoplane/config/parameter_table.hpp"
#include "infoplane/core/error.hpp"
#include "infoplane/ib/ib_curve.hpp"
#include "infoplane/ib/ib_problem.hpp"
#include "infoplane/ib/layer_beta.hpp"
#include "infoplane/info/binning.hpp"
#include "infoplane/info/layer_plane.hpp"
#include "infoplane/info/plane_summary.hpp"
#include "infoplane/task/make_task.hpp"
#include "infoplane/task/task_information.hpp"

namespace infoplane::python {
namespace {

// A task from arrays: p(y|x) rows (soft labels) or integer labels, optional inputs and p(x).
Task task_from_arrays(const py::object& labels, const py::object& p_y_given_x, const py::object& inputs,
                      const py::object& p_x, const std::string& name) {
  Task task;
  if (labels.is_none() == p_y_given_x.is_none())
    throw Error(name + ": give exactly one of labels or p_y_given_x");
  if (!labels.is_none()) {
    const auto a = py::array::ensure(labels);
    if (!a || a.ndim() != 1 || (a.dtype().kind() != 'i' && a.dtype().kind() != 'u'))
      throw Error(name + ": labels: expected a 1-D integer array");
    const auto ints = py::array_t<long long, py::array::c_style | py::array::forcecast>::ensure(a);
    std::vector<int> values;
    for (py::ssize_t i = 0; i < ints.size(); ++i) {
      const long long v = ints.data()[i];
      if (v < 0 || v >= 65536) throw Error(name + ": labels: expected values in [0, 65535], got " + std::to_string(v));
      values.push_back(static_cast<int>(v));
    }
    task = task_from_labels(values, name);
  } else {
    const auto a = py::array::ensure(p_y_given_x);
    if (!a || a.ndim() != 2) throw Error(name + ": p_y_given_x: expected a 2-D array (n_patterns, n_labels)");
    const std::size_t n = static_cast<std::size_t>(a.shape(0)), k = static_cast<std::size_t>(a.shape(1));
    if (n == 0 || k == 0) throw Error(name + ": p_y_given_x: the array is empty");
    task.name = name;
    task.p_y_given_x = Matrix<double>(n, k);
    task.p_y_given_x.values() = doubles_of(a, {a.shape(0), a.shape(1)}, name + ": p_y_given_x");
    for (std::size_t i = 0; i < n; ++i) {
      double sum = 0;
      for (double v : task.p_y_given_x.row(i)) {
        if (!(v >= 0.0 && v <= 1.0)) throw Error(name + ": p_y_given_x: row " + std::to_string(i) + " has an entry outside [0, 1]");
        sum += v;
      }
      if (std::abs(sum - 1.0) > 1e-9) throw Error(name + ": p_y_given_x: row " + std::to_string(i) + " does not sum to 1");
    }
    task.inputs = Matrix<float>(n, 0);
    task.p_x.assign(n, 1.0 / static_cast<double>(n));
  }
  const auto n = static_cast<py::ssize_t>(task.p_y_given_x.rows());
  if (!p_x.is_none()) {
    task.p_x = doubles_of(p_x, {n}, name + ": p_x");
    double total = 0;
    for (double v : task.p_x) {
      if (!(v >= 0.0)) throw Error(name + ": p_x: expected entries >= 0");
      total += v;
    }
    if (std::abs(total - 1.0) > 1e-9) throw Error(name + ": p_x: expected entries that sum to 1");
  }
  if (!inputs.is_none()) {
    const auto a = py::array::ensure(inputs);
    if (!a || a.ndim() != 2 || a.shape(0) != n) throw Error(name + ": inputs: expected shape (n_patterns, n_inputs)");
    const auto values = doubles_of(a, {a.shape(0), a.shape(1)}, name + ": inputs");
    task.inputs = Matrix<float>(static_cast<std::size_t>(n), static_cast<std::size_t>(a.shape(1)));
    std::transform(values.begin(), values.end(), task.inputs.values().begin(), [](double v) { return static_cast<float>(v); });
  }
  return task;
}

py::dict estimate_dict(const InfoEstimate& e, bool symbols) {
  py::dict d;
  d["i_xt"] = e.i_xt;
  d["i_ty"] = e.i_ty;
  d["i_xt_lower"] = e.i_xt_lower;
  d["i_xt_upper"] = e.i_xt_upper;
  d["i_ty_lower"] = e.i_ty_lower;
  d["i_ty_upper"] = e.i_ty_upper;
  if (symbols) {
    d["n_symbols"] = e.n_symbols;
    d["range"] = py::make_tuple(e.range_lo, e.range_hi);
  }
  return d;
}

// An estimator bound to a task: the [info] keywords checked once, the binning workspace (with its
// per-task cache) kept warm across calls, and a reference to the Python Task so that the task
// the cache was built for stays alive. Calls with the GIL released are serialised by a mutex.
class LayerEstimator {
 public:
  LayerEstimator(const std::string& name, py::object task, const py::dict& keywords)
      : task_object_(std::move(task)), task_(task_object_.cast<const Task&>()) {
    py::dict all = keywords;
    all["estimators"] = py::make_tuple(name);
    apply_keywords(config_, all, {"info"}, "mi()");
    estimator_ = make_estimator(name, config_.info.options);
    binning_ = name == "binning" || name == "adaptive";
    validate_task(task_, "task " + task_.name);  // once; each call checks its layers
    if (binning_) binning_options_ = binning_options_from(config_.info.options, name == "adaptive");
  }

  std::string name() const { return estimator_->name(); }

  py::dict estimate(const py::list& layers) {
    std::vector<Matrix<float>> storage(layers.size());
    std::vector<MatrixView<float>> views;
    std::vector<std::string> names;
    for (std::size_t l = 0; l < layers.size(); ++l) {
      names.push_back("layers[" + std::to_string(l) + "]");
      const auto array = py::array::ensure(layers[l]);
      if (!array) throw Error(names.back() + ": expected a numpy array");
      views.push_back(layer_view(array, names.back(), storage[l]));
      if (views.back().rows() != task_.n_patterns())
        throw Error(names.back() + ": " + std::to_string(views.back().rows()) + " rows, but the task " +
                    task_.name + " has " + std::to_string(task_.n_patterns()) + " patterns");
    }
    std::vector<InfoEstimate> estimates;
    DpiReport dpi;
    {
      py::gil_scoped_release release;  // the arrays stay referenced by `layers`
      const std::lock_guard<std::mutex> lock(mutex_);
      for (std::size_t l = 0; l < views.size(); ++l) {
        try {
          if (binning_) {
            validate_layer_values(views[l], task_, name());
            estimates.push_back(binning_estimate(views[l], task_, binning_options_, workspace_));
          } else {
            estimates.push_back(estimator_->estimate(views[l], task_));
          }
        } catch (const Error& e) {
          throw Error(names[l] + ": " + e.what());
        }
      }
      dpi = check_dpi(estimates, config_.info.dpi_tol_bits);
    }
    py::list out;
    for (const auto& e : estimates) out.append(estimate_dict(e, binning_));
    py::dict result;
    result["estimator"] = name();
    result["layers"] = out;
    result["dpi_xt_violations"] = dpi.xt_violations;
    result["dpi_ty_violations"] = dpi.ty_violations;
    return result;
  }

 private:
  py::object task_object_;
  const Task& task_;
  RunConfig config_;
  std::unique_ptr<Estimator> estimator_;
  bool binning_ = false;
  BinningOptions binning_options_;
  BinningWorkspace workspace_;
  std::mutex mutex_;
};

py::dict beta_dict(const LayerBeta& fit) {
  py::dict d;
  d["beta_star"] = fit.beta_star;
  d["kl_bits"] = fit.kl_bits;
  d["at_lower_bound"] = fit.at_lower_bound;
  d["at_upper_bound"] = fit.at_upper_bound;
  d["i_xt"] = fit.i_xt;
  d["i_ty"] = fit.i_ty;
  d["n_symbols"] = fit.n_symbols;
  return d;
}

}  // namespace

void bind_task_info(py::module_& m) {
  py::class_<Task>(m, "Task", "A task's exact P(X,Y): patterns, p(x), p(y|x), classes (docs/task.md)")
      .def_readonly("name", &Task::name)
      .def_property_readonly("inputs", [](const Task& t) { return to_numpy(t.inputs); },
                             "shape (n_patterns, n_inputs), float32")
      .def_property_readonly("p_x", [](const Task& t) { return to_numpy(t.p_x, {static_cast<py::ssize_t>(t.p_x.size())}); })
      .def_property_readonly("p_y_given_x", [](const Task& t) { return to_numpy(t.p_y_given_x); },
                             "shape (n_patterns, n_labels)")
      .def_property_readonly("classes", [](const Task& t) -> py::object {
        if (t.pattern_class.empty()) return py::none();
        return to_numpy(t.pattern_class, {static_cast<py::ssize_t>(t.pattern_class.size())});
      }, "the class id of each pattern (a sufficient statistic of p(y|x)), or None")
      .def_property_readonly("n_patterns", &Task::n_patterns)
      .def_property_readonly("i_xy_bits", [](const Task& t) { return mutual_information_xy_bits(t); })
      .def_readonly("parameters", &Task::parameters)
      .def("__repr__", [](const Task& t) {
        return "<infoplane.Task " + t.name + ": " + std::to_string(t.n_patterns()) + " patterns, " +
               std::to_string(t.n_labels()) + " labels>";
      });

  m.def("make_task", [](const std::string& rule, const py::dict& keywords) {
        RunConfig c;
        c.train.task.rule = rule;
        apply_keywords(c, keywords, {"task"}, "task()");
        py::gil_scoped_release release;
        return make_task(c.train.task.rule, c.train.task.rule_seed);
      }, py::arg("rule"), py::arg("keywords"));
  m.def("task_from_arrays", &task_from_arrays, py::arg("labels"), py::arg("p_y_given_x"),
        py::arg("inputs"), py::arg("p_x"), py::arg("name"));

  py::class_<LayerEstimator>(m, "Estimator",
                             "One estimator on one task, reused across calls (its workspace stays warm)")
      .def(py::init<const std::string&, py::object, const py::dict&>(), py::arg("name"), py::arg("task"),
           py::arg("keywords"))
      .def("estimate", &LayerEstimator::estimate, py::arg("layers"))
      .def_property_readonly("name", &LayerEstimator::name);

  m.def("ib_curve", [](const Task& task, bool patterns, const py::dict& keywords) {
        RunConfig c;
        apply_keywords(c, keywords, {"ib"}, "ib_curve()");
        IBCurve curve;
        {
          py::gil_scoped_release release;
          const bool classes = !patterns && !task.pattern_class.empty();
          curve = compute_ib_curve(ib_problem_from_task(task, classes), c.ib.curve_options);
        }
        std::vector<double> beta, xt, ty;
        std::vector<int> clusters;
        for (const auto& p : curve.points) {
          beta.push_back(p.beta);
          xt.push_back(p.i_xt);
          ty.push_back(p.i_ty);
          clusters.push_back(p.n_clusters);
        }
        const py::ssize_t n = static_cast<py::ssize_t>(beta.size());
        py::dict d;
        d["beta"] = to_numpy(beta, {n});
        d["i_xt"] = to_numpy(xt, {n});
        d["i_ty"] = to_numpy(ty, {n});
        d["n_clusters"] = to_numpy(clusters, {n});
        d["i_xy"] = curve.i_xy;
        return d;
      }, py::arg("task"), py::arg("patterns"), py::arg("keywords"));

  m.def("encoder_beta_star", [](const py::array& encoder, const Task& task) {
        if (encoder.ndim() != 2 || static_cast<std::size_t>(encoder.shape(0)) != task.n_patterns())
          throw Error("encoder: expected shape (n_patterns = " + std::to_string(task.n_patterns()) + ", n_t)");
        Matrix<double> e(static_cast<std::size_t>(encoder.shape(0)), static_cast<std::size_t>(encoder.shape(1)));
        e.values() = doubles_of(encoder, {encoder.shape(0), encoder.shape(1)}, "encoder");
        LayerBeta fit;
        {
          py::gil_scoped_release release;
          fit = encoder_beta(task.p_x, task.p_y_given_x, e);  // validates the rows
        }
        return beta_dict(fit);
      }, py::arg("encoder"), py::arg("task"));

  m.def("beta_star", [](const py::array& layer, const Task& task, const py::dict& keywords) {
        RunConfig c;
        apply_keywords(c, keywords, {"info"}, "beta_star()");
        Matrix<float> storage;
        const MatrixView<float> view = layer_view(layer, "layer", storage);
        validate_layer(view, task, "layer");
        LayerBeta fit;
        {
          py::gil_scoped_release release;
          BinningWorkspace ws;
          bin_symbols(view, binning_options_from(c.info.options), ws);
          fit = layer_beta(task.p_x, task.p_y_given_x, ws.t_of_x());
        }
        return beta_dict(fit);
      }, py::arg("layer"), py::arg("task"), py::arg("keywords"));
}

}  // namespace infoplane::python
