#pragma once
// The library's matrix products (OpenBLAS, Debian's libopenblas-pthread-dev, linked statically):
// row-major C[m, n] = op(A) op(B) + beta C on the calling thread.
//
// Why on the calling thread: the trainer runs one network per thread and KDE splits its row
// blocks over threads itself, so a product never fans out; each product's order of operations
// then depends only on its shapes, and results are the same whatever the thread count. Why
// the threaded build: it is the one that may be called from several threads at once (Debian's
// serial build has no locks); its pool is set to one thread before the first product. The
// static copy is the library's own, so that setting does not reach a numpy in the same process.
#include <cblas.h>

namespace infoplane::detail {

void use_blas_on_calling_thread_only();

// C[m, n] = op(A)[m, k] op(B)[k, n] + beta C, row-major with leading dimensions lda, ldb, ldc.
inline void sgemm(CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, int m, int n, int k, const float* a,
                  int lda, const float* b, int ldb, float beta, float* c, int ldc) {
  use_blas_on_calling_thread_only();
  cblas_sgemm(CblasRowMajor, ta, tb, m, n, k, 1.0f, a, lda, b, ldb, beta, c, ldc);
}
inline void dgemm(CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, int m, int n, int k, const double* a,
                  int lda, const double* b, int ldb, double beta, double* c, int ldc) {
  use_blas_on_calling_thread_only();
  cblas_dgemm(CblasRowMajor, ta, tb, m, n, k, 1.0, a, lda, b, ldb, beta, c, ldc);
}

}  // namespace infoplane::detail
