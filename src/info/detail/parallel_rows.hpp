#pragma once
// Runs body(row) for rows 0..n-1 on `threads` threads, each thread taking a fixed contiguous
// block. Bodies write per-row results only; callers sum those in row order afterwards, so
// results do not depend on the thread count.
#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace infoplane::detail {

// Runs body(begin, end) once per thread, on `threads` threads (at most n), over fixed
// contiguous blocks [begin, end) of rows 0..n-1: for bodies that set up per-thread scratch
// once and reuse it across their rows.
template <class Body>
void parallel_ranges(std::size_t n, int threads, Body body) {
  const std::size_t t = std::clamp<std::size_t>(static_cast<std::size_t>(std::max(threads, 1)), 1,
                                                std::max<std::size_t>(n, 1));
  if (t == 1) {
    body(std::size_t{0}, n);
    return;
  }
  std::vector<std::thread> pool;
  pool.reserve(t);
  for (std::size_t w = 0; w < t; ++w) pool.emplace_back([&body, begin = n * w / t, end = n * (w + 1) / t] { body(begin, end); });
  for (auto& th : pool) th.join();
}

template <class Body>
void parallel_rows(std::size_t n, int threads, Body body) {
  parallel_ranges(n, threads, [&body](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) body(i);
  });
}

}  // namespace infoplane::detail
