#include "infoplane/run/unit_assignment.hpp"

#include <algorithm>
#include <numeric>

#include "infoplane/core/error.hpp"

namespace infoplane {

std::vector<int> assign_units(const std::vector<WorkUnit>& units, int ranks) {
  INFOPLANE_ASSERT(ranks >= 1);
  std::vector<std::size_t> order(units.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return units[a].cost > units[b].cost; });
  std::vector<double> load(static_cast<std::size_t>(ranks), 0.0);
  std::vector<int> owner(units.size(), 0);
  for (std::size_t u : order) {
    const auto least = std::min_element(load.begin(), load.end());  // first of equals: lower rank
    *least += units[u].cost;
    owner[u] = static_cast<int>(least - load.begin());
  }
  return owner;
}

double network_cost(const std::vector<int>& widths, int epochs, int n_recorded, std::size_t n_train,
                    std::size_t n_patterns, const std::vector<std::string>& estimators) {
  double weights = 0, units = 0;
  for (std::size_t l = 1; l < widths.size(); ++l) {
    weights += static_cast<double>(widths[l - 1] + 1) * widths[l];
    units += widths[l];
  }
  const double patterns = static_cast<double>(n_patterns);
  double per_record = 2 * weights * patterns;  // forward pass of every pattern
  for (const auto& e : estimators) {
    const bool pairwise = e == "kde" || e == "ksg" || e == "noisy";
    per_record += units * patterns * (pairwise ? patterns : 8.0);
  }
  return 6 * weights * static_cast<double>(n_train) * epochs + per_record * n_recorded;
}

std::vector<int> networks_of_rank(const std::vector<WorkUnit>& units, const std::vector<int>& owner,
                                  int setting, int rank) {
  std::vector<int> networks;
  for (std::size_t u = 0; u < units.size(); ++u)
    if (units[u].setting == setting && owner[u] == rank) networks.push_back(units[u].network);
  std::sort(networks.begin(), networks.end());
  return networks;
}

}  // namespace infoplane
