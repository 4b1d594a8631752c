// Results files (read, write, build from arrays), the run's summary, and training an ensemble
// on the same pipeline as `infoplane train`, interruptible with Ctrl-C.
#include <pybind11/stl.h>

#include <atomic>
#include <chrono>
#include <exception>
#include <thread>

#include "bindings.hpp"
#include "convert.hpp"
#include "infoplane/config/parameter_table.hpp"
#include "infoplane/core/error.hpp"
#include "infoplane/io/results_store.hpp"
#include "infoplane/run/setting_pipeline.hpp"
#include "infoplane/run/summary.hpp"
#include "infoplane/task/make_task.hpp"
#include "infoplane/task/task_information.hpp"
#include "infoplane/train/schedule.hpp"

namespace infoplane::python {
namespace {

using Shape = std::vector<py::ssize_t>;

py::dict series_dict(const RunResults& r) {
  const py::ssize_t n = r.n_networks, rec = r.n_recorded(), ep = r.n_epochs, lay = r.n_layers();
  py::dict d;
  d["n_networks"] = r.n_networks;
  d["n_epochs"] = r.n_epochs;
  d["layer_widths"] = r.layer_widths;
  d["recorded_epochs"] = to_numpy(r.recorded_epochs, {rec});
  py::dict metrics;
  metrics["train_loss"] = to_numpy(r.metrics.train_loss, {n, rec});
  metrics["train_accuracy"] = to_numpy(r.metrics.train_accuracy, {n, rec});
  metrics["test_loss"] = to_numpy(r.metrics.test_loss, {n, rec});
  metrics["test_accuracy"] = to_numpy(r.metrics.test_accuracy, {n, rec});
  metrics["in_weight_cosine"] = r.metrics.in_weight_cosine.empty()
                                    ? py::object(py::none())
                                    : py::object(to_numpy(r.metrics.in_weight_cosine, {n, rec, lay}));
  d["metrics"] = metrics;
  py::dict gradients;
  gradients["mean_norm"] = to_numpy(r.gradients.mean_norm, {n, ep, lay});
  gradients["std_norm"] = to_numpy(r.gradients.std_norm, {n, ep, lay});
  gradients["weight_norm"] = to_numpy(r.gradients.weight_norm, {n, ep, lay});
  d["gradients"] = gradients;
  py::dict info;
  for (const auto& s : r.info) {
    py::dict plane;
    plane["i_xt"] = to_numpy(s.i_xt, {n, rec, lay});
    plane["i_ty"] = to_numpy(s.i_ty, {n, rec, lay});
    info[py::str(s.estimator)] = plane;
  }
  d["info"] = info;
  auto curve_dict = [](const std::optional<IBCurveSeries>& c) -> py::object {
    if (!c) return py::none();
    const py::ssize_t k = static_cast<py::ssize_t>(c->beta.size());
    return py::dict(py::arg("beta") = to_numpy(c->beta, {k}), py::arg("i_xt") = to_numpy(c->i_xt, {k}),
                    py::arg("i_ty") = to_numpy(c->i_ty, {k}),
                    py::arg("n_clusters") =
                        to_numpy(c->n_clusters, {static_cast<py::ssize_t>(c->n_clusters.size())}));
  };
  d["ib_curve"] = curve_dict(r.ib_curve);
  d["ib_sample_curve"] = curve_dict(r.ib_sample_curve);
  if (r.layer_beta) {
    const py::ssize_t k = static_cast<py::ssize_t>(r.layer_beta->epochs.size());
    d["layer_beta"] = py::dict(py::arg("epochs") = to_numpy(r.layer_beta->epochs, {k}),
                               py::arg("beta_star") = to_numpy(r.layer_beta->beta_star, {n, k, lay}),
                               py::arg("kl_at_beta") = to_numpy(r.layer_beta->kl_at_beta, {n, k, lay}));
  } else {
    d["layer_beta"] = py::none();
  }
  const auto& m = r.metadata;
  d["metadata"] = py::dict(py::arg("program_version") = m.program_version, py::arg("git_commit") = m.git_commit,
                           py::arg("config_toml") = m.config_toml, py::arg("host") = m.host,
                           py::arg("date_utc") = m.date_utc, py::arg("seed") = m.seed);
  return d;
}

template <class T>
std::vector<T> values_of(const py::dict& d, const char* key, const Shape& shape, const std::string& where) {
  if (!d.contains(key)) throw Error(where + ": missing '" + key + "'");
  const auto v = doubles_of(d[key], shape, where + ": " + key);
  return std::vector<T>(v.begin(), v.end());
}

// True when `d[key]` is present and holds at least one value (optional series may be empty).
bool has_values(const py::dict& d, const char* key) {
  if (!d.contains(key) || d[key].is_none()) return false;
  const auto a = py::array::ensure(d[key]);
  return a && a.size() > 0;
}

// The inverse of series_dict, with every shape checked (the recorder of infoplane.torch).
RunResults results_from_dict(const py::dict& d) {
  const std::string where = "results";
  RunResults r;
  auto integer = [&](const char* key) {
    if (!d.contains(key)) throw Error(where + ": missing '" + std::string(key) + "'");
    return d[key].cast<int>();
  };
  r.n_networks = integer("n_networks");
  r.n_epochs = integer("n_epochs");
  if (r.n_networks < 1 || r.n_epochs < 0) throw Error(where + ": expected n_networks >= 1 and n_epochs >= 0");
  r.layer_widths = d["layer_widths"].cast<std::vector<int>>();
  for (int w : r.layer_widths)
    if (w < 1) throw Error(where + ": layer_widths: expected widths >= 1");
  const auto rec_array = py::array_t<long long, py::array::forcecast>::ensure(d["recorded_epochs"]);
  if (!rec_array || rec_array.ndim() != 1) throw Error(where + ": recorded_epochs: expected a 1-D integer array");
  r.recorded_epochs.assign(rec_array.data(), rec_array.data() + rec_array.size());
  for (std::size_t k = 1; k < r.recorded_epochs.size(); ++k)
    if (r.recorded_epochs[k] <= r.recorded_epochs[k - 1]) throw Error(where + ": recorded_epochs: expected ascending epochs");
  const py::ssize_t n = r.n_networks, rec = r.n_recorded(), ep = r.n_epochs, lay = r.n_layers();
  const py::dict metrics = d["metrics"].cast<py::dict>();
  r.metrics.train_loss = values_of<double>(metrics, "train_loss", {n, rec}, where + ".metrics");
  r.metrics.train_accuracy = values_of<double>(metrics, "train_accuracy", {n, rec}, where + ".metrics");
  r.metrics.test_loss = values_of<double>(metrics, "test_loss", {n, rec}, where + ".metrics");
  r.metrics.test_accuracy = values_of<double>(metrics, "test_accuracy", {n, rec}, where + ".metrics");
  if (has_values(metrics, "in_weight_cosine"))
    r.metrics.in_weight_cosine = values_of<double>(metrics, "in_weight_cosine", {n, rec, lay}, where + ".metrics");
  const py::dict gradients = d["gradients"].cast<py::dict>();
  r.gradients.mean_norm = values_of<double>(gradients, "mean_norm", {n, ep, lay}, where + ".gradients");
  r.gradients.std_norm = values_of<double>(gradients, "std_norm", {n, ep, lay}, where + ".gradients");
  r.gradients.weight_norm = values_of<double>(gradients, "weight_norm", {n, ep, lay}, where + ".gradients");
  for (const auto& [name, plane] : d["info"].cast<py::dict>()) {
    InfoPlaneSeries s;
    s.estimator = py::str(name);
    const py::dict p = plane.cast<py::dict>();
    s.i_xt = values_of<double>(p, "i_xt", {n, rec, lay}, where + ".info." + s.estimator);
    s.i_ty = values_of<double>(p, "i_ty", {n, rec, lay}, where + ".info." + s.estimator);
    r.info.push_back(std::move(s));
  }
  auto curve_from = [&](const char* key, std::optional<IBCurveSeries>& curve) {
    if (!d.contains(key) || d[key].is_none()) return;
    const py::dict c = d[key].cast<py::dict>();
    const auto beta = py::array::ensure(c["beta"]);
    const py::ssize_t k = beta ? beta.size() : 0;
    const std::string at = where + "." + key;
    curve = IBCurveSeries{values_of<double>(c, "beta", {k}, at), values_of<double>(c, "i_xt", {k}, at),
                          values_of<double>(c, "i_ty", {k}, at),
                          has_values(c, "n_clusters") ? values_of<int>(c, "n_clusters", {k}, at)
                                                      : std::vector<int>{}};
  };
  curve_from("ib_curve", r.ib_curve);
  curve_from("ib_sample_curve", r.ib_sample_curve);
  if (d.contains("metadata")) {
    const py::dict m = d["metadata"].cast<py::dict>();
    auto text = [&](const char* key) { return m.contains(key) ? m[key].cast<std::string>() : std::string(); };
    r.metadata.program_version = text("program_version");
    r.metadata.git_commit = text("git_commit");
    r.metadata.config_toml = text("config_toml");
    r.metadata.host = text("host");
    r.metadata.date_utc = text("date_utc");
    if (m.contains("seed")) r.metadata.seed = m["seed"].cast<std::uint64_t>();
  }
  return r;
}

// Runs work(stop) on a worker thread with the GIL released; every 50 ms checks for a Python
// signal (Ctrl-C), and on one sets `stop` (the trainer ends every network at the end of its
// epoch), waits for the worker and raises the signal's exception (KeyboardInterrupt).
template <class Work>
void run_interruptible(Work work) {
  std::atomic<bool> stop{false}, done{false};
  std::exception_ptr error;
  std::thread worker([&] {
    try {
      work(stop);
    } catch (...) {
      error = std::current_exception();
    }
    done.store(true);
  });
  bool interrupted = false;
  while (!done.load()) {
    {
      py::gil_scoped_release release;
      for (int i = 0; i < 50 && !done.load(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (!done.load() && PyErr_CheckSignals() != 0) {
      interrupted = true;
      stop.store(true);
      break;
    }
  }
  {
    py::gil_scoped_release release;
    worker.join();
  }
  if (interrupted) throw py::error_already_set();
  if (error) std::rethrow_exception(error);
}

}  // namespace

void bind_results_train(py::module_& m) {
  m.def("read_results", [](const std::string& path) {
        RunResults r;
        {
          py::gil_scoped_release release;
          r = read_results(path);
        }
        return series_dict(r);
      }, py::arg("path"));
  m.def("write_results", [](const std::string& path, const py::dict& results, bool overwrite) {
        const RunResults r = results_from_dict(results);
        py::gil_scoped_release release;
        write_results(path, r, overwrite);
      }, py::arg("path"), py::arg("results"), py::arg("overwrite") = false);
  m.def("summary", [](const py::dict& results, double i_xy_bits, double dpi_tol_bits) {
        const RunResults r = results_from_dict(results);
        return summary_json(summarize(r, summary_estimator(r), i_xy_bits, dpi_tol_bits));
      }, py::arg("results"), py::arg("i_xy_bits"), py::arg("dpi_tol_bits"));

  m.def("train", [](const py::object& config_path, py::dict keywords) {
        RunConfig c;
        if (!config_path.is_none()) c = load_run_config(config_path.cast<std::string>());
        if (keywords.contains("preset") && !config_path.is_none())
          throw Error("train(): preset and config: give the preset inside the file (preset = \"...\")");
        apply_keywords(c, keywords, {"", "task", "network", "optimizer", "training", "info", "ib"}, "train()");
        RunConfig stored = c;
        stored.train.training.threads = 0;
        Task task;
        {
          py::gil_scoped_release release;
          task = make_task(c.train.task.rule, c.train.task.rule_seed);
        }
        SettingPipeline pipeline(c, task, resolved_experiment_toml("train", "train", "", stored));
        run_interruptible([&](std::atomic<bool>& stop) { pipeline.train({}, &stop); });
        RunResults r;
        {
          py::gil_scoped_release release;
          r = pipeline.finish();
        }
        return series_dict(r);
      }, py::arg("config"), py::arg("keywords"));

  m.def("recorded_epochs", [](const py::dict& keywords) {
        RunConfig c;
        apply_keywords(c, keywords, {"training"}, "record_epochs()");
        return recorded_epochs(c.train.training.record, c.train.training.epochs);
      }, py::arg("keywords"), "training.record's epochs for training.epochs (train/schedule.hpp)");

  m.def("parameters", [] {
        py::list out;
        const RunConfig defaults;
        for (const auto& p : parameter_table()) {
          out.append(py::dict(py::arg("key") = p.key, py::arg("flag") = p.flag, py::arg("help") = p.help,
                              py::arg("units") = p.units, py::arg("allowed") = p.expected,
                              py::arg("default") = to_toml_text(p.get(defaults))));
        }
        return out;
      });
}

}  // namespace infoplane::python
