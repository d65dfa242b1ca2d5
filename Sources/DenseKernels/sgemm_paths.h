#ifndef P2PGRID_DENSE_KERNELS_PATHS_H
#define P2PGRID_DENSE_KERNELS_PATHS_H
/* The vector paths' entry points (sgemm_<path>.c), behind dk_sgemm_on_path. */

#include <stdbool.h>
#include <stddef.h>

void dk_sgemm_vector128(bool trans_a, bool trans_b, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
                        const float *a, ptrdiff_t lda, const float *b, ptrdiff_t ldb,
                        bool accumulate, float *c, ptrdiff_t ldc);
#if defined(__x86_64__)
void dk_sgemm_avx2(bool trans_a, bool trans_b, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
                   const float *a, ptrdiff_t lda, const float *b, ptrdiff_t ldb,
                   bool accumulate, float *c, ptrdiff_t ldc);
void dk_sgemm_avx512(bool trans_a, bool trans_b, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
                     const float *a, ptrdiff_t lda, const float *b, ptrdiff_t ldb,
                     bool accumulate, float *c, ptrdiff_t ldc);
#endif

#endif
