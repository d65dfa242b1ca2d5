/*
 * Static-pivot LDLᵀ of a quasi-definite matrix [[H, Aᵀ], [A, −G]] (H and G
 * positive definite, as interior-point methods make them by regularisation).
 * Every symmetric permutation of such a matrix has an LDLᵀ factorisation
 * with D diagonal and D's signs those of the blocks (Vanderbei, "Symmetric
 * quasidefinite matrices", SIAM J. Optim. 1995), so no pivoting is needed:
 * the elimination order, the elimination tree and the pattern of L are fixed
 * by the analysis, and each factorisation of new values costs the flops of L
 * alone. The order is SparseLDL's minimum degree; the numeric factorisation
 * is the up-looking one (row k of L by a sparse triangular solve along the
 * elimination tree). The analysis also records each row's pattern in the
 * order the up-looking solve visits it and where each entry of L lands, so a
 * factorisation does no symbolic work: its arithmetic is the up-looking
 * loop's, in the same order. A pivot whose sign is wrong or whose magnitude is below
 * a threshold is replaced by ±delta (dynamic regularisation, as in Clarabel),
 * which the caller's iterative refinement then corrects.
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"

struct sldl_qd_factors {
    int n;
    int nz;
    int *order;          /* order[k]: the original index eliminated k-th */
    signed char *sign;   /* per elimination position: +1 or -1 */
    int *column_start;   /* n + 1: the permuted upper triangle (row <= column), by column */
    int *row_index;
    int *entry_slot;     /* nz: where entry k of the caller's pattern is summed into */
    double *upper;       /* the assembled values of the permuted upper triangle */
    int *parent;         /* elimination tree, -1 at a root */
    int *l_start;        /* n + 1: column j of L (strictly below the diagonal) at l_start[j] ... */
    int *l_count;        /* n: work of the analysis (entries of column j placed so far) */
    int *l_row;          /* row of each entry of L (fixed by the analysis) */
    int *row_start;      /* n + 1: row k's off-diagonal pattern at row_pattern[row_start[k] ...] */
    int *row_pattern;    /* the columns i of row k of L, in the order the up-looking solve visits them */
    int *row_slot;       /* where L(k, i) is stored: column i's entries above row k are l_start[i] ... row_slot - 1 */
    double *l_value;
    double *d_inverse;   /* n: 1 / D */
    double *work;        /* n */
    int *pattern;        /* n */
    int *flag;           /* n */
};

void sldl_qd_free(sldl_qd_factors *f) {
    if (!f) return;
    free(f->order); free(f->sign); free(f->column_start); free(f->row_index); free(f->entry_slot); free(f->upper);
    free(f->parent); free(f->l_start); free(f->l_count); free(f->l_row); free(f->l_value); free(f->d_inverse);
    free(f->row_start); free(f->row_pattern); free(f->row_slot);
    free(f->work); free(f->pattern); free(f->flag);
    free(f);
}

/* The permuted upper triangle's pattern: duplicates merged, each caller entry mapped to its slot. */
static int build_upper_pattern(sldl_qd_factors *f, const int *rows, const int *cols, const int *position) {
    int n = f->n, nz = f->nz;
    int *count = calloc((size_t)n + 1, sizeof(int)), *bucket = malloc(((size_t)nz + 1) * sizeof(int));
    int *mark = malloc((size_t)n * sizeof(int)), *slot_of = malloc((size_t)n * sizeof(int));
    if (!count || !bucket || !mark || !slot_of) { free(count); free(bucket); free(mark); free(slot_of); return 0; }
    /* Caller entries bucketed by permuted column (counting sort). */
    for (int k = 0; k < nz; k++) {
        int i = position[rows[k]], j = position[cols[k]];
        count[(i > j ? i : j) + 1]++;
    }
    for (int j = 0; j < n; j++) count[j + 1] += count[j];
    for (int k = 0; k < nz; k++) {
        int i = position[rows[k]], j = position[cols[k]];
        bucket[count[i > j ? i : j]++] = k;
    }
    for (int j = n; j > 0; j--) count[j] = count[j - 1];
    count[0] = 0;
    for (int i = 0; i < n; i++) mark[i] = -1;
    int slots = 0;
    for (int j = 0; j < n; j++) {
        f->column_start[j] = slots;
        for (int b = count[j]; b < count[j + 1]; b++) {
            int k = bucket[b], r = position[rows[k]], c = position[cols[k]];
            int i = r < c ? r : c;
            if (mark[i] != j) { mark[i] = j; slot_of[i] = slots; f->row_index[slots++] = i; }
            f->entry_slot[k] = slot_of[i];
        }
    }
    f->column_start[n] = slots;
    free(count); free(bucket); free(mark); free(slot_of);
    return 1;
}

