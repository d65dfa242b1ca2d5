/* 128-bit path: SSE2 (the x86-64 baseline) or NEON; 6 × 8 tiles in 12 of the 16 registers. */
#include "sgemm_paths.h"

#define DK_W 4
#define DK_MR 6
#define DK_NV 2
#define DK_NAME dk_sgemm_vector128
#include "sgemm_blocked.h"
