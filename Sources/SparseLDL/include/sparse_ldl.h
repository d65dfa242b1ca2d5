#ifndef P2PGRID_SPARSE_LDL_H
#define P2PGRID_SPARSE_LDL_H
/*
 * SparseLDL — sparse symmetric indefinite LDLᵀ factorisation, P·A·Pᵀ = L·D·Lᵀ
 * with L unit lower triangular and D block diagonal (1×1 and 2×2 blocks).
 *
 * Design (the MA27/MA57 family): a minimum-degree ordering, the elimination
 * tree grouped into supernodes, and a multifrontal numeric factorisation whose
 * dense fronts are factorised with threshold Bunch–Kaufman pivoting; a fully
 * summed variable that has no stable pivot in its front is delayed to the
 * parent front. The inertia is read off D exactly.
 *
 * Two interfaces share one implementation:
 *  - the sldl_* API below, which owns its memory;
 *  - MA27-compatible entry points (sparse_ldl_ma27*), which follow the
 *    calling conventions of HSL MA27 as Ipopt 3.11's Ma27TSolverInterface
 *    uses them, so that they can be handed to Ipopt's `LSL_setMA27`.
 *
 * Nothing here keeps global state: concurrent calls on different data are safe.
 */

#ifdef __cplusplus
extern "C" {
#endif

/** Outcome of an analysis or factorisation. */
typedef enum {
    SLDL_OK = 0,
    /** The matrix is singular: `rank` < n; the factors are still usable (zero pivots are skipped). */
    SLDL_SINGULAR = 1,
    /** `n` < 1 or `nz` < 0. */
    SLDL_INVALID_SIZE = -1,
    /** The caller's integer factor array is too small; `needed_int` says how large it must be. */
    SLDL_INT_SPACE_TOO_SMALL = -3,
    /** The caller's real factor array is too small; `needed_real` says how large it must be. */
    SLDL_REAL_SPACE_TOO_SMALL = -4,
    /** Scratch memory could not be allocated. */
    SLDL_OUT_OF_MEMORY = -10,
} sldl_status;

/** Statistics of an analysis or factorisation. */
typedef struct {
    sldl_status status;
    /** Entries ignored because a row or column index was out of range. */
    int ignored_entries;
    /** Real / integer factor storage needed (analysis: the estimate without delayed pivots). */
    int needed_real;
    int needed_int;
    /** Supernodes (fronts) of the assembly tree. */
    int supernodes;
    /** Largest front order. */
    int max_front;
    /** Factorisation only: numerical rank, negative / zero eigenvalues of D, 2×2 pivots, delayed pivots. */
    int rank;
    int negative_eigenvalues;
    int zero_eigenvalues;
    int two_by_two_pivots;
    int delayed_pivots;
    /** Floating-point operations of the factorisation (analysis: estimate). */
    double operations;
} sldl_info;

/* ----------------------------------------------------------------------------
 * Owning API. Indices are 0-based; (rows[k], cols[k]) may lie in either
 * triangle, duplicates are summed.
 * ------------------------------------------------------------------------- */

/** An analysed sparsity pattern and, after sldl_factorise, its factors. */
typedef struct sldl_factors sldl_factors;

/**
 * Orders and analyses the pattern of a symmetric n×n matrix given by nz
 * (row, column) pairs. Returns NULL only if memory runs out or n < 1 / nz < 0;
 * `info` (optional) receives the analysis statistics.
 */
sldl_factors *sldl_analyse(int n, int nz, const int *rows, const int *cols, sldl_info *info);

/**
 * Factorises the matrix whose k-th entry is values[k] at the analysed
 * (rows[k], cols[k]), with pivot threshold u in [0, 0.5] (a 1×1 pivot a_jj
 * is accepted if |a_jj| ≥ u·max_i≠j |a_ij|; larger u, more stable, more
 * 2×2 pivots and delays; MA27's default is 0.1). A pivot column
 * whose remaining entries are all at most zero_pivot_tolerance in magnitude,
 * or have cancelled to 1e-14 of their assembled size, is a zero pivot: it
 * counts towards rank deficiency and the solve sets its component to zero.
 * Returns SLDL_OK, SLDL_SINGULAR (factors usable) or SLDL_OUT_OF_MEMORY.
 */
sldl_status sldl_factorise(sldl_factors *factors, const double *values, double u, double zero_pivot_tolerance,
                           sldl_info *info);

/** Overwrites rhs (length n) with the solution of A·x = rhs, using the last factorisation. */
void sldl_solve(const sldl_factors *factors, double *rhs);

/** Inertia of the last factorisation: numbers of negative, zero and positive eigenvalues of A. */
void sldl_inertia(const sldl_factors *factors, int *negative, int *zero, int *positive);

/** Releases everything sldl_analyse allocated. */
void sldl_free(sldl_factors *factors);

/* ----------------------------------------------------------------------------
 * Quasi-definite API (quasi_definite.c): a static-pivot LDLᵀ, D diagonal, for
 * matrices [[H, Aᵀ], [A, −G]] with H and G positive definite — the regularised
 * Newton systems of interior-point methods. The order (minimum degree), the
 * elimination tree and the pattern of L are fixed once by sldl_qd_analyse;
 * sldl_qd_factorise then refactorises new values on the same pattern without
 * pivoting. Indices 0-based, either triangle, duplicates summed, as above.
 * ------------------------------------------------------------------------- */

/** An analysed quasi-definite pattern and, after sldl_qd_factorise, its factors. */
typedef struct sldl_qd_factors sldl_qd_factors;

/**
 * Analyses the pattern of the symmetric n×n matrix; signs[i] (+1 or −1) is the
 * sign the pivot of variable i must have (+1 in H, −1 in −G). Every diagonal
 * entry should be in the pattern. NULL when n < 1, nz < 0, an index is out of
 * range or memory runs out.
 */
sldl_qd_factors *sldl_qd_analyse(int n, int nz, const int *rows, const int *cols, const signed char *signs);

/**
 * Factorises the values (values[k] at the analysed (rows[k], cols[k])). A pivot
 * whose signed value sign·d is at most `threshold` (wrong sign, tiny, or NaN) is
 * replaced by sign·delta. Returns the number of pivots so replaced.
 */
int sldl_qd_factorise(sldl_qd_factors *factors, const double *values, double threshold, double delta);

/** Overwrites rhs (length n) with the solution for the last factorisation. Uses the factors' work space. */
void sldl_qd_solve(const sldl_qd_factors *factors, double *rhs);

/** Entries of L below its diagonal. */
int sldl_qd_entries(const sldl_qd_factors *factors);

/** Releases everything sldl_qd_analyse allocated. */
void sldl_qd_free(sldl_qd_factors *factors);

/* ----------------------------------------------------------------------------
 * MA27-compatible entry points (1-based Fortran conventions, all by pointer).
 * Signatures match Ipopt's ma27ad_t … ma27id_t in HSLLoader.h.
 *
 * ICNTL(30)/CNTL(5) as set by sparse_ldl_ma27id; honoured: CNTL(1) = pivot
 * threshold u (clamped to [0, 0.5]), CNTL(3) = absolute magnitude at or below
 * which a whole pivot column counts as zero. No output is ever printed.
 *
 * INFO(20): INFO(1) = 0 ok, 1 warning (INFO(2) entries out of range were
 * ignored), 3 warning (singular, INFO(2) = rank), -1 N < 1, -2 NZ < 0,
 * -3 LIW too small / -4 LA too small (INFO(2) = the size needed; enlarge and
 * call MA27BD again with the values reloaded into A), -10 out of memory.
 * INFO(5)/INFO(6) = LA/LIW needed (analysis: estimate, factorisation: used),
 * INFO(14) = number of 2×2 pivots, INFO(15) = number of negative eigenvalues.
 *
 * What persists between calls: IKEEP (3·N) and NSTEPS from MA27AD to MA27BD;
 * A (LA) and IW (LIW) from MA27BD to MA27CD — they hold the whole factorisation.
 * IW1, W and the work space of MA27AD are not used.
 * ------------------------------------------------------------------------- */

/** MA27ID: default control parameters. */
void sparse_ldl_ma27id(int *ICNTL, double *CNTL);

/** MA27AD: ordering and analysis of the pattern (IRN, ICN) of length NZ; IFLAG is ignored (always orders). */
void sparse_ldl_ma27ad(int *N, int *NZ, const int *IRN, const int *ICN, int *IW, int *LIW, int *IKEEP, int *IW1,
                       int *NSTEPS, int *IFLAG, int *ICNTL, double *CNTL, int *INFO, double *OPS);

/** MA27BD: numeric factorisation; A(1:NZ) holds the values on entry and the factors on exit. */
void sparse_ldl_ma27bd(int *N, int *NZ, const int *IRN, const int *ICN, double *A, int *LA, int *IW, int *LIW,
                       int *IKEEP, int *NSTEPS, int *MAXFRT, int *IW1, int *ICNTL, double *CNTL, int *INFO);

/**
 * MA27CD: solves A·x = RHS in place. The last argument is MA27's INFO, which
 * Ipopt's typedef declares as `double *`; it is neither read nor written.
 */
void sparse_ldl_ma27cd(int *N, double *A, int *LA, int *IW, int *LIW, double *W, int *MAXFRT, double *RHS, int *IW1,
                       int *NSTEPS, int *ICNTL, double *INFO);

#ifdef __cplusplus
}
#endif
#endif
