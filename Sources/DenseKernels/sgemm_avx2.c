/* AVX2 path: 6 × 16 tiles in 12 of the 16 ymm registers. AVX2 only, no FMA
 * feature: the products and sums stay separate (see dense_kernels.h). */
#if defined(__x86_64__)
#include "sgemm_paths.h"

#pragma clang attribute push(__attribute__((target("avx2"))), apply_to = function)
#define DK_W 8
#define DK_MR 6
#define DK_NV 2
#define DK_NAME dk_sgemm_avx2
#include "sgemm_blocked.h"
#pragma clang attribute pop
#endif
