#pragma once
// Runs body(row) for rows 0..n-1 on `threads` threads, each thread taking a fixed contiguous
// block. Bodies write per-row results only; callers sum those in row order afterwards, so
// results do not depend on the thread count.
#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace infoplane::detail {

template <class Body>
void parallel_rows(std::size_t n, int threads, Body body) {
  const std::size_t t = std::clamp<std::size_t>(static_cast<std::size_t>(std::max(threads, 1)), 1,
                                                std::max<std::size_t>(n, 1));
  if (t == 1) {
    for (std::size_t i = 0; i < n; ++i) body(i);
    return;
  }
  std::vector<std::thread> pool;
  pool.reserve(t);
  for (std::size_t w = 0; w < t; ++w) {
    const std::size_t begin = n * w / t, end = n * (w + 1) / t;
    pool.emplace_back([begin, end, &body] {
      for (std::size_t i = begin; i < end; ++i) body(i);
    });
  }
  for (auto& th : pool) th.join();
}

}  // namespace infoplane::detail
