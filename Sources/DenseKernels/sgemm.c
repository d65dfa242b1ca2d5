/* dk_sgemm: the fixed-order product of dense_kernels.h, its scalar path and
 * the choice of path. */
#pragma clang fp contract(off)

#include "dense_kernels.h"
#include "sgemm_paths.h"

#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__)
#include <cpuid.h>
#endif

/* The reference order written out: one element at a time, k increasing. */
static void dk_sgemm_scalar(bool trans_a, bool trans_b, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
                            const float *a, ptrdiff_t lda, const float *b, ptrdiff_t ldb,
                            bool accumulate, float *c, ptrdiff_t ldc) {
    const ptrdiff_t rsa = trans_a ? 1 : lda, csa = trans_a ? lda : 1;
    const ptrdiff_t rsb = trans_b ? 1 : ldb, csb = trans_b ? ldb : 1;
    for (ptrdiff_t i = 0; i < m; i++) {
        for (ptrdiff_t j = 0; j < n; j++) {
            float sum = accumulate ? c[i * ldc + j] : 0.0f;
            for (ptrdiff_t p = 0; p < k; p++) {
                const float product = a[i * rsa + p * csa] * b[p * rsb + j * csb];
                sum = sum + product;
            }
            c[i * ldc + j] = sum;
        }
    }
}

#if defined(__x86_64__)
/* XCR0: which register states the OS saves (bit 1 SSE, 2 AVX, 5–7 AVX-512). */
static unsigned long long dk_xcr0(void) {
    unsigned int low, high;
    __asm__ volatile("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
    return ((unsigned long long)high << 32) | low;
}

/* CPUID and OS support: the CPU must have the instructions and the OS must save their registers. */
static bool dk_cpu_has(dk_path path) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return false;
    const bool osxsave = (ecx >> 27) & 1, avx = (ecx >> 28) & 1;
    if (!osxsave || !avx) return false;
    const unsigned long long xcr0 = dk_xcr0();
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return false;
    switch (path) {
    case DK_PATH_AVX2: return (xcr0 & 0x6) == 0x6 && ((ebx >> 5) & 1);
    case DK_PATH_AVX512: return (xcr0 & 0xE6) == 0xE6 && ((ebx >> 16) & 1);
    default: return true;
    }
}
#endif

/* Bit p set = path p runs here, bit 31 = checked; racing first calls store the same value. */
static unsigned int dk_available_paths;

bool dk_path_available(dk_path path) {
    unsigned int mask = __atomic_load_n(&dk_available_paths, __ATOMIC_RELAXED);
    if (mask == 0) {
        mask = 1u << 31 | 1u << DK_PATH_SCALAR | 1u << DK_PATH_VECTOR128;
#if defined(__x86_64__)
        if (dk_cpu_has(DK_PATH_AVX2)) mask |= 1u << DK_PATH_AVX2;
        if (dk_cpu_has(DK_PATH_AVX512)) mask |= 1u << DK_PATH_AVX512;
#endif
        __atomic_store_n(&dk_available_paths, mask, __ATOMIC_RELAXED);
    }
    return (unsigned int)path < 31 && ((mask >> path) & 1);
}

const char *dk_path_name(dk_path path) {
    switch (path) {
    case DK_PATH_SCALAR: return "scalar";
    case DK_PATH_VECTOR128: return "vector128";
    case DK_PATH_AVX2: return "avx2";
    case DK_PATH_AVX512: return "avx512";
    }
    return "unknown";
}

/* 0 = not chosen yet, else path + 1; racing first calls store the same value. */
static int dk_chosen_path;

dk_path dk_default_path(void) {
    int chosen = __atomic_load_n(&dk_chosen_path, __ATOMIC_RELAXED);
    if (chosen == 0) {
        dk_path path = DK_PATH_VECTOR128;
        if (dk_path_available(DK_PATH_AVX512)) path = DK_PATH_AVX512;
        else if (dk_path_available(DK_PATH_AVX2)) path = DK_PATH_AVX2;
        /* P2PGRID_GEMM_PATH forces a path, to compare paths end to end (the bits agree by construction). */
        const char *forced = getenv("P2PGRID_GEMM_PATH");
        if (forced) {
            for (int candidate = DK_PATH_SCALAR; candidate <= DK_PATH_AVX512; candidate++) {
                if (strcmp(forced, dk_path_name((dk_path)candidate)) == 0 && dk_path_available((dk_path)candidate))
                    path = (dk_path)candidate;
            }
        }
        chosen = (int)path + 1;
        __atomic_store_n(&dk_chosen_path, chosen, __ATOMIC_RELAXED);
    }
    return (dk_path)(chosen - 1);
}

void dk_sgemm_on_path(dk_path path, dk_transpose trans_a, dk_transpose trans_b,
                      ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
                      const float *a, ptrdiff_t lda, const float *b, ptrdiff_t ldb,
                      bool accumulate, float *c, ptrdiff_t ldc) {
    if (m <= 0 || n <= 0) return;
    if (k <= 0) {
        if (!accumulate)
            for (ptrdiff_t i = 0; i < m; i++) memset(c + i * ldc, 0, (size_t)n * sizeof(float));
        return;
    }
    const bool ta = trans_a == DK_TRANSPOSE, tb = trans_b == DK_TRANSPOSE;
    if (!dk_path_available(path)) path = DK_PATH_SCALAR;
    switch (path) {
    case DK_PATH_VECTOR128: dk_sgemm_vector128(ta, tb, m, n, k, a, lda, b, ldb, accumulate, c, ldc); return;
#if defined(__x86_64__)
    case DK_PATH_AVX2: dk_sgemm_avx2(ta, tb, m, n, k, a, lda, b, ldb, accumulate, c, ldc); return;
    case DK_PATH_AVX512: dk_sgemm_avx512(ta, tb, m, n, k, a, lda, b, ldb, accumulate, c, ldc); return;
#endif
    default: dk_sgemm_scalar(ta, tb, m, n, k, a, lda, b, ldb, accumulate, c, ldc); return;
    }
}

void dk_sgemm(dk_transpose trans_a, dk_transpose trans_b, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
              const float *a, ptrdiff_t lda, const float *b, ptrdiff_t ldb,
              bool accumulate, float *c, ptrdiff_t ldc) {
    dk_sgemm_on_path(dk_default_path(), trans_a, trans_b, m, n, k, a, lda, b, ldb, accumulate, c, ldc);
}
