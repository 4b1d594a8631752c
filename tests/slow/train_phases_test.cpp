// Slow (label "slow"): a shortened headline run on the spherical task, checking the paper's
// qualitative training picture: the ensemble learns the rule, and the per-layer gradient
// signal-to-noise ratio (mean_norm / std_norm) falls from the early "drift" epochs to the late
// "diffusion" epochs.
#include <gtest/gtest.h>

#include <cmath>

#include "infoplane/task/make_task.hpp"
#include "infoplane/observe/results_recorder.hpp"
#include "infoplane/run/setting_pipeline.hpp"

namespace infoplane {
namespace {

TEST(TrainPhases, SphericalEnsembleLearnsAndGradientSnrFalls) {
  RunConfig c;  // reference-code preset
  c.train.training.networks = 8;
  c.train.training.epochs = 3000;
  c.train.training.threads = 2;
  c.ib.curve = false;
  c.ib.beta_star_last = false;
  const Task task = make_task("spherical");
  SettingPipeline pipeline(c, task, "");
  ASSERT_TRUE(pipeline.train({}));
  const RunResults r = pipeline.finish();
  const EpochMetrics final_metrics = ensemble_mean_final_metrics(r);
  EXPECT_GT(final_metrics.train_accuracy, 0.97);
  EXPECT_GT(final_metrics.test_accuracy, 0.90);
  EXPECT_LT(final_metrics.train_loss, r.metrics.train_loss[0]);

  // Mean SNR over networks and layers in epochs [from, to] (1-based epochs).
  const int n_layers = r.n_layers();
  auto mean_snr = [&](int from, int to) {
    double sum = 0;
    int n = 0;
    for (int i = 0; i < r.n_networks; ++i) {
      for (int e = from; e <= to; ++e) {
        for (int l = 0; l < n_layers; ++l) {
          const std::size_t k = (static_cast<std::size_t>(i) * r.n_epochs + (e - 1)) * n_layers + l;
          sum += r.gradients.mean_norm[k] / r.gradients.std_norm[k];
          ++n;
        }
      }
    }
    return sum / n;
  };
  const double early = mean_snr(1, 30);
  const double late = mean_snr(2500, 3000);
  std::printf("gradient SNR: epochs 1-30 %.3f, epochs 2500-3000 %.3f\n", early, late);
  EXPECT_GT(early, 2.0 * late);
}

}  // namespace
}  // namespace infoplane
