#include "infoplane/run/checkpoint.hpp"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "infoplane/core/error.hpp"
#include "infoplane/io/atomic_file.hpp"

namespace infoplane {
namespace {

constexpr char kMagic[8] = {'I', 'P', 'C', 'K', 'P', 'T', '\0', '\1'};

class Writer {
 public:
  explicit Writer(std::ostream& out) : out_(out) {}
  template <class T>
  void value(const T& v) { out_.write(reinterpret_cast<const char*>(&v), sizeof v); }
  template <class T>
  void vector(const std::vector<T>& v) {
    value<std::uint64_t>(v.size());
    out_.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(v.size() * sizeof(T)));
  }

 private:
  std::ostream& out_;
};

class Reader {
 public:
  Reader(std::ifstream& in, const std::string& path) : in_(in), path_(path) {}
  template <class T>
  T value() {
    T v{};
    in_.read(reinterpret_cast<char*>(&v), sizeof v);
    if (!in_) truncated();
    return v;
  }
  template <class T>
  std::vector<T> vector() {
    const auto n = value<std::uint64_t>();
    if (n > (std::uint64_t{1} << 32)) throw Error(path_ + ": checkpoint damaged (vector of " + std::to_string(n) + " elements)");
    std::vector<T> v(n);
    in_.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(n * sizeof(T)));
    if (!in_) truncated();
    return v;
  }

 private:
  [[noreturn]] void truncated() { throw Error(path_ + ": checkpoint truncated"); }
  std::ifstream& in_;
  const std::string& path_;
};

}  // namespace

std::uint64_t config_fingerprint(const std::string& text) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

void write_checkpoint(const std::string& path, std::uint64_t fingerprint,
                      const std::vector<NetworkState>& states) {
  std::ostringstream out(std::ios::binary);
  Writer w(out);
  out.write(kMagic, sizeof kMagic);
  w.value(fingerprint);
  w.value<std::uint32_t>(static_cast<std::uint32_t>(states.size()));
  for (const auto& s : states) {
    w.value<std::int32_t>(s.network);
    w.value<std::int32_t>(s.epoch);
    w.value<std::int64_t>(s.steps);
    w.vector(s.params);
    w.vector(s.adam_m);
    w.vector(s.adam_v);
    w.vector(s.order);
    for (auto word : s.batch_rng.s) w.value(word);
    w.value<std::uint8_t>(s.batch_rng.has_cached_normal ? 1 : 0);
    w.value(s.batch_rng.cached_normal);
  }
  out.write(kMagic, sizeof kMagic);
  write_file_atomically(path, out.str(), true, "checkpoint");
}

std::vector<NetworkState> read_checkpoint(const std::string& path, std::uint64_t fingerprint) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open the checkpoint");
  char magic[8];
  in.read(magic, sizeof magic);
  if (!in || std::memcmp(magic, kMagic, sizeof magic) != 0)
    throw Error(path + ": not an infoplane checkpoint");
  Reader r(in, path);
  if (r.value<std::uint64_t>() != fingerprint)
    throw Error(path + ": the checkpoint was written for another configuration; rerun with "
                "--force to start over");
  const auto n = r.value<std::uint32_t>();
  std::vector<NetworkState> states(n);
  for (auto& s : states) {
    s.network = r.value<std::int32_t>();
    s.epoch = r.value<std::int32_t>();
    s.steps = r.value<std::int64_t>();
    s.params = r.vector<float>();
    s.adam_m = r.vector<float>();
    s.adam_v = r.vector<float>();
    s.order = r.vector<int>();
    for (auto& word : s.batch_rng.s) word = r.value<std::uint64_t>();
    s.batch_rng.has_cached_normal = r.value<std::uint8_t>() != 0;
    s.batch_rng.cached_normal = r.value<double>();
  }
  in.read(magic, sizeof magic);
  if (!in || std::memcmp(magic, kMagic, sizeof magic) != 0)
    throw Error(path + ": checkpoint truncated");
  return states;
}

}  // namespace infoplane
