#pragma once
// Seeded pseudo-random numbers that give the same stream on every platform and standard
// library (std::normal_distribution and friends are implementation-defined, so we do not use
// them). Generator: xoshiro256** seeded through splitmix64.
//
// Independent streams: Rng::derive(seed, {a, b, ...}) hashes a seed and a path of integers
// (e.g. {network_index, kStreamInit}) into a new generator, so every unit of work
// (setting, network, purpose) has its own stream whatever the thread schedule.
#include <array>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <utility>

namespace infoplane {

class Rng {
 public:
  explicit Rng(std::uint64_t seed);
  static Rng derive(std::uint64_t seed, std::initializer_list<std::uint64_t> path);

  // Inline: the per-epoch shuffle of the training set draws one per two positions.
  std::uint64_t next_u64() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  // Uniform in [0, 1), 53 random bits.
  double uniform();
  // Uniform integer in [0, n), n >= 1, without modulo bias.
  std::uint64_t uniform_int(std::uint64_t n);
  // Standard normal N(0, 1) (Box-Muller; caches the second value).
  double normal();
  // Standard normal truncated to [-2, 2] by rejection (TensorFlow's truncated_normal).
  double truncated_normal();

  template <class T>
  void shuffle(std::span<T> values) {
    for (std::size_t i = values.size(); i > 1; --i) {
      std::size_t j = static_cast<std::size_t>(uniform_int(i));
      std::swap(values[i - 1], values[j]);
    }
  }

  // Full generator state, for checkpoints.
  struct State {
    std::array<std::uint64_t, 4> s;
    bool has_cached_normal;
    double cached_normal;
  };
  State state() const { return {s_, has_cached_normal_, cached_normal_}; }
  void set_state(const State& st) {
    s_ = st.s;
    has_cached_normal_ = st.has_cached_normal;
    cached_normal_ = st.cached_normal;
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<std::uint64_t, 4> s_{};
  bool has_cached_normal_ = false;
  double cached_normal_ = 0.0;
};

}  // namespace infoplane
