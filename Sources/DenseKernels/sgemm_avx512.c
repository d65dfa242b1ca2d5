/* AVX-512F path: 8 × 32 tiles in 16 of the 32 zmm registers. The target
 * implies FMA instructions; contraction is off in sgemm_blocked.h, so the
 * compiler never emits them (see dense_kernels.h). */
#if defined(__x86_64__)
#include "sgemm_paths.h"

#pragma clang attribute push(__attribute__((target("avx512f"))), apply_to = function)
#define DK_W 16
#define DK_MR 8
#define DK_NV 2
#define DK_NAME dk_sgemm_avx512
#include "sgemm_blocked.h"
#pragma clang attribute pop
#endif
