// Results recorder, progress reporter and .npy writer.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "infoplane/observe/activation_saver.hpp"
#include "infoplane/observe/progress.hpp"
#include "infoplane/observe/results_recorder.hpp"
#include "infoplane/train/trainer.hpp"
#include "train/toy_task.hpp"

namespace infoplane {
namespace {

TEST(ResultsRecorder, FillsShapesAndSlotsFromATrainingRun) {
  const Task task = testing::toy_task();
  TrainConfig c;
  c.network.hidden_widths = {4, 3};
  c.training.epochs = 7;
  c.training.record.mode = RecordMode::kList;
  c.training.record.epochs = {0, 3, 7};
  c.optimizer.batch_size = 16;
  const TrainerOptions o = make_trainer_options(c, task);
  RunResults r;
  ResultsRecorder rec(r, 2, 7, o.record_epochs, {4, 3, 2});
  std::vector<Split> splits = {testing::toy_split(task, 0.75, 1), testing::toy_split(task, 0.75, 2)};
  train_ensemble(task, splits, o, {&rec});
  EXPECT_EQ(r.n_networks, 2);
  EXPECT_EQ(r.n_recorded(), 3);
  EXPECT_EQ(r.metrics.train_loss.size(), 6u);
  EXPECT_EQ(r.gradients.mean_norm.size(), 2u * 7u * 3u);
  for (double v : r.metrics.train_loss) EXPECT_GT(v, 0.0);  // every slot written
  for (double v : r.gradients.weight_norm) EXPECT_GT(v, 0.0);
  // Untrained softmax networks with small weights: loss near ln 2.
  EXPECT_NEAR(r.metrics.train_loss[0], std::log(2.0), 0.3);
  const EpochMetrics mean = ensemble_mean_final_metrics(r);
  EXPECT_NEAR(mean.train_loss, 0.5 * (r.metrics.train_loss[2] + r.metrics.train_loss[5]), 1e-12);
}

TEST(Progress, PlainLinesWhenNotATerminal) {
  std::FILE* f = std::tmpfile();
  ProgressReporter p(f, false, 128, 0.0);
  for (int k = 0; k < 128; ++k) p.on_gradient_stats(0, k + 1, {});
  p.finish();
  std::rewind(f);
  std::string text(4096, '\0');
  text.resize(std::fread(text.data(), 1, text.size(), f));
  std::fclose(f);
  EXPECT_NE(text.find("progress: 128/128 network-epochs (100.0%)"), std::string::npos) << text;
  EXPECT_EQ(text.find('\r'), std::string::npos);
  EXPECT_EQ(p.done(), 128);
}

}  // namespace
}  // namespace infoplane
