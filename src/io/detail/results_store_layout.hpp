#pragma once
// The results file's floating-point datasets, declared once: path, shape, units and meaning.
// The writer, the reader and docs/file-format.md follow this table (keep them in step).
#include <hdf5.h>

#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "infoplane/results/run_results.hpp"

namespace infoplane::detail {

template <class Vec>  // std::vector<double> (reading) or const std::vector<double> (writing)
struct DoubleField {
  std::string path;            // relative to the file's root group
  std::vector<hsize_t> dims;   // the shape the values must have, row-major
  Vec* values;
  const char* units;           // "bits", "nats", ... (stored as the dataset's `units`)
  const char* description;     // stored as the dataset's `description`
  bool required;               // optional fields are omitted when empty
};

// Sizes that come from the optional IB groups rather than from RunResults' scalars.
struct IBSizes {
  hsize_t n_curve_points = 0;  // /ib/curve/beta length
  hsize_t n_sample_curve_points = 0;  // /ib/sample_curve/beta length
  hsize_t n_beta_epochs = 0;   // /ib/layer_beta/epochs length
};

// The IB curves a results file may hold: group, the RunResults member, what it is.
template <class Results>
struct CurveGroup {
  std::string group;
  std::conditional_t<std::is_const_v<Results>, const std::optional<IBCurveSeries>, std::optional<IBCurveSeries>>* curve;
  hsize_t IBSizes::*size;
  const char* what;
};

template <class Results>
std::vector<CurveGroup<Results>> curve_groups(Results& r) {
  return {{"ib/curve", &r.ib_curve, &IBSizes::n_curve_points, "the task's IB curve"},
          {"ib/sample_curve", &r.ib_sample_curve, &IBSizes::n_sample_curve_points,
           "the IB curve of network 0's training sample (its patterns, the rule's p(y|x))"}};
}

template <class Results>
auto double_fields(Results& r, const IBSizes& ib) {
  using Vec = std::conditional_t<std::is_const_v<Results>, const std::vector<double>,
                                 std::vector<double>>;
  const auto nn = static_cast<hsize_t>(r.n_networks);
  const auto ne = static_cast<hsize_t>(r.n_epochs);
  const auto nl = static_cast<hsize_t>(r.n_layers());
  const auto nr = static_cast<hsize_t>(r.n_recorded());
  std::vector<DoubleField<Vec>> f;

  auto& m = r.metrics;
  f.push_back({"metrics/train_loss", {nn, nr}, &m.train_loss, "nats",
               "mean cross-entropy on the training set at each recorded epoch", false});
  f.push_back({"metrics/train_accuracy", {nn, nr}, &m.train_accuracy, "fraction",
               "accuracy on the training set at each recorded epoch, in [0, 1]", false});
  f.push_back({"metrics/test_loss", {nn, nr}, &m.test_loss, "nats",
               "mean cross-entropy on the test set at each recorded epoch", false});
  f.push_back({"metrics/test_accuracy", {nn, nr}, &m.test_accuracy, "fraction",
               "accuracy on the test set at each recorded epoch, in [0, 1]", false});
  f.push_back({"metrics/in_weight_cosine", {nn, nr, nl}, &m.in_weight_cosine, "1",
               "mean |cosine| between the in-weight vectors of the layer's neurons (Section 3.5)", false});

  auto& g = r.gradients;
  f.push_back({"gradients/mean_norm", {nn, ne, nl}, &g.mean_norm, "nats/weight",
               "||mean over mini-batches of the weight gradient||_2, epochs 1..n_epochs", false});
  f.push_back({"gradients/std_norm", {nn, ne, nl}, &g.std_norm, "nats/weight",
               "||element-wise std over mini-batches of the weight gradient||_2", false});
  f.push_back({"gradients/weight_norm", {nn, ne, nl}, &g.weight_norm, "1",
               "Frobenius norm of the layer's weights at the end of the epoch", false});

  for (auto& s : r.info) {
    const std::string base = "info/" + s.estimator + "/";
    f.push_back({base + "i_xt", {nn, nr, nl}, &s.i_xt, "bits",
                 "I(X;T) of each network's layer at each recorded epoch", true});
    f.push_back({base + "i_ty", {nn, nr, nl}, &s.i_ty, "bits",
                 "I(T;Y) of each network's layer at each recorded epoch", true});
  }

  for (const auto& g : curve_groups(r)) {
    if (!*g.curve) continue;
    auto& c = **g.curve;
    const hsize_t n = ib.*g.size;
    f.push_back({g.group + "/beta", {n}, &c.beta, "1",
                 "IB trade-off parameter beta of each point (dimensionless)", true});
    f.push_back({g.group + "/i_xt", {n}, &c.i_xt, "bits", "I(X;T) of the optimal IB encoder at beta", true});
    f.push_back({g.group + "/i_ty", {n}, &c.i_ty, "bits", "I(T;Y) of the optimal IB encoder at beta", true});
  }
  if (r.layer_beta) {
    auto& b = *r.layer_beta;
    f.push_back({"ib/layer_beta/beta_star", {nn, ib.n_beta_epochs, nl}, &b.beta_star, "1",
                 "beta* of each network's layer at the epochs in ib/layer_beta/epochs", true});
    f.push_back({"ib/layer_beta/kl_at_beta", {nn, ib.n_beta_epochs, nl}, &b.kl_at_beta, "bits",
                 "the KL divergence minimised at beta* (paper, Eq. 12)", true});
  }
  return f;
}

}  // namespace infoplane::detail
