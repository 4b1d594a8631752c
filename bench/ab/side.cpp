// One side of bench/ab/ab.sh: compiled once per source tree with -Dinfoplane=infoplane_<side>
// and -DSIDE_FN=run_<side>, so that two versions of the library link into one program.
#include <chrono>
#include <vector>

#include "bench_support.hpp"
#include "infoplane/train/trainer.hpp"

namespace {

// The headline network (reference-code preset) on the 12-bit benchmark task, one network whose
// training continues from call to call.
struct Workload {
  infoplane::Task task = infoplane::bench::twelve_bit_task();
  infoplane::Split split = infoplane::bench::bench_split(task, 1);
  infoplane::TrainerOptions options;
  infoplane::NetworkState state;
  Workload() {
    infoplane::TrainConfig c;
    c.training.epochs = 100000000;
    c.training.record.mode = infoplane::RecordMode::kList;
    c.training.record.epochs = {c.training.epochs};
    options = infoplane::make_trainer_options(c, task);
    options.record_epochs.clear();
    state = infoplane::initial_state(options, 0, split.train.pattern.size());
  }
};

}  // namespace

// Trains `epochs` more epochs; returns microseconds per epoch. With params != nullptr, copies
// the network's parameters there instead (epochs is ignored).
double SIDE_FN(int epochs, std::vector<float>* params) {
  static Workload w;
  if (params != nullptr) {
    params->assign(w.state.params.begin(), w.state.params.end());
    return 0.0;
  }
  const auto t0 = std::chrono::steady_clock::now();
  infoplane::train_network(w.task, w.split, w.options, w.state, w.state.epoch + epochs, {});
  const auto t1 = std::chrono::steady_clock::now();
  return std::chrono::duration<double, std::micro>(t1 - t0).count() / epochs;
}
