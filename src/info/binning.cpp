// Binning estimators: bin indices per unit -> one 64-bit key per row -> compact symbol ids by
// open-addressing hash counting (O(n), no sort) -> p(t), p(t, y) -> I(X;T), I(T;Y) in bits.
#include "infoplane/info/binning.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

#include "infoplane/core/error.hpp"

namespace infoplane {

namespace {

// splitmix64 finaliser: spreads packed keys over the hash table's slots.
inline std::uint64_t mix64(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

void check_options(const BinningOptions& o) {
  if (o.bins < 2 || o.bins > 65535) {
    throw Error("binning: bins = " + std::to_string(o.bins) + ": must be in 2..65535");
  }
  if (!o.adaptive && !o.range_from_data &&
      !(std::isfinite(o.range_lo) && std::isfinite(o.range_hi) && o.range_lo < o.range_hi)) {
    throw Error("binning: range [" + std::to_string(o.range_lo) + ", " +
                std::to_string(o.range_hi) + "]: must be finite with lo < hi");
  }
}

}  // namespace

// Private helpers with access to the workspace's buffers.
struct BinningKernel {
  // Equal-width bins or the reference digitize; fills ws.bin_index_.
  static SymbolRange fixed_width_indices(MatrixView<float> layer, const BinningOptions& o,
                                         BinningWorkspace& ws) {
    const std::size_t n = layer.size();
    const float* v = layer.data();
    double lo = o.range_lo, hi = o.range_hi;
    if (o.range_from_data) {
      float mn = std::numeric_limits<float>::infinity(), mx = -mn;
      for (std::size_t i = 0; i < n; ++i) {
        mn = std::min(mn, v[i]);
        mx = std::max(mx, v[i]);
      }
      lo = mn;
      hi = mx;
    }
    std::uint16_t* out = ws.bin_index_.data();
    const int top = o.bins - 1;
    if (!(hi > lo)) {  // constant layer with a data range: one bin
      std::fill(out, out + n, std::uint16_t{0});
      return {lo, hi};
    }
    if (!o.reference_digitize) {
      // bin = floor((v - lo) * bins / (hi - lo)), clamped to 0..bins-1.
      // Branch-free so that the compiler vectorises it (the values are finite, checked above).
      const double scale = o.bins / (hi - lo);
      const double top_d = top;
      for (std::size_t i = 0; i < n; ++i) {
        double t = (static_cast<double>(v[i]) - lo) * scale;
        t = t < 0.0 ? 0.0 : t;
        t = t > top_d ? top_d : t;
        out[i] = static_cast<std::uint16_t>(static_cast<int>(t));
      }
      return {lo, hi};
    }
    // numpy.linspace(lo, hi, bins): edge_i = i * step + lo, the last set to hi exactly.
    // numpy.digitize(v, edges) = #{edges <= v}; the symbol is digitize - 1 and index -1 wraps
    // to the last edge, as numpy's negative indexing does in the reference code.
    const double step = (hi - lo) / top;
    ws.ref_edges_.resize(static_cast<std::size_t>(o.bins));
    double* edges = ws.ref_edges_.data();
    for (int e = 0; e < top; ++e) edges[e] = e * step + lo;
    edges[top] = hi;
    for (std::size_t i = 0; i < n; ++i) {
      const double x = v[i];
      // First guess from the arithmetic, then fix against the actual edges.
      double g = std::floor((x - lo) / step);
      int d = g < 0.0 ? 0 : (g > top ? top + 1 : static_cast<int>(g) + 1);
      while (d > 0 && edges[d - 1] > x) --d;
      while (d <= top && edges[d] <= x) ++d;
      const int symbol = d == 0 ? top : d - 1;
      out[i] = static_cast<std::uint16_t>(symbol);
    }
    return {lo, hi};
  }

  // Equal-mass bins per unit: inner edges at the sample quantiles sorted[(b * n) / bins].
  static SymbolRange adaptive_indices(MatrixView<float> layer, const BinningOptions& o,
                                      BinningWorkspace& ws) {
    const std::size_t n = layer.rows(), w = layer.cols();
    ws.sorted_.resize(n);
    ws.edges_.resize(static_cast<std::size_t>(o.bins - 1));
    float mn = std::numeric_limits<float>::infinity(), mx = -mn;
    for (std::size_t j = 0; j < w; ++j) {
      for (std::size_t i = 0; i < n; ++i) ws.sorted_[i] = layer(i, j);
      std::sort(ws.sorted_.begin(), ws.sorted_.end());
      mn = std::min(mn, ws.sorted_.front());
      mx = std::max(mx, ws.sorted_.back());
      for (int b = 1; b < o.bins; ++b) {
        ws.edges_[b - 1] = ws.sorted_[(static_cast<std::size_t>(b) * n) / o.bins];
      }
      for (std::size_t i = 0; i < n; ++i) {
        const auto it = std::upper_bound(ws.edges_.begin(), ws.edges_.end(), layer(i, j));
        ws.bin_index_[i * w + j] = static_cast<std::uint16_t>(it - ws.edges_.begin());
      }
    }
    return {mn, mx};
  }

