#pragma once
// Exact comparison of two runs' measurements (every array of a RunResults but the metadata):
// a results file read back, or a resumed run against an uninterrupted one.
#include <gtest/gtest.h>

#include "infoplane/results/run_results.hpp"

namespace infoplane::testing {

inline void expect_same_measurements(const RunResults& a, const RunResults& b) {
  EXPECT_EQ(a.n_networks, b.n_networks);
  EXPECT_EQ(a.n_epochs, b.n_epochs);
  EXPECT_EQ(a.layer_widths, b.layer_widths);
  EXPECT_EQ(a.recorded_epochs, b.recorded_epochs);
  // Exact (bitwise-equal doubles): HDF5 stores IEEE float64 unchanged.
  EXPECT_EQ(a.metrics.train_loss, b.metrics.train_loss);
  EXPECT_EQ(a.metrics.train_accuracy, b.metrics.train_accuracy);
  EXPECT_EQ(a.metrics.test_loss, b.metrics.test_loss);
  EXPECT_EQ(a.metrics.test_accuracy, b.metrics.test_accuracy);
  EXPECT_EQ(a.metrics.in_weight_cosine, b.metrics.in_weight_cosine);
  EXPECT_EQ(a.gradients.mean_norm, b.gradients.mean_norm);
  EXPECT_EQ(a.gradients.std_norm, b.gradients.std_norm);
  EXPECT_EQ(a.gradients.weight_norm, b.gradients.weight_norm);
  ASSERT_EQ(a.info.size(), b.info.size());
  for (std::size_t k = 0; k < a.info.size(); ++k) {
    EXPECT_EQ(a.info[k].estimator, b.info[k].estimator);
    EXPECT_EQ(a.info[k].i_xt, b.info[k].i_xt);
    EXPECT_EQ(a.info[k].i_ty, b.info[k].i_ty);
  }
  using Curve = std::optional<IBCurveSeries> RunResults::*;
  for (const Curve curve : {&RunResults::ib_curve, &RunResults::ib_sample_curve}) {
    const auto& ca = a.*curve;
    const auto& cb = b.*curve;
    ASSERT_EQ(ca.has_value(), cb.has_value());
    if (!ca) continue;
    EXPECT_EQ(ca->beta, cb->beta);
    EXPECT_EQ(ca->i_xt, cb->i_xt);
    EXPECT_EQ(ca->i_ty, cb->i_ty);
    EXPECT_EQ(ca->n_clusters, cb->n_clusters);
  }
  ASSERT_EQ(a.layer_beta.has_value(), b.layer_beta.has_value());
  if (a.layer_beta) {
    EXPECT_EQ(a.layer_beta->epochs, b.layer_beta->epochs);
    EXPECT_EQ(a.layer_beta->beta_star, b.layer_beta->beta_star);
    EXPECT_EQ(a.layer_beta->kl_at_beta, b.layer_beta->kl_at_beta);
  }
}

}  // namespace infoplane::testing
