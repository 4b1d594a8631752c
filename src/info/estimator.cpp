// The estimator factory (names -> policies) and the boundary checks shared by all estimators.
#include "infoplane/info/estimator.hpp"

#include <bit>
#include <cmath>
#include <cstdint>

#include "infoplane/core/error.hpp"
#include "infoplane/info/binning.hpp"
#include "infoplane/info/exact_count.hpp"
#include "infoplane/info/kde.hpp"
#include "infoplane/info/ksg.hpp"
#include "infoplane/info/noisy_mixture.hpp"

namespace infoplane {

void validate_task(const Task& task, const std::string& what) {
  const std::size_t n = task.n_patterns();
  if (n == 0) throw Error(what + ": the task has no patterns");
  if (task.p_x.size() != n) {
    throw Error(what + ": the task's p(x) has " + std::to_string(task.p_x.size()) +
                " entries, expected " + std::to_string(n));
  }
  if (task.p_y_given_x.rows() != n || task.n_labels() == 0) {
    throw Error(what + ": the task's p(y|x) must have shape [" + std::to_string(n) +
                ", n_labels >= 1]");
  }
  double total = 0.0;
  for (double p : task.p_x) {
    if (!(p >= 0.0)) throw Error(what + ": the task's p(x) has a negative or NaN entry");
    total += p;
  }
  if (std::abs(total - 1.0) > 1e-6) throw Error(what + ": the task's p(x) does not sum to 1");
}

void validate_layer_values(MatrixView<float> layer, const Task& task, const std::string& what) {
  if (layer.rows() != task.n_patterns()) {
    throw Error(what + ": the layer has " + std::to_string(layer.rows()) +
                " rows, the task has " + std::to_string(task.n_patterns()) + " patterns");
  }
  if (layer.cols() == 0) throw Error(what + ": the layer has no units (width 0)");
  // One branch-free pass (it vectorises) over the float bits: exponent all ones = NaN or inf.
  const auto values = layer.values();
  std::uint32_t non_finite = 0;
  for (const float v : values) non_finite |= (std::bit_cast<std::uint32_t>(v) & 0x7f800000u) == 0x7f800000u;
  if (non_finite == 0) return;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      throw Error(what + ": the layer holds a NaN or infinite value at row " +
                  std::to_string(i / layer.cols()) + ", unit " + std::to_string(i % layer.cols()));
    }
  }
}

void validate_layer(MatrixView<float> layer, const Task& task, const std::string& what) {
  validate_task(task, what);
  validate_layer_values(layer, task, what);
}

std::vector<std::string> estimator_names() {
  return {"binning", "adaptive", "kde", "kde_upper", "kde_lower", "ksg", "noisy", "exact"};
}

BinningOptions binning_options_from(const EstimatorOptions& options, bool adaptive) {
  if (options.range != "fixed" && options.range != "data") {
    throw Error("estimator option range = '" + options.range + "': expected fixed or data");
  }
  BinningOptions b;
  b.bins = options.bins;
  b.range_from_data = options.range == "data";
  b.range_lo = options.range_lo;
  b.range_hi = options.range_hi;
  b.reference_digitize = options.reference_digitize;
  b.adaptive = adaptive;
  return b;
}

std::unique_ptr<Estimator> make_estimator(const std::string& name,
                                          const EstimatorOptions& options) {
  if (name == "binning" || name == "adaptive") {
    return std::make_unique<BinningEstimator>(binning_options_from(options, name == "adaptive"));
  }
  if (name == "kde" || name == "kde_upper" || name == "kde_lower") {
    return std::make_unique<KdeEstimator>(name, options.sigma2, options.threads);
  }
  if (name == "ksg") {
    KsgOptions k;
    k.k = options.k;
    k.noise_var = options.ksg_noise_var;
    k.jitter = options.ksg_jitter;
    k.seed = options.seed;
    k.threads = options.threads;
    return std::make_unique<KsgEstimator>(k);
  }
  if (name == "noisy") {
    NoisyMixtureOptions m;
    m.sigma2 = options.sigma2;
    m.mc_samples = options.mc_samples;
    m.seed = options.seed;
    m.threads = options.threads;
    return std::make_unique<NoisyMixtureEstimator>(m);
  }
  if (name == "exact") return std::make_unique<ExactCountEstimator>();
  std::string list;
  for (const auto& n : estimator_names()) list += (list.empty() ? "" : ", ") + n;
  throw Error("unknown estimator '" + name + "' (expected one of: " + list + ")");
}

}  // namespace infoplane
