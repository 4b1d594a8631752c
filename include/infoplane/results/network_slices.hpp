#pragma once
// One network's share of a RunResults: every per-network array has the network as its outermost
// index (series_index.hpp), so network n's values are one contiguous slice of each. A distributed
// run gathers its ranks' networks with these, and a resume merges the networks of several
// checkpoint files; both rely on every per-network array being listed in one place, here.
#include <cstddef>
#include <string>
#include <vector>

#include "infoplane/results/run_results.hpp"

namespace infoplane {

// Calls fn(array) for every per-network array of `results` (metrics, gradient statistics, every
// estimator's information plane, beta*), always in the same order. R is RunResults or const
// RunResults.
template <class R, class Fn>
void for_each_network_array(R& results, Fn&& fn) {
  fn(results.metrics.train_loss);
  fn(results.metrics.train_accuracy);
  fn(results.metrics.test_loss);
  fn(results.metrics.test_accuracy);
  fn(results.metrics.in_weight_cosine);
  fn(results.gradients.mean_norm);
  fn(results.gradients.std_norm);
  fn(results.gradients.weight_norm);
  for (auto& series : results.info) {
    fn(series.i_xt);
    fn(series.i_ty);
  }
  if (results.layer_beta) {
    fn(results.layer_beta->beta_star);
    fn(results.layer_beta->kl_at_beta);
  }
}

// Appends network `network`'s slice of every per-network array to `out`.
inline void append_network_slices(const RunResults& results, int network, std::vector<double>& out) {
  const auto n = static_cast<std::size_t>(results.n_networks);
  for_each_network_array(results, [&](const std::vector<double>& a) {
    const std::size_t per = a.size() / n;
    const auto begin = a.begin() + static_cast<std::ptrdiff_t>(per * static_cast<std::size_t>(network));
    out.insert(out.end(), begin, begin + static_cast<std::ptrdiff_t>(per));
  });
}

// Reads back, from values[at...], what append_network_slices wrote for `network` of a
// RunResults of the same shapes, into `results`. Returns the position after it, or
// std::string::npos when `values` holds fewer values than the slices need (a message from a
// rank of another configuration).
inline std::size_t read_network_slices(RunResults& results, int network,
                                       const std::vector<double>& values, std::size_t at) {
  const auto n = static_cast<std::size_t>(results.n_networks);
  bool short_input = false;
  for_each_network_array(results, [&](std::vector<double>& a) {
    const std::size_t per = a.size() / n;
    if (short_input || values.size() - at < per) {
      short_input = true;
      return;
    }
    std::copy(values.begin() + static_cast<std::ptrdiff_t>(at),
              values.begin() + static_cast<std::ptrdiff_t>(at + per),
              a.begin() + static_cast<std::ptrdiff_t>(per * static_cast<std::size_t>(network)));
    at += per;
  });
  return short_input ? std::string::npos : at;
}

// Copies network `network`'s slices from `from` into `to` (same shapes).
inline void copy_network_slices(const RunResults& from, RunResults& to, int network) {
  std::vector<double> slice;
  append_network_slices(from, network, slice);
  read_network_slices(to, network, slice, 0);
}

}  // namespace infoplane