  // Rows of bin indices -> compact symbol ids in order of first appearance.
  static void assign_symbols(std::size_t n, std::size_t w, int bins, BinningWorkspace& ws) {
    const int bits = std::max(1, static_cast<int>(std::bit_width(static_cast<unsigned>(bins - 1))));
    const bool packed = static_cast<std::size_t>(bits) * w <= 64;
    const std::uint16_t* idx = ws.bin_index_.data();
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint16_t* r = idx + i * w;
      std::uint64_t key = 0;
      if (packed) {
        for (std::size_t j = 0; j < w; ++j) key = (key << bits) | r[j];
      } else {  // wide rows: a hash; equal hashes are confirmed by comparing the rows
        key = 0x9e3779b97f4a7c15ULL;
        for (std::size_t j = 0; j < w; ++j) key = mix64(key ^ r[j]) + j;
      }
      ws.keys_[i] = key;
    }
    std::size_t cap = 16;
    while (cap < 2 * n) cap <<= 1;
    ws.table_.resize(cap);
    std::fill(ws.table_.begin(), ws.table_.end(), BinningWorkspace::Slot{0, -1, 0});
    const std::size_t mask = cap - 1;
    int n_symbols = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint64_t key = ws.keys_[i];
      std::size_t at = mix64(key) & mask;
      for (;;) {
        BinningWorkspace::Slot& slot = ws.table_[at];
        if (slot.row < 0) {
          slot = {key, static_cast<std::int32_t>(i), n_symbols};
          ws.t_of_x_[i] = n_symbols++;
          break;
        }
        if (slot.key == key &&
            (packed || std::memcmp(idx + static_cast<std::size_t>(slot.row) * w, idx + i * w,
                                   w * sizeof(std::uint16_t)) == 0)) {
          ws.t_of_x_[i] = slot.symbol;
          break;
        }
        at = (at + 1) & mask;
      }
    }
    ws.n_symbols_ = n_symbols;
  }

  static SymbolRange symbols(MatrixView<float> layer, const BinningOptions& options,
                             BinningWorkspace& ws);
  static DiscreteInfo information(std::span<const int> t_of_x, int n_symbols, const Task& task,
                                  BinningWorkspace& ws);
  static void prepare_task(const Task& task, BinningWorkspace& ws);
};

SymbolRange BinningKernel::symbols(MatrixView<float> layer, const BinningOptions& options,
                                   BinningWorkspace& ws) {
  check_options(options);
  const std::size_t n = layer.rows(), w = layer.cols();
  // NaN / inf have an all-ones exponent; an integer test the compiler vectorises.
  std::uint32_t non_finite = 0;
  const float* values = layer.data();
  for (std::size_t i = 0; i < n * w; ++i) {
    const std::uint32_t bits = std::bit_cast<std::uint32_t>(values[i]);
    non_finite |= static_cast<std::uint32_t>((bits & 0x7f800000u) == 0x7f800000u);
  }
  if (non_finite) throw Error("binning: the layer holds a NaN or infinite value");
  ws.bin_index_.resize(n * w);
  ws.keys_.resize(n);
  ws.t_of_x_.resize(n);
  const SymbolRange range = options.adaptive ? adaptive_indices(layer, options, ws)
                                             : fixed_width_indices(layer, options, ws);
  assign_symbols(n, w, options.bins, ws);
  return range;
}

