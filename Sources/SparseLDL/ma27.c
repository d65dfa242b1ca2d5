/*
 * MA27's calling sequence over SparseLDL, as Ipopt 3.11's Ma27TSolverInterface
 * drives it: MA27ID once, MA27AD per sparsity structure (Ipopt then sizes
 * LA = max(NZ, f·INFO(5)) and LIW = f·INFO(6)), MA27BD per matrix with the
 * values in A(1:NZ) (on INFO(1) = -3/-4 Ipopt enlarges to twice INFO(2),
 * reloads the values and calls again), MA27CD per right-hand side.
 */
#include <string.h>
#include "internal.h"

enum { ICNTL_LENGTH = 30, CNTL_LENGTH = 5, INFO_LENGTH = 20 };

void sparse_ldl_ma27id(int *ICNTL, double *CNTL) {
    memset(ICNTL, 0, ICNTL_LENGTH * sizeof(int));
    /* MA27's stream numbers and print level; kept for fidelity, this implementation never prints. */
    ICNTL[0] = 6;
    ICNTL[1] = 6;
    memset(CNTL, 0, CNTL_LENGTH * sizeof(double));
    CNTL[0] = 0.1;  /* MA27's default pivot threshold u. */
    CNTL[1] = 1.0;  /* MA27's dense-row switch; unused here. */
    CNTL[2] = 0.0;  /* Absolute zero-pivot level: only columns that vanish entirely (relatively) are zero. */
}

void sparse_ldl_ma27ad(int *N, int *NZ, const int *IRN, const int *ICN, int *IW, int *LIW, int *IKEEP, int *IW1,
                       int *NSTEPS, int *IFLAG, int *ICNTL, double *CNTL, int *INFO, double *OPS) {
    (void)IW; (void)LIW; (void)IW1; (void)IFLAG; (void)ICNTL; (void)CNTL;
    memset(INFO, 0, INFO_LENGTH * sizeof(int));
    sldl_info info;
    int supernodes = 0;
    sldl_analyse_pattern(*N, *NZ, IRN, ICN, 1, IKEEP, &supernodes, &info);
    if (info.status == SLDL_INVALID_SIZE) { INFO[0] = *N < 1 ? -1 : -2; return; }
    if (info.status != SLDL_OK) { INFO[0] = -10; return; }
    *NSTEPS = supernodes;
    *OPS = info.operations;
    if (info.ignored_entries > 0) { INFO[0] = 1; INFO[1] = info.ignored_entries; }
    INFO[2] = INFO[4] = info.needed_real;
    INFO[3] = INFO[5] = info.needed_int;
    INFO[6] = info.needed_real;
    INFO[7] = info.needed_int;
}

void sparse_ldl_ma27bd(int *N, int *NZ, const int *IRN, const int *ICN, double *A, int *LA, int *IW, int *LIW,
                       int *IKEEP, int *NSTEPS, int *MAXFRT, int *IW1, int *ICNTL, double *CNTL, int *INFO) {
    (void)NSTEPS; (void)IW1; (void)ICNTL;
    memset(INFO, 0, INFO_LENGTH * sizeof(int));
    double u = CNTL[0] < 0 ? 0 : (CNTL[0] > 0.5 ? 0.5 : CNTL[0]);
    sldl_info info;
    sldl_factorise_pattern(*N, *NZ, IRN, ICN, 1, A, IKEEP, u, CNTL[2], A, *LA, IW, *LIW, &info);
    *MAXFRT = info.max_front;
    INFO[4] = info.needed_real;
    INFO[5] = info.needed_int;
    INFO[8] = info.needed_real;
    INFO[9] = info.needed_int;
    INFO[13] = info.two_by_two_pivots;
    INFO[14] = info.negative_eigenvalues;
    switch (info.status) {
    case SLDL_OK:
        if (info.ignored_entries > 0) { INFO[0] = 1; INFO[1] = info.ignored_entries; }
        break;
    case SLDL_SINGULAR: INFO[0] = 3; INFO[1] = info.rank; break;
    case SLDL_INT_SPACE_TOO_SMALL: INFO[0] = -3; INFO[1] = info.needed_int; break;
    case SLDL_REAL_SPACE_TOO_SMALL: INFO[0] = -4; INFO[1] = info.needed_real; break;
    case SLDL_INVALID_SIZE: INFO[0] = *N < 1 ? -1 : -2; break;
    case SLDL_OUT_OF_MEMORY: INFO[0] = -10; break;
    }
}

void sparse_ldl_ma27cd(int *N, double *A, int *LA, int *IW, int *LIW, double *W, int *MAXFRT, double *RHS, int *IW1,
                       int *NSTEPS, int *ICNTL, double *INFO) {
    (void)N; (void)LA; (void)LIW; (void)W; (void)MAXFRT; (void)IW1; (void)NSTEPS; (void)ICNTL; (void)INFO;
    sldl_solve_factors(A, IW, RHS);
}