sldl_qd_factors *sldl_qd_analyse(int n, int nz, const int *rows, const int *cols, const signed char *signs) {
    if (n < 1 || nz < 0) return NULL;
    for (int k = 0; k < nz; k++) {
        if (rows[k] < 0 || rows[k] >= n || cols[k] < 0 || cols[k] >= n) return NULL;
    }
    sldl_qd_factors *f = calloc(1, sizeof(sldl_qd_factors));
    if (!f) return NULL;
    f->n = n;
    f->nz = nz;
    size_t un = (size_t)n, unz = (size_t)nz + 1;
    f->order = malloc(un * sizeof(int));
    f->sign = malloc(un);
    f->column_start = malloc((un + 1) * sizeof(int));
    f->row_index = malloc(unz * sizeof(int));
    f->entry_slot = malloc(unz * sizeof(int));
    f->upper = malloc(unz * sizeof(double));
    f->parent = malloc(un * sizeof(int));
    f->l_start = malloc((un + 1) * sizeof(int));
    f->l_count = malloc(un * sizeof(int));
    f->d_inverse = malloc(un * sizeof(double));
    f->work = malloc(un * sizeof(double));
    f->pattern = malloc(un * sizeof(int));
    f->flag = malloc(un * sizeof(int));
    int *position = malloc(un * sizeof(int));
    if (!f->order || !f->sign || !f->column_start || !f->row_index || !f->entry_slot || !f->upper || !f->parent ||
        !f->l_start || !f->l_count || !f->d_inverse || !f->work || !f->pattern || !f->flag || !position) {
        free(position); sldl_qd_free(f); return NULL;
    }

    sldl_graph graph;
    int ignored = 0;
    if (sldl_graph_build(n, nz, rows, cols, 0, &graph, &ignored) != SLDL_OK) { free(position); sldl_qd_free(f); return NULL; }
    sldl_status ordered = sldl_minimum_degree(&graph, f->order);
    sldl_graph_free(&graph);
    if (ordered != SLDL_OK) { free(position); sldl_qd_free(f); return NULL; }
    for (int k = 0; k < n; k++) { position[f->order[k]] = k; f->sign[k] = signs[f->order[k]] < 0 ? -1 : 1; }
    if (!build_upper_pattern(f, rows, cols, position)) { free(position); sldl_qd_free(f); return NULL; }
    free(position);

    /* Elimination tree and the column counts of L (Liu; Davis's LDL). */
    int *parent = f->parent, *flag = f->flag, *count = f->l_count;
    for (int k = 0; k < n; k++) {
        parent[k] = -1;
        flag[k] = k;
        count[k] = 0;
        for (int p = f->column_start[k]; p < f->column_start[k + 1]; p++) {
            for (int i = f->row_index[p]; flag[i] != k; i = parent[i]) {
                if (parent[i] == -1) parent[i] = k;
                count[i]++;
                flag[i] = k;
            }
        }
    }
    f->l_start[0] = 0;
    for (int k = 0; k < n; k++) f->l_start[k + 1] = f->l_start[k] + count[k];
    size_t lnz = (size_t)f->l_start[n] + 1;
    f->l_row = malloc(lnz * sizeof(int));
    f->l_value = malloc(lnz * sizeof(double));
    f->row_start = malloc((un + 1) * sizeof(int));
    f->row_pattern = malloc(lnz * sizeof(int));
    f->row_slot = malloc(lnz * sizeof(int));
    if (!f->l_row || !f->l_value || !f->row_start || !f->row_pattern || !f->row_slot) { sldl_qd_free(f); return NULL; }

    /* Each row's pattern: the union of the tree paths from its column's rows up to k (the reach of the
       sparse triangular solve), in topological order; and the slot of L(k, i) in column i. */
    int *pattern = f->pattern, filled = 0;
    for (int k = 0; k < n; k++) { count[k] = 0; flag[k] = -1; }
    for (int k = 0; k < n; k++) {
        f->row_start[k] = filled;
        int top = n;
        flag[k] = k;
        for (int p = f->column_start[k]; p < f->column_start[k + 1]; p++) {
            int i = f->row_index[p], length = 0;
            for (; flag[i] != k; i = parent[i]) { pattern[length++] = i; flag[i] = k; }
            while (length > 0) pattern[--top] = pattern[--length];
        }
        for (; top < n; top++) {
            int i = pattern[top], slot = f->l_start[i] + count[i]++;
            f->row_pattern[filled] = i;
            f->row_slot[filled++] = slot;
            f->l_row[slot] = k;
        }
    }
    f->row_start[n] = filled;
    return f;
}

