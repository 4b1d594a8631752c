#include "infoplane/core/rng.hpp"

#include <cmath>
#include <numbers>

namespace infoplane {
namespace {

std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

}  // namespace

Rng::Rng(std::uint64_t seed) {
  std::uint64_t x = seed;
  for (auto& word : s_) word = splitmix64(x);
}

Rng Rng::derive(std::uint64_t seed, std::initializer_list<std::uint64_t> path) {
  std::uint64_t h = seed;
  std::uint64_t mixed = splitmix64(h);
  for (std::uint64_t p : path) {
    std::uint64_t x = mixed ^ (p + 0x632BE59BD9B4E019ULL);
    mixed = splitmix64(x);
  }
  return Rng(mixed);
}

double Rng::uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

std::uint64_t Rng::uniform_int(std::uint64_t n) {
  // Lemire's rejection on the top bits would be faster; plain rejection is clear and exact.
  const std::uint64_t limit = UINT64_MAX - (UINT64_MAX % n);
  std::uint64_t x;
  do {
    x = next_u64();
  } while (x >= limit);
  return x % n;
}

double Rng::normal() {
  if (has_cached_normal_) {
    has_cached_normal_ = false;
    return cached_normal_;
  }
  double u1;
  do {
    u1 = uniform();
  } while (u1 <= 0.0);
  const double u2 = uniform();
  const double r = std::sqrt(-2.0 * std::log(u1));
  const double angle = 2.0 * std::numbers::pi * u2;
  cached_normal_ = r * std::sin(angle);
  has_cached_normal_ = true;
  return r * std::cos(angle);
}

double Rng::truncated_normal() {
  for (;;) {
    const double z = normal();
    if (z >= -2.0 && z <= 2.0) return z;
  }
}

}  // namespace infoplane
