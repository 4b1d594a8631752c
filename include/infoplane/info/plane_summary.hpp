#pragma once
// Summaries over an information plane: the data processing inequality along the layers of one
// network at one epoch, and ensemble means with standard errors. Values in bits.
#include <span>
#include <vector>

#include "infoplane/info/estimator.hpp"

namespace infoplane {

// Layers l (0-based, l >= 1) where information grew from layer l-1 to layer l by more than
// tol bits: I(X;T_l) > I(X;T_{l-1}) + tol, and the same for I(T;Y). For deterministic layers
// the true values cannot grow (T_l is a function of T_{l-1}); a violation says the estimator is
// off, and is reported, not hidden. NaN values are never counted as violations.
struct DpiReport {
  std::vector<int> xt_violations;  // layer indices l
  std::vector<int> ty_violations;
  int count() const { return static_cast<int>(xt_violations.size() + ty_violations.size()); }
};
DpiReport check_dpi(std::span<const InfoEstimate> layers, double tol_bits = 1e-9);
DpiReport check_dpi(std::span<const double> i_xt, std::span<const double> i_ty,
                    double tol_bits = 1e-9);

struct MeanSe {
  double mean = 0.0;
  double se = 0.0;  // sample standard deviation / sqrt(n); 0 when n == 1
  int n = 0;
};
// Throws infoplane::Error on an empty input.
MeanSe mean_and_se(std::span<const double> values);

// Ensemble mean and standard error over networks of an array with
// shape = [n_networks, n_points] (row-major); returns shape = [n_points].
std::vector<MeanSe> ensemble_mean_se(std::span<const double> values, int n_networks);

}  // namespace infoplane