int sldl_qd_entries(const sldl_qd_factors *f) { return f->l_start[f->n]; }

int sldl_qd_factorise(sldl_qd_factors *f, const double *values, double threshold, double delta) {
    int n = f->n;
    double *upper = f->upper, *y = f->work, *d_inverse = f->d_inverse, *l_value = f->l_value;
    const int *l_row = f->l_row, *row_start = f->row_start, *row_pattern = f->row_pattern, *row_slot = f->row_slot;
    const int *l_start = f->l_start, *column_start = f->column_start, *row_index = f->row_index;
    memset(upper, 0, (size_t)column_start[n] * sizeof(double));
    for (int k = 0; k < f->nz; k++) upper[f->entry_slot[k]] += values[k];
    for (int k = 0; k < n; k++) y[k] = 0;
    int regularised = 0;
    for (int k = 0; k < n; k++) {
        /* Row k of L by the sparse triangular solve along its analysed pattern. */
        for (int p = column_start[k]; p < column_start[k + 1]; p++) y[row_index[p]] += upper[p];
        double diagonal = y[k];
        y[k] = 0;
        for (int t = row_start[k]; t < row_start[k + 1]; t++) {
            int i = row_pattern[t], end = row_slot[t];
            double yi = y[i];
            y[i] = 0;
            for (int p = l_start[i]; p < end; p++) y[l_row[p]] -= l_value[p] * yi;
            double lki = yi * d_inverse[i];
            diagonal -= lki * yi;
            l_value[end] = lki;
        }
        if (f->sign[k] * diagonal <= threshold || diagonal != diagonal) {
            diagonal = f->sign[k] * delta;
            regularised++;
        }
        d_inverse[k] = 1 / diagonal;
    }
    return regularised;
}

void sldl_qd_solve(const sldl_qd_factors *f, double *rhs) {
    int n = f->n;
    double *x = f->work;
    const int *l_start = f->l_start, *l_row = f->l_row;
    const double *l_value = f->l_value;
    for (int k = 0; k < n; k++) x[k] = rhs[f->order[k]];
    for (int j = 0; j < n; j++) {
        double xj = x[j];
        for (int p = l_start[j]; p < l_start[j + 1]; p++) x[l_row[p]] -= l_value[p] * xj;
    }
    for (int j = 0; j < n; j++) x[j] *= f->d_inverse[j];
    for (int j = n - 1; j >= 0; j--) {
        double sum = x[j];
        for (int p = l_start[j]; p < l_start[j + 1]; p++) sum -= l_value[p] * x[l_row[p]];
        x[j] = sum;
    }
    for (int k = 0; k < n; k++) rhs[f->order[k]] = x[k];
}
