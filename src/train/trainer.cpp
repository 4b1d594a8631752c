#include "infoplane/train/trainer.hpp"

#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <mutex>
#include <numeric>
#include <optional>
#include <thread>

#include "infoplane/core/error.hpp"
#include "infoplane/nn/fast_network.hpp"
#include "infoplane/nn/weight_geometry.hpp"
#include "infoplane/train/gradient_stats.hpp"

namespace infoplane {

std::uint64_t sample_seed(std::uint64_t ensemble_seed, int network) {
  return Rng::derive(ensemble_seed, {static_cast<std::uint64_t>(network), kStreamSample}).next_u64();
}

TrainerOptions make_trainer_options(const TrainConfig& config, const Task& task) {
  INFOPLANE_ASSERT(config.training.networks >= 1 && config.training.epochs >= 1);
  INFOPLANE_ASSERT(config.optimizer.learning_rate > 0.0 && config.optimizer.batch_size >= 1);
  TrainerOptions o;
  o.spec = make_network_spec(static_cast<int>(task.n_inputs()), config.network.hidden_widths,
                             config.network.activation, config.network.output,
                             static_cast<int>(task.n_labels()));
  o.init = config.network.init;
  o.optimizer = config.optimizer;
  o.epochs = config.training.epochs;
  o.seed = config.training.seed;
  o.threads = config.training.threads;
  o.record_epochs = recorded_epochs(config.training.record, config.training.epochs);
  o.perturbation.noise_var = config.network.noise_var;
  o.perturbation.quantize_bits = config.network.quantize_bits;
  const auto range = config.network.quantize_range.size() == 2
                         ? std::pair{config.network.quantize_range[0], config.network.quantize_range[1]}
                         : default_quantize_range(config.network.activation);
  o.perturbation.quantize_lo = range.first;
  o.perturbation.quantize_hi = range.second;
  return o;
}

std::vector<Split> draw_ensemble_splits(const Task& task, const TrainConfig& config) {
  std::vector<Split> splits;
  splits.reserve(static_cast<std::size_t>(config.training.networks));
  for (int i = 0; i < config.training.networks; ++i) {
    splits.push_back(draw_split(task, config.task.train_fraction, sample_seed(config.training.seed, i)));
  }
  return splits;
}

NetworkState initial_state(const TrainerOptions& options, int network, std::size_t n_train) {
  NetworkState s;
  s.network = network;
  Rng init_rng = Rng::derive(options.seed, {static_cast<std::uint64_t>(network), kStreamInit});
  s.params = init_params(options.spec, options.init, init_rng);
  if (options.optimizer.kind == OptimizerKind::kAdam) {
    s.adam_m.assign(s.params.size(), 0.0f);
    s.adam_v.assign(s.params.size(), 0.0f);
  }
  s.order.resize(n_train);
  std::iota(s.order.begin(), s.order.end(), 0);
  s.batch_rng = Rng::derive(options.seed, {static_cast<std::uint64_t>(network), kStreamBatches}).state();
  return s;
}

namespace {

// Flush-to-zero and denormals-are-zero (MXCSR bits 15 and 6) for this thread's mini-batch loop,
// restored on exit. Denormal floats (the tiny deltas behind saturated tanh units) run about 20x
// slower on x86: the depth experiment's 12-10 network took 150 s for 4 networks x 10,000
// epochs with them and 7.5 s without (bench/README.md). Deterministic, so results stay the same
// whatever the thread count; a run without denormals (the headline) is bit-identical, one with
// them differs only where a value fell below 1.2e-38. The recorded epochs' forward pass and the
// observers (beta* in double) run with the caller's settings.
class DenormalsFlushed {
 public:
  DenormalsFlushed() : saved_(_mm_getcsr()) { _mm_setcsr(saved_ | 0x8040u); }
  ~DenormalsFlushed() { _mm_setcsr(saved_); }
  DenormalsFlushed(const DenormalsFlushed&) = delete;
  DenormalsFlushed& operator=(const DenormalsFlushed&) = delete;

