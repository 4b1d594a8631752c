// The library's GEMM wrappers (src/core/detail/blas.hpp): every transpose combination against a
// plain triple loop in double, leading dimensions wider than the rows, beta = 1 accumulating;
// the products run on the calling thread; and two threads calling at once get exactly what
// one thread gets (Debian's serial OpenBLAS, which has no locks, would not promise that).
#include "core/detail/blas.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "infoplane/core/rng.hpp"

namespace infoplane {
namespace {

// A [rows, cols] row-major matrix with leading dimension ld >= cols (padding left at 7).
template <class T>
std::vector<T> random_matrix(int rows, int cols, int ld, Rng& rng) {
  std::vector<T> m(static_cast<std::size_t>(rows) * ld, T(7));
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) m[r * ld + c] = static_cast<T>(2.0 * rng.uniform() - 1.0);
  return m;
}

// C[m, n] = op(A) op(B) + beta C in double, the reference.
template <class T>
std::vector<double> reference(bool ta, bool tb, int m, int n, int k, const std::vector<T>& a, int lda,
                              const std::vector<T>& b, int ldb, double beta, const std::vector<T>& c, int ldc) {
  std::vector<double> out(static_cast<std::size_t>(m) * n);
  for (int i = 0; i < m; ++i) {
    for (int j = 0; j < n; ++j) {
      double s = beta * c[i * ldc + j];
      for (int p = 0; p < k; ++p) s += double(ta ? a[p * lda + i] : a[i * lda + p]) * double(tb ? b[j * ldb + p] : b[p * ldb + j]);
      out[i * n + j] = s;
    }
  }
  return out;
}

template <class T>
void check_all_transposes(double tolerance) {
  Rng rng(3);
  const int m = 37, n = 29, k = 45;
  for (bool ta : {false, true}) {
    for (bool tb : {false, true}) {
      for (double beta : {0.0, 1.0}) {
        const int lda = (ta ? m : k) + 3, ldb = (tb ? k : n) + 5, ldc = n + 2;
        const auto a = random_matrix<T>(ta ? k : m, ta ? m : k, lda, rng);
        const auto b = random_matrix<T>(tb ? n : k, tb ? k : n, ldb, rng);
        auto c = random_matrix<T>(m, n, ldc, rng);
        const auto want = reference(ta, tb, m, n, k, a, lda, b, ldb, beta, c, ldc);
        const auto op_a = ta ? CblasTrans : CblasNoTrans, op_b = tb ? CblasTrans : CblasNoTrans;
        if constexpr (std::is_same_v<T, float>) {
          detail::sgemm(op_a, op_b, m, n, k, a.data(), lda, b.data(), ldb, static_cast<float>(beta), c.data(), ldc);
        } else {
          detail::dgemm(op_a, op_b, m, n, k, a.data(), lda, b.data(), ldb, beta, c.data(), ldc);
        }
        for (int i = 0; i < m; ++i) {
          for (int j = 0; j < n; ++j) ASSERT_NEAR(c[i * ldc + j], want[i * n + j], tolerance) << ta << tb << beta << " at " << i << "," << j;
          for (int j = n; j < ldc; ++j) ASSERT_EQ(c[i * ldc + j], T(7)) << "wrote past the row";
        }
      }
    }
  }
}

TEST(Blas, SgemmMatchesTheTripleLoopForEveryTranspose) { check_all_transposes<float>(1e-4); }
TEST(Blas, DgemmMatchesTheTripleLoopForEveryTranspose) { check_all_transposes<double>(1e-12); }

TEST(Blas, ProductsRunOnTheCallingThread) {
  float a = 2, b = 3, c = 0;
  detail::sgemm(CblasNoTrans, CblasNoTrans, 1, 1, 1, &a, 1, &b, 1, 0.0f, &c, 1);
  EXPECT_EQ(c, 6.0f);
  EXPECT_EQ(openblas_get_num_threads(), 1);
}

TEST(Blas, TwoThreadsAtOnceGetWhatOneThreadGets) {
  // Shapes large enough that OpenBLAS packs into its shared buffer pool.
  const int m = 96, n = 160, k = 200, products = 60;
  Rng rng(11);
  std::vector<std::vector<float>> as, bs;
  for (int p = 0; p < 2 * products; ++p) {
    as.push_back(random_matrix<float>(m, k, k, rng));
    bs.push_back(random_matrix<float>(k, n, n, rng));
  }
  const auto run = [&](int first, int count, std::vector<std::vector<float>>& out) {
    for (int p = first; p < first + count; ++p) {
      out[p].assign(static_cast<std::size_t>(m) * n, 0.0f);
      detail::sgemm(CblasNoTrans, CblasNoTrans, m, n, k, as[p].data(), k, bs[p].data(), n, 0.0f, out[p].data(), n);
    }
  };
  std::vector<std::vector<float>> serial(2 * products), concurrent(2 * products);
  run(0, 2 * products, serial);
  std::thread other([&] { run(products, products, concurrent); });
  run(0, products, concurrent);
  other.join();
  for (int p = 0; p < 2 * products; ++p) ASSERT_EQ(serial[p], concurrent[p]) << "product " << p;
}

}  // namespace
}  // namespace infoplane
