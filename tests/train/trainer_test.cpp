// The ensemble trainer: learning, reproducibility across thread counts, resume, gradient
// statistics against an independent computation, divergence handling.
#include "infoplane/train/trainer.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <atomic>
#include <set>

#include "infoplane/core/error.hpp"
#include "infoplane/nn/reference_network.hpp"
#include "train/toy_task.hpp"

namespace infoplane {
namespace {

// Keeps everything each network reports (per-network slots: no locking needed).
class Recorder : public TrainingObserver {
 public:
  explicit Recorder(int n) : nets_(static_cast<std::size_t>(n)) {}
  struct Net {
    std::vector<int> recorded;
    std::vector<std::vector<Matrix<float>>> activations;
    std::vector<EpochMetrics> metrics;
    std::vector<int> grad_epochs;
    std::vector<LayerGradientStats> grads;
  };
  void on_recorded_epoch(int network, int epoch, const std::vector<Matrix<float>>& activations,
                         const EpochMetrics& metrics) override {
    Net& n = nets_[network];
    n.recorded.push_back(epoch);
    n.activations.push_back(activations);
    n.metrics.push_back(metrics);
    for (const auto& m : activations) {
      for (float v : m.values()) {
        if (!std::isfinite(v)) saw_nonfinite_ = true;
      }
    }
    if (!std::isfinite(metrics.train_loss) || !std::isfinite(metrics.test_loss)) saw_nonfinite_ = true;
  }
  void on_gradient_stats(int network, int epoch, const std::vector<LayerGradientStats>& stats) override {
    Net& n = nets_[network];
    n.grad_epochs.push_back(epoch);
    n.grads.insert(n.grads.end(), stats.begin(), stats.end());
    for (const auto& s : stats) {
      if (!std::isfinite(s.mean_norm) || !std::isfinite(s.std_norm) || !std::isfinite(s.weight_norm)) saw_nonfinite_ = true;
    }
  }
  std::vector<Net> nets_;
  std::atomic<bool> saw_nonfinite_{false};
};

TrainerOptions toy_options(const Task& task, OptimizerKind kind, double lr, int batch, int epochs) {
  TrainConfig c;
  c.network.hidden_widths = {8, 5, 3};
  c.optimizer.kind = kind;
  c.optimizer.learning_rate = lr;
  c.optimizer.batch_size = batch;
  c.training.epochs = epochs;
  c.training.seed = 42;
  c.training.record.mode = RecordMode::kEvery;
  return make_trainer_options(c, task);
}

std::vector<Split> toy_splits(const Task& task, int n, double fraction = 0.75) {
  std::vector<Split> s;
  for (int i = 0; i < n; ++i) s.push_back(testing::toy_split(task, fraction, sample_seed(42, i)));
  return s;
}

TEST(Trainer, WideLayersGiveBitIdenticalResultsOnOneAndTwoThreads) {
  // Hidden widths 40 and 16: every layer takes the GEMM path (fast_network.hpp).
  const Task task = testing::toy_task();
  TrainerOptions o = toy_options(task, OptimizerKind::kAdam, 0.01, 10, 6);
  o.spec = make_network_spec(6, {40, 16}, Activation::kTanh, OutputKind::kSoftmax, 2);
  const auto splits = toy_splits(task, 4);
  Recorder r1(4), r2(4);
  o.threads = 1;
  const auto s1 = train_ensemble(task, splits, o, {&r1});
  o.threads = 2;
  const auto s2 = train_ensemble(task, splits, o, {&r2});
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(s1[i].params, s2[i].params);
    EXPECT_NE(s1[i].params, initial_state(o, i, splits[i].train.pattern.size()).params);  // it trained
    ASSERT_EQ(r1.nets_[i].activations.size(), r2.nets_[i].activations.size());
    for (std::size_t k = 0; k < r1.nets_[i].activations.size(); ++k) {
      EXPECT_TRUE(r1.nets_[i].activations[k] == r2.nets_[i].activations[k]);
    }
  }
}

TEST(Trainer, LossDecreasesOnALearnableTask) {
  const Task task = testing::toy_task();
  for (OptimizerKind kind : {OptimizerKind::kAdam, OptimizerKind::kSgd, OptimizerKind::kGd}) {
    const double lr = kind == OptimizerKind::kAdam ? 0.01 : 0.5;
    TrainerOptions o = toy_options(task, kind, lr, 8, 300);
    o.record_epochs = {0, 300};
    Recorder rec(1);
    train_ensemble(task, toy_splits(task, 1), o, {&rec});
    const auto& m = rec.nets_[0].metrics;
    ASSERT_EQ(m.size(), 2u);
    EXPECT_LT(m[1].train_loss, 0.3 * m[0].train_loss) << to_string(kind);
    EXPECT_GE(m[1].train_accuracy, 0.95) << to_string(kind);
    EXPECT_EQ(rec.nets_[0].grad_epochs.size(), 300u);
  }
}

TEST(Trainer, OneAndTwoThreadsGiveBitIdenticalResults) {
  const Task task = testing::toy_task();
  TrainerOptions o = toy_options(task, OptimizerKind::kAdam, 0.01, 10, 25);
  const auto splits = toy_splits(task, 5);
  Recorder r1(5), r2(5);
  o.threads = 1;
  const auto s1 = train_ensemble(task, splits, o, {&r1});
  o.threads = 2;
  const auto s2 = train_ensemble(task, splits, o, {&r2});
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(s1[i].params, s2[i].params);
    const auto &a = r1.nets_[i], &b = r2.nets_[i];
    EXPECT_EQ(a.recorded, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25}));
    EXPECT_EQ(a.recorded, b.recorded);
    ASSERT_EQ(a.activations.size(), b.activations.size());
    for (std::size_t k = 0; k < a.activations.size(); ++k) EXPECT_TRUE(a.activations[k] == b.activations[k]);
    for (std::size_t k = 0; k < a.metrics.size(); ++k) {
      EXPECT_EQ(a.metrics[k].train_loss, b.metrics[k].train_loss);
      EXPECT_EQ(a.metrics[k].test_accuracy, b.metrics[k].test_accuracy);
    }
    ASSERT_EQ(a.grads.size(), b.grads.size());
    for (std::size_t k = 0; k < a.grads.size(); ++k) {
      EXPECT_EQ(a.grads[k].mean_norm, b.grads[k].mean_norm);
      EXPECT_EQ(a.grads[k].std_norm, b.grads[k].std_norm);
    }
  }
  // Different networks differ (their own seeds and samples).
  EXPECT_NE(s1[0].params, s1[1].params);
  // Activation shapes: [n_patterns, width] for hidden layers and the output.
  ASSERT_EQ(r1.nets_[0].activations[0].size(), 4u);
  EXPECT_EQ(r1.nets_[0].activations[0][0].rows(), 64u);
  EXPECT_EQ(r1.nets_[0].activations[0][3].cols(), 2u);
}

