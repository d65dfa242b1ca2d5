/* The sldl_* API: the analysis, the pattern and factor arrays in one object that grows them as needed. */
#include <stdlib.h>
#include <string.h>
#include "internal.h"

struct sldl_factors {
    int n, nz;
    int *rows, *cols; /* the analysed pattern, 0-based */
    int *keep;        /* 3n, see internal.h */
    double *a;
    int *iw;
    int la, liw;
    sldl_info last;   /* of the last factorisation */
};

sldl_factors *sldl_analyse(int n, int nz, const int *rows, const int *cols, sldl_info *info) {
    sldl_info analysis;
    if (n < 1 || nz < 0) {
        if (info) *info = (sldl_info){ .status = SLDL_INVALID_SIZE };
        return NULL;
    }
    sldl_factors *factors = calloc(1, sizeof(sldl_factors));
    if (!factors) return NULL;
    factors->n = n;
    factors->nz = nz;
    factors->rows = malloc(((size_t)nz + 1) * sizeof(int));
    factors->cols = malloc(((size_t)nz + 1) * sizeof(int));
    factors->keep = malloc((size_t)3 * (size_t)n * sizeof(int));
    if (!factors->rows || !factors->cols || !factors->keep) { sldl_free(factors); return NULL; }
    memcpy(factors->rows, rows, (size_t)nz * sizeof(int));
    memcpy(factors->cols, cols, (size_t)nz * sizeof(int));
    int supernodes;
    sldl_analyse_pattern(n, nz, rows, cols, 0, factors->keep, &supernodes, &analysis);
    if (info) *info = analysis;
    if (analysis.status != SLDL_OK) { sldl_free(factors); return NULL; }
    factors->la = analysis.needed_real;
    factors->liw = analysis.needed_int;
    factors->a = malloc((size_t)factors->la * sizeof(double));
    factors->iw = malloc((size_t)factors->liw * sizeof(int));
    if (!factors->a || !factors->iw) { sldl_free(factors); return NULL; }
    return factors;
}

sldl_status sldl_factorise(sldl_factors *factors, const double *values, double u, double zero_pivot_tolerance,
                           sldl_info *info) {
    sldl_info result;
    for (;;) {
        sldl_factorise_pattern(factors->n, factors->nz, factors->rows, factors->cols, 0, values, factors->keep,
                               u, zero_pivot_tolerance, factors->a, factors->la, factors->iw, factors->liw, &result);
        /* Delayed pivots can need more than the analysis estimated: the sizes reported are exact. */
        if (result.status == SLDL_REAL_SPACE_TOO_SMALL || result.status == SLDL_INT_SPACE_TOO_SMALL) {
            double *a = realloc(factors->a, (size_t)result.needed_real * sizeof(double));
            if (a) { factors->a = a; factors->la = result.needed_real; }
            int *iw = realloc(factors->iw, (size_t)result.needed_int * sizeof(int));
            if (iw) { factors->iw = iw; factors->liw = result.needed_int; }
            if (a && iw) continue;
            result.status = SLDL_OUT_OF_MEMORY;
        }
        break;
    }
    factors->last = result;
    if (info) *info = result;
    return result.status;
}

void sldl_solve(const sldl_factors *factors, double *rhs) {
    sldl_solve_factors(factors->a, factors->iw, rhs);
}

void sldl_inertia(const sldl_factors *factors, int *negative, int *zero, int *positive) {
    *negative = factors->last.negative_eigenvalues;
    *zero = factors->last.zero_eigenvalues;
    *positive = factors->n - *negative - *zero;
}

void sldl_free(sldl_factors *factors) {
    if (!factors) return;
    free(factors->rows);
    free(factors->cols);
    free(factors->keep);
    free(factors->a);
    free(factors->iw);
    free(factors);
}
