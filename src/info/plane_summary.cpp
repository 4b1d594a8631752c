// DPI check along the layers and ensemble mean / standard error.
#include "infoplane/info/plane_summary.hpp"

#include <cmath>

#include "infoplane/core/error.hpp"

namespace infoplane {

DpiReport check_dpi(std::span<const double> i_xt, std::span<const double> i_ty, double tol_bits) {
  INFOPLANE_ASSERT(i_xt.size() == i_ty.size());
  DpiReport r;
  for (std::size_t l = 1; l < i_xt.size(); ++l) {
    if (i_xt[l] > i_xt[l - 1] + tol_bits) r.xt_violations.push_back(static_cast<int>(l));
    if (i_ty[l] > i_ty[l - 1] + tol_bits) r.ty_violations.push_back(static_cast<int>(l));
  }
  return r;
}

DpiReport check_dpi(std::span<const InfoEstimate> layers, double tol_bits) {
  std::vector<double> xt, ty;
  for (const auto& e : layers) {
    xt.push_back(e.i_xt);
    ty.push_back(e.i_ty);
  }
  return check_dpi(xt, ty, tol_bits);
}

MeanSe mean_and_se(std::span<const double> values) {
  if (values.empty()) throw Error("mean_and_se: no values");
  MeanSe r;
  r.n = static_cast<int>(values.size());
  for (double v : values) r.mean += v;
  r.mean /= r.n;
  if (r.n > 1) {
    double ss = 0.0;
    for (double v : values) ss += (v - r.mean) * (v - r.mean);
    r.se = std::sqrt(ss / (r.n - 1)) / std::sqrt(static_cast<double>(r.n));
  }
  return r;
}

std::vector<MeanSe> ensemble_mean_se(std::span<const double> values, int n_networks) {
  if (n_networks < 1 || values.size() % static_cast<std::size_t>(n_networks) != 0) {
    throw Error("ensemble_mean_se: " + std::to_string(values.size()) +
                " values do not split into " + std::to_string(n_networks) + " networks");
  }
  const std::size_t points = values.size() / n_networks;
  std::vector<MeanSe> out(points);
  std::vector<double> column(n_networks);
  for (std::size_t p = 0; p < points; ++p) {
    for (int k = 0; k < n_networks; ++k) column[k] = values[k * points + p];
    out[p] = mean_and_se(column);
  }
  return out;
}

}  // namespace infoplane
