#ifndef P2PGRID_DENSE_KERNELS_H
#define P2PGRID_DENSE_KERNELS_H
/*
 * DenseKernels — float32 matrix products whose every output bit is fixed by
 * the inputs alone (issue 14).
 *
 * Why not OpenBLAS: OpenBLAS picks its GEMM kernel by CPU model at run time
 * (OPENBLAS_CORETYPE Prescott, Sandybridge, Haswell, SkylakeX, Zen, …), and
 * the kernels differ in blocking, in the order they add partial products and
 * in whether they fuse multiply and add — one 256×64 · 64×192 product gives
 * three different results under Prescott/Sandybridge, Haswell/Zen and
 * SkylakeX/Cooperlake (OpenBLAS 0.3.21). The same training run therefore
 * wrote different checkpoints, metrics and reports on different x86-64
 * machines. These kernels fix the arithmetic instead:
 *
 *   every output element is  c ← c₀;  c ← c + a[i,0]·b[0,j];  c ← c + a[i,1]·b[1,j];  …
 *   in increasing k, each product rounded to float32 and then added (never a
 *   fused multiply-add), with c₀ = C[i,j] when accumulating and +0 otherwise.
 *
 * That sequence does not depend on the vector width: the vector paths below
 * widen only across independent output columns j and blocks (register tiles,
 * packed panels, splitting k into chunks whose partial sum is stored in C and
 * reloaded) never reorder one element's additions. So the scalar, 128-bit,
 * AVX2 and AVX-512 paths give identical bits, the tests check this on every
 * path the machine has, and the kernels are single-threaded, so the thread
 * count cannot matter either (callers parallelise over independent work).
 * The C files are compiled with floating-point contraction off
 * (`#pragma clang fp contract(off)`), so no compiler turns `c + a·b` into an FMA.
 *
 * Speed: register tiles of MR rows × NR columns with B packed into NR-wide
 * panels; without FMA the peak is half of what the same units reach fused,
 * which is what determinism costs.
 *
 * Nothing here keeps mutable global state apart from the cached CPU check:
 * concurrent calls on different outputs are safe.
 */

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** One implementation of the products; all give bit-identical results. */
typedef enum __attribute__((enum_extensibility(closed))) {
    /** Plain loops, one element at a time: the reference order, written out. */
    DK_PATH_SCALAR __attribute__((swift_name("scalar"))) = 0,
    /** 128-bit vectors (SSE2 on x86-64, NEON on arm64): 4 columns per instruction. */
    DK_PATH_VECTOR128 __attribute__((swift_name("vector128"))) = 1,
    /** AVX2: 8 columns per instruction (x86-64 only). */
    DK_PATH_AVX2 __attribute__((swift_name("avx2"))) = 2,
    /** AVX-512F: 16 columns per instruction (x86-64 only). */
    DK_PATH_AVX512 __attribute__((swift_name("avx512"))) = 3,
} dk_path;

/** Whether a matrix operand is used as stored or transposed. */
typedef enum __attribute__((enum_extensibility(closed))) {
    DK_NO_TRANSPOSE __attribute__((swift_name("noTranspose"))) = 0,
    DK_TRANSPOSE __attribute__((swift_name("transpose"))) = 1,
} dk_transpose;

/** Whether `path` can run on this CPU (and OS); the scalar and 128-bit paths always can. */
bool dk_path_available(dk_path path);

/**
 * The path `dk_sgemm` uses, chosen once per process: the widest available,
 * unless the environment variable P2PGRID_GEMM_PATH names another available
 * one ("scalar", "vector128", "avx2", "avx512") — for comparing paths end to
 * end, since their bits agree by construction.
 */
dk_path dk_default_path(void);

/** A short name for `path` ("scalar", "vector128", "avx2", "avx512"). */
const char *dk_path_name(dk_path path);

/**
 * C[m, n] = (accumulate ? C : 0) + op(A)[m, k] · op(B)[k, n], row-major, in
 * the fixed order of the header comment.
 *
 * op(A) is A (`lda` ≥ k, A stored [m, lda]) or Aᵀ (A stored [k, lda], lda ≥ m);
 * op(B) is B (stored [k, ldb], ldb ≥ n) or Bᵀ (stored [n, ldb], ldb ≥ k);
 * C is stored [m, ldc], ldc ≥ n, and must not overlap A or B. m, n or k may
 * be 0 (k = 0 leaves C, or zeroes it when not accumulating).
 */
void dk_sgemm(dk_transpose trans_a, dk_transpose trans_b, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
              const float *a, ptrdiff_t lda, const float *b, ptrdiff_t ldb,
              bool accumulate, float *c, ptrdiff_t ldc);

/**
 * `dk_sgemm` on a chosen path (tests compare the paths bit for bit); an
 * unavailable path falls back to the scalar one.
 */
void dk_sgemm_on_path(dk_path path, dk_transpose trans_a, dk_transpose trans_b,
                      ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
                      const float *a, ptrdiff_t lda, const float *b, ptrdiff_t ldb,
                      bool accumulate, float *c, ptrdiff_t ldc);

#ifdef __cplusplus
}
#endif

#endif
