/*
 * The blocked vector GEMM, included once per path by sgemm_<path>.c, which
 * define before including it:
 *   DK_W      floats per vector (4, 8, 16)
 *   DK_MR     rows per register tile
 *   DK_NV     vectors per tile row (the tile is DK_MR × DK_W·DK_NV)
 *   DK_NAME   the entry point's name
 * and compile it with the path's target features.
 *
 * Order (see dense_kernels.h): each C element's accumulator lives in one
 * vector lane and takes its k terms one after another; lanes are separate
 * columns, so the vector width never touches an element's sum. k is cut into
 * chunks of DK_KC, the partial sum going to C and back exactly.
 */

#pragma clang fp contract(off)

#include <string.h>

#define DK_NR (DK_W * DK_NV)
/* Rows of B per packed panel: DK_KC × DK_NR floats (32 KB for AVX-512) stay in L1. */
#define DK_KC 256

typedef float dk_vec __attribute__((ext_vector_type(DK_W)));

static inline dk_vec dk_load(const float *p) {
    dk_vec v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline void dk_store(float *p, dk_vec v) { memcpy(p, &v, sizeof v); }

/*
 * One DK_MR × DK_NR tile: C(r, j) = (load_c ? C(r, j) : +0) + Σ_{p < kc} A(r, p)·panel[p, j],
 * A(r, p) = a[r·rsa + p·csa], panel packed [kc, DK_NR].
 */
static inline void dk_tile(ptrdiff_t kc, const float *restrict a, ptrdiff_t rsa, ptrdiff_t csa,
                           const float *restrict panel, bool load_c, float *restrict c, ptrdiff_t ldc) {
    dk_vec acc[DK_MR][DK_NV];
    for (int r = 0; r < DK_MR; r++)
        for (int v = 0; v < DK_NV; v++)
            acc[r][v] = load_c ? dk_load(c + r * ldc + v * DK_W) : (dk_vec)(0.0f);
    for (ptrdiff_t p = 0; p < kc; p++) {
        dk_vec b[DK_NV];
        for (int v = 0; v < DK_NV; v++) b[v] = dk_load(panel + p * DK_NR + v * DK_W);
        for (int r = 0; r < DK_MR; r++) {
            const dk_vec x = (dk_vec)(a[r * rsa + p * csa]);
            for (int v = 0; v < DK_NV; v++) {
                const dk_vec product = x * b[v];
                acc[r][v] = acc[r][v] + product;
            }
        }
    }
    for (int r = 0; r < DK_MR; r++)
        for (int v = 0; v < DK_NV; v++) dk_store(c + r * ldc + v * DK_W, acc[r][v]);
}

void DK_NAME(bool trans_a, bool trans_b, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
             const float *a, ptrdiff_t lda, const float *b, ptrdiff_t ldb,
             bool accumulate, float *c, ptrdiff_t ldc) {
    /* op(A)(i, p) = a[i·rsa + p·csa], op(B)(p, j) = b[p·rsb + j·csb]. */
    const ptrdiff_t rsa = trans_a ? 1 : lda, csa = trans_a ? lda : 1;
    const ptrdiff_t rsb = trans_b ? 1 : ldb, csb = trans_b ? ldb : 1;
    float panel[DK_KC * DK_NR] __attribute__((aligned(64)));
    /* Edge tiles run on copies: rows past m as zero rows of A, columns past n as zero columns. */
    float edge_a[DK_MR * DK_KC] __attribute__((aligned(64)));
    float edge_c[DK_MR * DK_NR] __attribute__((aligned(64)));
    /* The last row tile, when m is not a multiple of DK_MR, starts at row full_m. */
    const ptrdiff_t full_m = m - m % DK_MR, edge_m = m - full_m;
    for (ptrdiff_t p0 = 0; p0 < k; p0 += DK_KC) {
        const ptrdiff_t kc = k - p0 < DK_KC ? k - p0 : DK_KC;
        const bool load_c = accumulate || p0 > 0;
        if (edge_m > 0) {
            const float *rows = a + full_m * rsa + p0 * csa;
            for (ptrdiff_t r = 0; r < DK_MR; r++)
                for (ptrdiff_t p = 0; p < kc; p++) edge_a[r * DK_KC + p] = r < edge_m ? rows[r * rsa + p * csa] : 0;
        }
        for (ptrdiff_t j0 = 0; j0 < n; j0 += DK_NR) {
            const ptrdiff_t nr = n - j0 < DK_NR ? n - j0 : DK_NR;
            for (ptrdiff_t p = 0; p < kc; p++) {
                const float *row = b + (p0 + p) * rsb + j0 * csb;
                float *packed = panel + p * DK_NR;
                if (csb == 1) {
                    memcpy(packed, row, (size_t)nr * sizeof(float));
                } else {
                    for (ptrdiff_t j = 0; j < nr; j++) packed[j] = row[j * csb];
                }
                for (ptrdiff_t j = nr; j < DK_NR; j++) packed[j] = 0;
            }
            for (ptrdiff_t i0 = 0; i0 < m; i0 += DK_MR) {
                const ptrdiff_t mr = i0 < full_m ? DK_MR : edge_m;
                float *tile_c = c + i0 * ldc + j0;
                const float *tile_a = mr == DK_MR ? a + i0 * rsa + p0 * csa : edge_a;
                const ptrdiff_t tile_rsa = mr == DK_MR ? rsa : DK_KC, tile_csa = mr == DK_MR ? csa : 1;
                if (mr == DK_MR && nr == DK_NR) {
                    dk_tile(kc, tile_a, tile_rsa, tile_csa, panel, load_c, tile_c, ldc);
                    continue;
                }
                for (ptrdiff_t r = 0; r < DK_MR; r++)
                    for (ptrdiff_t j = 0; j < DK_NR; j++)
                        edge_c[r * DK_NR + j] = load_c && r < mr && j < nr ? tile_c[r * ldc + j] : 0;
                dk_tile(kc, tile_a, tile_rsa, tile_csa, panel, load_c, edge_c, DK_NR);
                for (ptrdiff_t r = 0; r < mr; r++) memcpy(tile_c + r * ldc, edge_c + r * DK_NR, (size_t)nr * sizeof(float));
            }
        }
    }
}