// Noisy and quantized networks: the noise draws come from per-(network, epoch, batch, sample)
// streams, so 1 and 2 threads give the same bits; the perturbation changes the training, and a
// quantized network's recorded hidden layers take at most 2^bits values per unit.
TEST(Trainer, NoisyQuantizedTrainingIsTheSameOnOneAndTwoThreads) {
  const Task task = testing::toy_task();
  TrainerOptions o = toy_options(task, OptimizerKind::kAdam, 0.01, 10, 15);
  o.perturbation = {0.01, 3, -1.0, 1.0};
  const auto splits = toy_splits(task, 4);
  Recorder r1(4), r2(4), plain(4);
  o.threads = 1;
  const auto s1 = train_ensemble(task, splits, o, {&r1});
  o.threads = 2;
  const auto s2 = train_ensemble(task, splits, o, {&r2});
  TrainerOptions off = o;
  off.perturbation = {};
  const auto s3 = train_ensemble(task, splits, off, {&plain});
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(s1[i].params, s2[i].params);
    EXPECT_NE(s1[i].params, s3[i].params);
    const auto &a = r1.nets_[i], &b = r2.nets_[i];
    ASSERT_EQ(a.activations.size(), b.activations.size());
    for (std::size_t k = 0; k < a.activations.size(); ++k) EXPECT_TRUE(a.activations[k] == b.activations[k]);
    for (std::size_t l = 0; l + 1 < a.activations.back().size(); ++l) {
      const Matrix<float>& m = a.activations.back()[l];
      for (std::size_t j = 0; j < m.cols(); ++j) {
        std::set<float> values;
        for (std::size_t p = 0; p < m.rows(); ++p) values.insert(m(p, j));
        EXPECT_LE(values.size(), 8u);
      }
    }
  }
}

TEST(Trainer, QuantizeRangeDefaultsFromTheActivation) {
  const Task task = testing::toy_task();
  TrainConfig c;
  c.network.hidden_widths = {4};
  c.network.quantize_bits = 8;
  c.network.activation = Activation::kRelu;
  TrainerOptions o = make_trainer_options(c, task);
  EXPECT_EQ(o.perturbation.quantize_lo, 0.0);
  EXPECT_EQ(o.perturbation.quantize_hi, 4.0);
  c.network.quantize_range = {-0.5, 2.0};
  o = make_trainer_options(c, task);
  EXPECT_EQ(o.perturbation.quantize_lo, -0.5);
  EXPECT_EQ(o.perturbation.quantize_hi, 2.0);
  EXPECT_EQ(o.perturbation.quantize_bits, 8);
}

TEST(Trainer, ResumingFromAStateMatchesAStraightRun) {
  const Task task = testing::toy_task();
  const TrainerOptions o = toy_options(task, OptimizerKind::kAdam, 0.01, 10, 12);
  const Split split = toy_splits(task, 1)[0];
  NetworkState straight = initial_state(o, 0, split.train.pattern.size());
  train_network(task, split, o, straight, 12, {});
  NetworkState resumed = initial_state(o, 0, split.train.pattern.size());
  train_network(task, split, o, resumed, 5, {});
  NetworkState copy = resumed;  // a plain value: what a checkpoint holds
  train_network(task, split, o, copy, 12, {});
  EXPECT_EQ(copy.epoch, 12);
  EXPECT_EQ(copy.params, straight.params);
  EXPECT_EQ(copy.adam_v, straight.adam_v);
}

