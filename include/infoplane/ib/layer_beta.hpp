#pragma once
// Where a trained layer sits against the IB equations (the paper's Eq. 12).
//
// A layer at a recorded epoch maps each pattern x to a symbol t(x) (its binned activation
// vector, compact ids). That encoder p(t|x) = [t = t(x)] defines p(t) and the decoder
// p(y|t) = sum_{x: t(x)=t} p(x) p(y|x) / p(t). From these, the IB encoder at beta is
//   p_beta(t|x) = p(t) exp(-beta KL[p(y|x) || p(y|t)]) / Z(x, beta),
// and the layer's beta* minimises the p(x)-weighted mean of KL[p(t|x) || p_beta(t|x)], which
// for a one-hot encoder is -log p_beta(t(x)|x). That mean is a convex function of beta (a
// log-sum-exp of affine functions plus a linear term), so its minimiser is unique; we find it
// by a grid scan over log beta and golden-section search in the bracket around the best node.
#include <span>
#include <vector>

#include "infoplane/core/matrix.hpp"
#include "infoplane/ib/ib_curve.hpp"

namespace infoplane {

struct LayerBetaOptions {
  double beta_min = 1e-3;           // search range of beta (> 0)
  double beta_max = 1e6;
  int grid_points = 61;             // coarse scan, log-spaced, >= 3
  double log_beta_tolerance = 1e-8; // golden section stops when the bracket in ln(beta) is this narrow
};

struct LayerBeta {
  double beta_star = 0.0;      // argmin over [beta_min, beta_max]
  double kl_bits = 0.0;        // mean_x p(x) KL[p(t|x) || p_beta*(t|x)], bits
  bool at_lower_bound = false; // beta_star is beta_min: the minimum may lie below the range
  bool at_upper_bound = false; // beta_star is beta_max: the KL still falls with beta
  double i_xt = 0.0;           // the layer's I(X;T), bits
  double i_ty = 0.0;           // the layer's I(T;Y), bits
  int n_symbols = 0;           // |T| of the layer
};

// Throws infoplane::Error naming the option.
void validate_layer_beta_options(const LayerBetaOptions& options);

// Mean KL[p(t|x) || p_beta(t|x)] in bits for a (soft) encoder, p_beta built from the encoder's
// own p(t) and p(y|t). encoder: shape = [n_x, n_t], rows sum to 1.
double encoder_kl_at_beta(std::span<const double> p_x, const Matrix<double>& p_y_given_x,
                          const Matrix<double>& encoder, double beta);

// The one-hot encoder of a layer: t_of_x has one compact id (0..n_t-1) per x.
// Throws infoplane::Error if sizes differ or an id is negative.
Matrix<double> one_hot_encoder(std::span<const int> t_of_x);

// beta*, the KL at beta*, and the layer's information coordinates. Inputs are validated
// (infoplane::Error naming what is wrong).
LayerBeta layer_beta(std::span<const double> p_x, const Matrix<double>& p_y_given_x,
                     std::span<const int> t_of_x, const LayerBetaOptions& options = {});

// The same for a soft encoder p(t|x) (e.g. an IB solution), shape = [n_x, n_t].
LayerBeta encoder_beta(std::span<const double> p_x, const Matrix<double>& p_y_given_x,
                       const Matrix<double>& encoder, const LayerBetaOptions& options = {});

// Vertical distance to the curve: the curve's I(T;Y) at the layer's I(X;T) minus the layer's
// I(T;Y), bits. >= 0 up to the curve's tolerance for any achievable (I(X;T), I(T;Y)).
double ib_curve_gap(const IBCurve& curve, double i_xt, double i_ty);

}  // namespace infoplane