 private:
  unsigned saved_;
};

[[noreturn]] void diverged(int network, int epoch, const std::string& what) {
  throw Error("network " + std::to_string(network) + " diverged at epoch " + std::to_string(epoch) +
              ": " + what + " (try a smaller optimizer.learning_rate / --lr)");
}

bool all_finite(const float* v, std::size_t n) {
  for (std::size_t k = 0; k < n; ++k) {
    if (!std::isfinite(v[k])) return false;
  }
  return true;
}

// Mean cross-entropy (nats) and accuracy of a sample from the output logits of all patterns
// (shape = [n_patterns, n_outputs]); computed in double from the float logits.
void sample_metrics(const NetworkSpec& spec, const Matrix<float>& logits, const Sample& sample,
                    double& loss, double& accuracy) {
  loss = 0.0;
  accuracy = 0.0;
  if (sample.pattern.empty()) return;  // no test set (train_fraction = 1): reported as 0
  const std::size_t no = logits.cols();
  for (std::size_t s = 0; s < sample.pattern.size(); ++s) {
    const float* z = logits.data() + static_cast<std::size_t>(sample.pattern[s]) * no;
    const int label = sample.label[s];
    if (spec.output == OutputKind::kSoftmax) {
      double m = z[0];
      std::size_t best = 0;
      for (std::size_t j = 1; j < no; ++j) {
        if (z[j] > z[best]) best = j;
        m = std::max(m, static_cast<double>(z[j]));
      }
      double sum = 0.0;
      for (std::size_t j = 0; j < no; ++j) sum += std::exp(z[j] - m);
      loss += m + std::log(sum) - z[label];
      accuracy += static_cast<int>(best) == label ? 1.0 : 0.0;
    } else {
      const double zz = z[0];
      const double softplus = zz > 0 ? zz + std::log1p(std::exp(-zz)) : std::log1p(std::exp(zz));
      loss += softplus - (label == 1 ? zz : 0.0);
      accuracy += ((zz > 0.0) == (label == 1)) ? 1.0 : 0.0;
    }
  }
  loss /= static_cast<double>(sample.pattern.size());
  accuracy /= static_cast<double>(sample.pattern.size());
}

// Fisher-Yates with Lemire's multiply-shift bounded integers on 32 random bits, two draws per
// 64-bit output (no division in the common case: the per-epoch shuffle stays cheap next to the
// training). Exact: the biased low range is rejected. Needs v.size() < 2^32.
void shuffle_positions(Rng& generator, std::vector<int>& v) {
  INFOPLANE_ASSERT(v.size() < (std::uint64_t{1} << 32));
  Rng rng = generator;  // a local copy: its state stays in registers instead of memory
  std::uint64_t bits = 0;
  bool have_half = false;
  auto next32 = [&]() -> std::uint64_t {
    if (have_half) {
      have_half = false;
      return bits >> 32;
    }
    bits = rng.next_u64();
    have_half = true;
    return bits & 0xFFFFFFFFULL;
  };
  for (std::size_t i = v.size(); i > 1; --i) {
    const std::uint64_t n = i;
    std::uint64_t m = next32() * n;
    if ((m & 0xFFFFFFFFULL) < n) {
      const std::uint64_t threshold = ((std::uint64_t{1} << 32) - n) % n;
      while ((m & 0xFFFFFFFFULL) < threshold) m = next32() * n;
    }
    std::swap(v[i - 1], v[static_cast<std::size_t>(m >> 32)]);
  }
  generator = rng;
}

void optimizer_step(const OptimizerSettings& o, NetworkState& s, const float* grad) {
  const std::size_t n = s.params.size();
  ++s.steps;
  if (o.kind != OptimizerKind::kAdam) {
    const float lr = static_cast<float>(o.learning_rate);
    for (std::size_t k = 0; k < n; ++k) s.params[k] -= lr * grad[k];
    return;
  }
  // Adam as TensorFlow 1 writes it: lr_t = lr sqrt(1 - b2^t) / (1 - b1^t);
  // w -= lr_t m / (sqrt(v) + eps).
  const double t = static_cast<double>(s.steps);
  const float lr_t = static_cast<float>(o.learning_rate * std::sqrt(1.0 - std::pow(o.beta2, t)) /
                                        (1.0 - std::pow(o.beta1, t)));
  const float b1 = static_cast<float>(o.beta1), b2 = static_cast<float>(o.beta2);
  const float eps = static_cast<float>(o.epsilon);
  float* __restrict m = s.adam_m.data();
  float* __restrict v = s.adam_v.data();
  float* __restrict p = s.params.data();
  const float* __restrict g = grad;
  // 8 parameters at a time (the compiler keeps std::sqrt scalar because of errno), then the tail;
  // the same float operations in both, so the result does not depend on the split.
  std::size_t k = 0;
  const __m256 vb1 = _mm256_set1_ps(b1), vb2 = _mm256_set1_ps(b2), va1 = _mm256_set1_ps(1.0f - b1),
               va2 = _mm256_set1_ps(1.0f - b2), vlr = _mm256_set1_ps(lr_t), veps = _mm256_set1_ps(eps);
  for (; k + 8 <= n; k += 8) {
    const __m256 gk = _mm256_loadu_ps(g + k);
    const __m256 mk = _mm256_add_ps(_mm256_mul_ps(vb1, _mm256_loadu_ps(m + k)), _mm256_mul_ps(va1, gk));
    const __m256 vk = _mm256_add_ps(_mm256_mul_ps(vb2, _mm256_loadu_ps(v + k)), _mm256_mul_ps(_mm256_mul_ps(va2, gk), gk));
    _mm256_storeu_ps(m + k, mk);
    _mm256_storeu_ps(v + k, vk);
    const __m256 step = _mm256_div_ps(_mm256_mul_ps(vlr, mk), _mm256_add_ps(_mm256_sqrt_ps(vk), veps));
    _mm256_storeu_ps(p + k, _mm256_sub_ps(_mm256_loadu_ps(p + k), step));
  }
  for (; k < n; ++k) {
    m[k] = b1 * m[k] + (1.0f - b1) * g[k];
    v[k] = b2 * v[k] + (1.0f - b2) * g[k] * g[k];
    p[k] -= (lr_t * m[k]) / (std::sqrt(v[k]) + eps);
  }
}

}  // namespace

void train_network(const Task& task, const Split& split, const TrainerOptions& options,
                   NetworkState& state, int until_epoch,
                   std::span<TrainingObserver* const> observers, const std::atomic<bool>* stop,
                   const FeatureMajorInputs* shared_inputs) {
  const NetworkSpec& spec = options.spec;
  const int network = state.network;
  const std::size_t n_train = split.train.pattern.size();
  INFOPLANE_ASSERT(n_train > 0 && state.order.size() == n_train);
  INFOPLANE_ASSERT(state.params.size() == spec.n_params());
  std::optional<FeatureMajorInputs> own_inputs;
  if (shared_inputs == nullptr) own_inputs.emplace(task.inputs);
  const FeatureMajorInputs& inputs = shared_inputs != nullptr ? *shared_inputs : *own_inputs;
  INFOPLANE_ASSERT(inputs.n_patterns == static_cast<int>(task.n_patterns()) && inputs.n_inputs == spec.n_inputs());
  FastNetwork net(spec, inputs);
  if (options.perturbation.active()) net.set_perturbation(options.perturbation);
  // The noise draws of a batch or recorded pass (nn/hidden_perturbation.hpp).
  auto noise_key = [&](int epoch, std::uint64_t batch_index) {
    if (net.perturbation() != nullptr)
      net.perturbation()->set_key({options.seed, static_cast<std::uint64_t>(network), static_cast<std::uint64_t>(epoch), batch_index});
  };
  Rng batch_rng(0);
  batch_rng.set_state(state.batch_rng);
  // Everything the epoch loop touches is allocated here, once.
  const int batch = options.optimizer.kind == OptimizerKind::kGd
                        ? static_cast<int>(n_train)
                        : std::min<int>(options.optimizer.batch_size, static_cast<int>(n_train));
  std::vector<int> rows(n_train), labels(n_train);
  std::vector<float> grad(spec.n_params());
  GradientStatsAccumulator grad_stats(spec);
  std::vector<Matrix<float>> layers;
  Matrix<float> logits;
  const std::vector<int>& record = options.record_epochs;
  auto next_record = std::upper_bound(record.begin(), record.end(), state.epoch);

  auto record_epoch = [&](int epoch) {
    noise_key(epoch, kRecordBatch);
    net.forward_all(state.params.data(), layers, logits);
    if (!all_finite(logits.data(), logits.size())) diverged(network, epoch, "non-finite output");
    for (const auto& m : layers) {
      if (!all_finite(m.data(), m.size())) diverged(network, epoch, "non-finite activations");
    }
    EpochMetrics metrics;
    sample_metrics(spec, logits, split.train, metrics.train_loss, metrics.train_accuracy);
    sample_metrics(spec, logits, split.test, metrics.test_loss, metrics.test_accuracy);
    metrics.in_weight_cosine = in_weight_cosines(spec, state.params);
    if (!std::isfinite(metrics.train_loss) || !std::isfinite(metrics.test_loss)) {
      diverged(network, epoch, "non-finite loss");
    }
    for (TrainingObserver* o : observers) o->on_recorded_epoch(network, epoch, layers, metrics);
  };

  if (state.epoch == 0 && !record.empty() && record.front() == 0) record_epoch(0);
  for (int epoch = state.epoch + 1; epoch <= until_epoch; ++epoch) {
    if (stop != nullptr && stop->load(std::memory_order_relaxed)) return;
    shuffle_positions(batch_rng, state.order);
    for (std::size_t k = 0; k < n_train; ++k) {
      rows[k] = split.train.pattern[state.order[k]];
      labels[k] = split.train.label[state.order[k]];
    }
    if (options.gradient_stats) grad_stats.reset();
    {
      const DenormalsFlushed flushed;
      for (std::size_t start = 0; start < n_train; start += static_cast<std::size_t>(batch)) {
        const std::size_t count = std::min<std::size_t>(static_cast<std::size_t>(batch), n_train - start);
        noise_key(epoch, start / static_cast<std::size_t>(batch));
        net.batch_gradient(state.params.data(), std::span<const int>(rows).subspan(start, count),
                           std::span<const int>(labels).subspan(start, count), grad.data());
        if (options.gradient_stats) grad_stats.add(grad.data());
        optimizer_step(options.optimizer, state, grad.data());
      }
    }
    if (!all_finite(state.params.data(), state.params.size())) diverged(network, epoch, "non-finite weights");
    state.epoch = epoch;
    state.batch_rng = batch_rng.state();
    if (options.gradient_stats) {
      const auto& stats = grad_stats.finish(state.params.data());
      for (const auto& st : stats) {
        if (!std::isfinite(st.mean_norm) || !std::isfinite(st.std_norm)) diverged(network, epoch, "non-finite gradients");
      }
      for (TrainingObserver* o : observers) o->on_gradient_stats(network, epoch, stats);
    }
    if (next_record != record.end() && *next_record == epoch) {
      record_epoch(epoch);
      ++next_record;
    }
  }
}

std::vector<NetworkState> train_ensemble(const Task& task, const std::vector<Split>& splits,
                                         const TrainerOptions& options,
                                         const std::vector<TrainingObserver*>& observers) {
  std::vector<NetworkState> states(splits.size());
  train_ensemble_from(task, splits, options, observers, states, nullptr);
  return states;
}

bool train_ensemble_from(const Task& task, const std::vector<Split>& splits,
                         const TrainerOptions& options,
                         const std::vector<TrainingObserver*>& observers,
                         std::vector<NetworkState>& states, std::atomic<bool>* stop,
                         std::span<const int> networks) {
  INFOPLANE_ASSERT(states.size() == splits.size());
  std::vector<int> all;
  if (networks.empty()) {
    all.resize(splits.size());
    std::iota(all.begin(), all.end(), 0);
    networks = all;
  }
  const int n = static_cast<int>(networks.size());
  int threads = options.threads > 0 ? options.threads : static_cast<int>(std::thread::hardware_concurrency());
  threads = std::clamp(threads, 1, std::max(1, n));
  std::atomic<int> next{0};
  // Set by the caller (a signal) or by a failing network: the others stop at their next epoch.
  std::atomic<bool> own_halt{false};
  std::atomic<bool>& halt = stop ? *stop : own_halt;
  std::vector<std::exception_ptr> errors(splits.size());
  const FeatureMajorInputs inputs(task.inputs);  // one copy for the whole ensemble
  auto worker = [&]() {
    for (;;) {
      const int k = next.fetch_add(1);
      if (k >= n || halt.load()) return;
      const int i = networks[static_cast<std::size_t>(k)];
      INFOPLANE_ASSERT(i >= 0 && i < static_cast<int>(splits.size()));
      try {
        if (splits[i].train.pattern.empty()) {
          throw Error("network " + std::to_string(i) + ": empty training sample");
        }
        if (states[i].params.empty()) {
          states[i] = initial_state(options, i, splits[i].train.pattern.size());
        }
        train_network(task, splits[i], options, states[i], options.epochs, observers, &halt, &inputs);
      } catch (...) {
        errors[i] = std::current_exception();
        halt.store(true);
      }
    }
  };
  if (threads == 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
  }
  for (const auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
  for (int i : networks) {
    const NetworkState& s = states[static_cast<std::size_t>(i)];
    if (s.params.empty() || s.epoch < options.epochs) return false;
  }
  return true;
}

}  // namespace infoplane