TEST(Trainer, FullBatchGradientStatisticsMatchTheReferenceGradient) {
  // gd: one batch per epoch, so std_norm = 0 and mean_norm = ||dL/dW|| of the whole sample at
  // the epoch's starting weights (the initial weights for epoch 1), from the double reference.
  const Task task = testing::toy_task();
  const TrainerOptions o = toy_options(task, OptimizerKind::kGd, 0.1, 1, 1);
  const Split split = toy_splits(task, 1)[0];
  Recorder rec(1);
  train_ensemble(task, {split}, o, {&rec});
  const NetworkState init = initial_state(o, 0, split.train.pattern.size());
  std::vector<double> p(init.params.begin(), init.params.end()), g(p.size());
  reference::loss_and_gradient<double>(o.spec, p, task.inputs, split.train.pattern, split.train.label, g);
  ASSERT_EQ(rec.nets_[0].grads.size(), static_cast<std::size_t>(o.spec.n_weight_layers()));
  for (int l = 0; l < o.spec.n_weight_layers(); ++l) {
    double norm2 = 0;
    for (std::size_t k = 0; k < o.spec.n_weights(l); ++k) norm2 += g[o.spec.weight_offset(l) + k] * g[o.spec.weight_offset(l) + k];
    EXPECT_NEAR(rec.nets_[0].grads[l].mean_norm, std::sqrt(norm2), 1e-5 * std::sqrt(norm2) + 1e-7) << "layer " << l;
    EXPECT_EQ(rec.nets_[0].grads[l].std_norm, 0.0);
  }
}

TEST(Trainer, BatchGradientStatisticsSplitMeanAndSpread) {
  // Two equal batches with (in float) frozen weights: the mean of the two batch gradients is the
  // full-sample gradient, and the spread across batches is non-zero.
  const Task task = testing::toy_task();
  const TrainerOptions o = toy_options(task, OptimizerKind::kSgd, 1e-30, 24, 1);
  const Split split = toy_splits(task, 1)[0];  // 48 training patterns -> 2 batches of 24
  ASSERT_EQ(split.train.pattern.size(), 48u);
  Recorder rec(1);
  train_ensemble(task, {split}, o, {&rec});
  const NetworkState init = initial_state(o, 0, 48);
  std::vector<double> p(init.params.begin(), init.params.end()), g(p.size());
  reference::loss_and_gradient<double>(o.spec, p, task.inputs, split.train.pattern, split.train.label, g);
  for (int l = 0; l < o.spec.n_weight_layers(); ++l) {
    double norm2 = 0;
    for (std::size_t k = 0; k < o.spec.n_weights(l); ++k) norm2 += g[o.spec.weight_offset(l) + k] * g[o.spec.weight_offset(l) + k];
    EXPECT_NEAR(rec.nets_[0].grads[l].mean_norm, std::sqrt(norm2), 1e-5 * std::sqrt(norm2) + 1e-7);
    EXPECT_GT(rec.nets_[0].grads[l].std_norm, 0.0);
    double w2 = 0;
    for (std::size_t k = 0; k < o.spec.n_weights(l); ++k) w2 += p[o.spec.weight_offset(l) + k] * p[o.spec.weight_offset(l) + k];
    EXPECT_NEAR(rec.nets_[0].grads[l].weight_norm, std::sqrt(w2), 1e-6);
  }
}

TEST(Trainer, DivergenceIsAnErrorNamingNetworkAndEpochAndNoNanReachesObservers) {
  const Task task = testing::toy_task();
  TrainConfig c;
  c.network.hidden_widths = {8, 5};
  c.network.activation = Activation::kLinear;
  c.optimizer.kind = OptimizerKind::kSgd;
  c.optimizer.learning_rate = 1e6;
  c.optimizer.batch_size = 8;
  c.training.epochs = 50;
  c.training.threads = 2;
  c.training.record.mode = RecordMode::kEvery;
  const TrainerOptions o = make_trainer_options(c, task);
  Recorder rec(3);
  try {
    train_ensemble(task, toy_splits(task, 3), o, {&rec});
    FAIL() << "expected divergence";
  } catch (const Error& e) {
    const std::string msg = e.what();
    // Which network diverges first is a race between the threads (the first to fail stops the
    // others), so any of the three may be named; the message must name one and its epoch.
    bool named = false;
    for (int i = 0; i < 3; ++i) named = named || msg.find("network " + std::to_string(i) + " diverged at epoch ") != std::string::npos;
    EXPECT_TRUE(named) << msg;
  }
  EXPECT_FALSE(rec.saw_nonfinite_);
}

}  // namespace
}  // namespace infoplane
