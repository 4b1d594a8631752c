#pragma once
// The flat layout of every per-network series of RunResults: shape = [n_networks, n_rows,
// n_layers], row-major, where a row is a recorded epoch (information plane, metrics), a training
// epoch (gradient statistics) or a beta* epoch. One helper, so the layout is written once.
#include <cstddef>

namespace infoplane {

// Index of (network, row, layer) in an array of shape [n_networks, n_rows, n_layers].
constexpr std::size_t series_index(int network, int row, int layer, int n_rows, int n_layers) {
  return (static_cast<std::size_t>(network) * static_cast<std::size_t>(n_rows) +
          static_cast<std::size_t>(row)) * static_cast<std::size_t>(n_layers) +
         static_cast<std::size_t>(layer);
}

}  // namespace infoplane
