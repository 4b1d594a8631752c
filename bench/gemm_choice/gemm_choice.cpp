// Single-threaded SGEMM at the wide layers' shapes: Eigen 3.4 (row-major maps, as the wide
// layers called it before OpenBLAS) against cblas_sgemm of any BLAS given on the command line
// (dlopen: OpenBLAS, BLIS), so that the choice of GEMM rests on a measurement.
// Prints GFLOP/s per library and shape (best of 5 timings of >= 0.2 s each).
//
// Built and run by bench/gemm_choice/run.sh.
#include <dlfcn.h>

#include <Eigen/Core>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace {

using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
// cblas_sgemm(order, transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc)
using Sgemm = void (*)(int, int, int, int, int, int, float, const float*, int, const float*, int,
                       float, float*, int);
constexpr int kRowMajor = 101, kNoTrans = 111, kTrans = 112;

// C[m, n] (+)= op(A) op(B), all row-major; the three products of a wide layer.
struct Shape {
  const char* what;
  int m, n, k;
  bool trans_a, trans_b, accumulate;
};

template <class F>
double gflops(const Shape& s, F&& run) {
  double best = 0;
  for (int rep = 0; rep < 5; ++rep) {
    int calls = 0;
    const auto t0 = std::chrono::steady_clock::now();
    double seconds = 0;
    do {
      run();
      ++calls;
      seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    } while (seconds < 0.2);
    best = std::max(best, 2.0 * s.m * s.n * s.k * calls / seconds / 1e9);
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<Shape> shapes;
  for (int batch : {128, 512}) {
    for (int out : {64, 1024}) {
      // forward z = W a: [out, 784] x [784, batch]; weight gradient dW += delta a^T:
      // [out, batch] x [batch, 784]; deltas of the next layer: W^T delta, [784, out] x [out, batch]
      // (not needed for the first layer, timed for the shape).
      shapes.push_back({"forward W a", out, batch, 784, false, false, false});
      shapes.push_back({"dW += delta a^T", out, 784, batch, false, true, true});
      shapes.push_back({"W^T delta", 784, batch, out, true, false, false});
    }
  }
  std::printf("%-18s %6s %6s %6s %10s", "product", "m", "n", "k", "Eigen");
  std::vector<Sgemm> libs;
  for (int i = 1; i < argc; ++i) {
    void* h = dlopen(argv[i], RTLD_NOW | RTLD_LOCAL);
    Sgemm f = h ? reinterpret_cast<Sgemm>(dlsym(h, "cblas_sgemm")) : nullptr;
    if (f == nullptr) {
      std::fprintf(stderr, "gemm_choice: %s: no cblas_sgemm (%s)\n", argv[i], dlerror());
      return 2;
    }
    libs.push_back(f);
    const std::string name = argv[i];
    std::printf(" %10s", name.substr(name.find_last_of('/') + 1, 10).c_str());
  }
  std::printf("   GFLOP/s, 1 thread\n");
  for (const Shape& s : shapes) {
    const int ar = s.trans_a ? s.k : s.m, ac = s.trans_a ? s.m : s.k;
    const int br = s.trans_b ? s.n : s.k, bc = s.trans_b ? s.k : s.n;
    RowMajor a = RowMajor::Random(ar, ac), b = RowMajor::Random(br, bc), c = RowMajor::Zero(s.m, s.n);
    std::printf("%-18s %6d %6d %6d", s.what, s.m, s.n, s.k);
    const double e = gflops(s, [&] {
      if (s.trans_a) c.noalias() = a.transpose() * b;
      else if (s.trans_b) c.noalias() += a * b.transpose();
      else c.noalias() = a * b;
    });
    std::printf(" %10.1f", e);
    for (Sgemm f : libs) {
      const double g = gflops(s, [&] {
        f(kRowMajor, s.trans_a ? kTrans : kNoTrans, s.trans_b ? kTrans : kNoTrans, s.m, s.n, s.k, 1.0f,
          a.data(), ac, b.data(), bc, s.accumulate ? 1.0f : 0.0f, c.data(), s.n);
      });
      std::printf(" %10.1f", g);
    }
    std::printf("\n");
  }
  return 0;
}