// Per-task terms, cached in the workspace (keyed on the task's buffers): a pattern alone in its
// symbol contributes h_i = -p_i log2 p_i to H(T) and s_i = sum_y p_i q_iy log2(q_iy / p_y) to
// I(T;Y) (q_iy = p(y|x_i)), so injective parts of a layer need no logarithm per call.
void BinningKernel::prepare_task(const Task& task, BinningWorkspace& ws) {
  const std::size_t n = task.n_patterns(), n_labels = task.n_labels();
  if (ws.task_key_[0] == task.p_x.data() && ws.task_key_[1] == task.p_y_given_x.data() &&
      ws.task_n_ == n && ws.task_labels_ == n_labels) {
    return;
  }
  const double* pyx = task.p_y_given_x.data();
  ws.p_y_.assign(n_labels, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t y = 0; y < n_labels; ++y) ws.p_y_[y] += task.p_x[i] * pyx[i * n_labels + y];
  ws.log2_p_y_.resize(n_labels);
  for (std::size_t y = 0; y < n_labels; ++y)
    ws.log2_p_y_[y] = ws.p_y_[y] > 0.0 ? std::log2(ws.p_y_[y]) : 0.0;
  ws.single_h_.resize(n);
  ws.single_i_.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double px = task.p_x[i];
    ws.single_h_[i] = px > 0.0 ? -px * std::log2(px) : 0.0;
    double si = 0.0;
    for (std::size_t y = 0; y < n_labels; ++y) {
      const double q = pyx[i * n_labels + y];
      if (px > 0.0 && q > 0.0) si += px * q * (std::log2(q) - ws.log2_p_y_[y]);
    }
    ws.single_i_[i] = si;
  }
  ws.task_key_[0] = task.p_x.data();
  ws.task_key_[1] = task.p_y_given_x.data();
  ws.task_n_ = n;
  ws.task_labels_ = n_labels;
}

DiscreteInfo BinningKernel::information(std::span<const int> t_of_x, int n_symbols,
                                        const Task& task, BinningWorkspace& ws) {
  const std::size_t n = task.n_patterns(), n_labels = task.n_labels();
  INFOPLANE_ASSERT(t_of_x.size() == n);
  prepare_task(task, ws);
  auto& count = ws.count_;
  auto& p_t = ws.p_t_;
  auto& p_ty = ws.p_ty_;
  count.assign(static_cast<std::size_t>(n_symbols), 0);
  for (std::size_t i = 0; i < n; ++i) {
    INFOPLANE_ASSERT(t_of_x[i] >= 0 && t_of_x[i] < n_symbols);
    ++count[t_of_x[i]];
  }
  p_t.assign(static_cast<std::size_t>(n_symbols), 0.0);
  p_ty.assign(static_cast<std::size_t>(n_symbols) * n_labels, 0.0);
  const double* pyx = task.p_y_given_x.data();
  DiscreteInfo info;
  for (std::size_t i = 0; i < n; ++i) {
    const int s = t_of_x[i];
    if (count[s] == 1) {  // alone in its symbol: the cached terms
      info.i_xt += ws.single_h_[i];
      info.i_ty += ws.single_i_[i];
      continue;
    }
    const double px = task.p_x[i];
    p_t[s] += px;
    double* row = p_ty.data() + static_cast<std::size_t>(s) * n_labels;
    for (std::size_t y = 0; y < n_labels; ++y) row[y] += px * pyx[i * n_labels + y];
  }
  // Shared symbols: H(T) = -sum_t p(t) log2 p(t); I(T;Y) = sum p(t,y) log2(p(t,y) / (p(t) p(y))).
  for (int s = 0; s < n_symbols; ++s) {
    const double pt = p_t[s];
    if (count[s] == 1 || pt <= 0.0) continue;
    const double log2_pt = std::log2(pt);
    info.i_xt -= pt * log2_pt;
    const double* row = p_ty.data() + static_cast<std::size_t>(s) * n_labels;
    for (std::size_t y = 0; y < n_labels; ++y) {
      if (row[y] > 0.0) info.i_ty += row[y] * (std::log2(row[y]) - log2_pt - ws.log2_p_y_[y]);
    }
  }
  return info;
}

SymbolRange bin_symbols(MatrixView<float> layer, const BinningOptions& options,
                        BinningWorkspace& ws) {
  return BinningKernel::symbols(layer, options, ws);
}

DiscreteInfo discrete_information(std::span<const int> t_of_x, int n_symbols, const Task& task,
                                  BinningWorkspace& ws) {
  return BinningKernel::information(t_of_x, n_symbols, task, ws);
}

InfoEstimate binning_estimate(MatrixView<float> layer, const Task& task,
                              const BinningOptions& options, BinningWorkspace& ws) {
  const SymbolRange range = bin_symbols(layer, options, ws);
  const DiscreteInfo info = discrete_information(ws.t_of_x(), ws.n_symbols(), task, ws);
  InfoEstimate e;
  e.i_xt = e.i_xt_lower = e.i_xt_upper = info.i_xt;
  e.i_ty = e.i_ty_lower = e.i_ty_upper = info.i_ty;
  e.n_symbols = ws.n_symbols();
  e.range_lo = range.lo;
  e.range_hi = range.hi;
  return e;
}

BinningEstimator::BinningEstimator(BinningOptions options) : options_(options) {
  check_options(options_);
}

InfoEstimate BinningEstimator::estimate(MatrixView<float> layer, const Task& task) const {
  validate_layer(layer, task, name());
  BinningWorkspace ws;
  return binning_estimate(layer, task, options_, ws);
}

}  // namespace infoplane
