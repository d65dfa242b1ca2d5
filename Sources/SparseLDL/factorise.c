/*
 * Multifrontal numeric factorisation. Supernodes are visited in the
 * postorder of the analysis, so the contribution blocks of a supernode's
 * children are the top entries of a stack when it is assembled. A front holds
 * the variables delayed by its children, its own columns, and the rows below
 * them; after its partial factorisation the uneliminated rest (delayed
 * variables first) goes onto the stack for the parent.
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"

/* Growable scratch; everything is released at the end of a factorisation. */
typedef struct {
    double *values;
    long count, capacity;
} real_stack;

typedef struct {
    int *values;
    long count, capacity;
} int_stack;

static int reserve_reals(real_stack *s, long extra) {
    if (s->count + extra <= s->capacity) return 1;
    long grown = 2 * s->capacity > s->count + extra ? 2 * s->capacity : s->count + extra;
    double *values = realloc(s->values, (size_t)grown * sizeof(double));
    if (!values) return 0;
    s->values = values;
    s->capacity = grown;
    return 1;
}

static int reserve_ints(int_stack *s, long extra) {
    if (s->count + extra <= s->capacity) return 1;
    long grown = 2 * s->capacity > s->count + extra ? 2 * s->capacity : s->count + extra;
    int *values = realloc(s->values, (size_t)grown * sizeof(int));
    if (!values) return 0;
    s->values = values;
    s->capacity = grown;
    return 1;
}

/* A contribution block on the stack: order, and where its indices and (square) values start. */
typedef struct {
    int order;
    long index_offset, value_offset;
} contribution;

void sldl_factorise_pattern(int n, int nz, const int *rows, const int *cols, int base, const double *values,
                            const int *keep, double u, double zero_pivot_tolerance, double *a, int la, int *iw,
                            int liw, sldl_info *info) {
    *info = (sldl_info){ 0 };
    if (n < 1 || nz < 0) { info->status = SLDL_INVALID_SIZE; return; }
    const int *position = keep, *original = keep + n, *parent_first = keep + 2 * n;

    /* The lower triangle of the permuted matrix by column, values copied out before a is overwritten. */
    int *ints = malloc(((size_t)5 * (size_t)n + 2 + (size_t)nz) * sizeof(int));
    double *entries = malloc(((size_t)nz + 1) * sizeof(double));
    real_stack front = { 0 }, blocks = { 0 };
    int_stack indices = { 0 };
    contribution *stack = NULL;
    if (!ints || !entries) goto out_of_memory;
    int *start = ints, *local = ints + n + 1, *children = ints + 2 * n + 1, *snode_of = ints + 3 * n + 1;
    int *kind = ints + 4 * n + 1, *row = ints + 5 * n + 2;
    memset(start, 0, ((size_t)n + 1) * sizeof(int));
    for (int t = 0; t < nz; t++) {
        int i = rows[t] - base, j = cols[t] - base;
        if (i < 0 || i >= n || j < 0 || j >= n) { info->ignored_entries++; continue; }
        int pi = position[i], pj = position[j];
        start[(pi < pj ? pi : pj) + 1]++;
    }
    for (int c = 0; c < n; c++) start[c + 1] += start[c];
    for (int c = 0; c < n; c++) local[c] = start[c];
    for (int t = 0; t < nz; t++) {
        int i = rows[t] - base, j = cols[t] - base;
        if (i < 0 || i >= n || j < 0 || j >= n) continue;
        int pi = position[i], pj = position[j];
        int slot = local[pi < pj ? pi : pj]++;
        row[slot] = pi > pj ? pi : pj;
        entries[slot] = values[t];
    }
    /* Supernodes and how many children each has (their blocks are on the stack when it is assembled). */
    int supernodes = 0;
    for (int c = 0; c < n; c++) {
        local[c] = -1;
        if (parent_first[c] >= 0) snode_of[c] = supernodes++;
    }
    memset(children, 0, (size_t)n * sizeof(int));
    for (int c = 0; c < n; c++) {
        if (parent_first[c] >= 0 && parent_first[c] < n) children[snode_of[parent_first[c]]]++;
    }
    stack = malloc((size_t)supernodes * sizeof(contribution));
    if (!stack) goto out_of_memory;

    int header = 2 + 2 * supernodes;
    long iw_used = header, a_used = 0;
    int stored = 0, depth = 0, s = 0;
    double operations = 0;
    for (int f = 0; f < n; s++) {
        int l = f + 1;
        while (l < n && parent_first[l] < 0) l++;
        int is_root = parent_first[f] == n;
        int first_child = depth - children[s];
        /* Front variables: delayed ones (positions before f, from children), own columns, rows below. */
        long list = indices.count;
        int m = 0;
        if (!reserve_ints(&indices, n)) goto out_of_memory;
        int *idx = indices.values + list;
        for (int b = first_child; b < depth; b++) {
            const int *block = indices.values + stack[b].index_offset;
            for (int t = 0; t < stack[b].order; t++) {
                if (block[t] < f) { local[block[t]] = m; idx[m++] = block[t]; }
            }
        }
        int delayed = m;
        for (int c = f; c < l; c++) { local[c] = m; idx[m++] = c; }
        int k = m;
        for (int c = f; c < l; c++) {
            for (int t = start[c]; t < start[c + 1]; t++) {
                if (local[row[t]] < 0) { local[row[t]] = m; idx[m++] = row[t]; }
            }
        }
        for (int b = first_child; b < depth; b++) {
            const int *block = indices.values + stack[b].index_offset;
            for (int t = 0; t < stack[b].order; t++) {
                if (local[block[t]] < 0) { local[block[t]] = m; idx[m++] = block[t]; }
            }
        }
        info->delayed_pivots += delayed;
        if (m > info->max_front) info->max_front = m;

        /* Assemble the original entries and the children's contribution blocks. */
        if (!reserve_reals(&front, (long)m * m + 3L * m)) goto out_of_memory;
        double *F = front.values;
        for (int j = 0; j < m; j++) memset(F + (long)j * m + j, 0, (size_t)(m - j) * sizeof(double));
        for (int c = f; c < l; c++) {
            int j = local[c];
            for (int t = start[c]; t < start[c + 1]; t++) {
                int i = local[row[t]];
                if (i >= j) F[i + (long)j * m] += entries[t];
                else F[j + (long)i * m] += entries[t];
            }
        }
        for (int b = first_child; b < depth; b++) {
            const int *block = indices.values + stack[b].index_offset;
            const double *cb = blocks.values + stack[b].value_offset;
            int order = stack[b].order;
            for (int jj = 0; jj < order; jj++) {
                int j = local[block[jj]];
                const double *column = cb + (long)jj * order;
                for (int ii = jj; ii < order; ii++) {
                    int i = local[block[ii]];
                    if (i >= j) F[i + (long)j * m] += column[ii];
                    else F[j + (long)i * m] += column[ii];
                }
            }
        }
        for (int t = 0; t < m; t++) local[idx[t]] = -1;

        sldl_front_result result = sldl_front_factorise(F, m, k, u, zero_pivot_tolerance, is_root, idx, kind,
                                                        F + (long)m * m);
        int npiv = result.eliminated;
        info->negative_eigenvalues += result.negative;
        info->zero_eigenvalues += result.zero;
        info->two_by_two_pivots += result.two_by_two;
        for (int c = 0; c < npiv; c++) operations += (double)(m - c - 1) * (double)(m - c - 1);

        /* Store the pivot columns, or only count their size once the caller's arrays are full. */
        if (npiv > 0) {
            long ints_needed = 2L + m + npiv, reals_needed = (long)npiv * m - (long)npiv * (npiv - 1) / 2;
            if (iw_used + ints_needed <= liw && a_used + reals_needed <= la && stored < supernodes) {
                iw[2 + 2 * stored] = (int)iw_used;
                iw[3 + 2 * stored] = (int)a_used;
                int *record = iw + iw_used;
                record[0] = m;
                record[1] = npiv;
                for (int t = 0; t < m; t++) record[2 + t] = original[idx[t]];
                memcpy(record + 2 + m, kind, (size_t)npiv * sizeof(int));
                for (int c = 0; c < npiv; c++) {
                    memcpy(a + a_used, F + (long)c * m + c, (size_t)(m - c) * sizeof(double));
                    a_used += m - c;
                }
                stored++;
            } else {
                a_used += reals_needed;
            }
            iw_used += ints_needed;
        }

        /* Replace the children's blocks by this front's block. */
        depth = first_child;
        long index_base = depth > 0 ? stack[depth - 1].index_offset + stack[depth - 1].order : 0;
        long value_base = depth > 0 ? stack[depth - 1].value_offset
                                          + (long)stack[depth - 1].order * stack[depth - 1].order : 0;
        int order = m - npiv;
        if (!is_root) {
            memmove(indices.values + index_base, idx + npiv, (size_t)order * sizeof(int));
            indices.count = index_base + order;
            blocks.count = value_base;
            if (!reserve_reals(&blocks, (long)order * order)) goto out_of_memory;
            double *cb = blocks.values + value_base;
            for (int j = 0; j < order; j++) {
                memcpy(cb + (long)j * order + j, F + (long)(npiv + j) * m + npiv + j, (size_t)(order - j) * sizeof(double));
            }
            blocks.count += (long)order * order;
            stack[depth++] = (contribution){ order, index_base, value_base };
        } else {
            indices.count = index_base;
            blocks.count = value_base;
        }
        f = l;
    }
    info->supernodes = supernodes;
    info->rank = n - info->zero_eigenvalues;
    info->needed_real = a_used > nz ? (int)a_used : nz;
    info->needed_int = (int)iw_used;
    info->operations = operations;
    if (info->needed_real > la) info->status = SLDL_REAL_SPACE_TOO_SMALL;
    else if (iw_used > liw) info->status = SLDL_INT_SPACE_TOO_SMALL;
    else if (info->zero_eigenvalues > 0) info->status = SLDL_SINGULAR;
    else info->status = SLDL_OK;
    if (info->status >= 0) {
        iw[0] = stored;
        iw[1] = n;
    }
    goto done;
out_of_memory:
    info->status = SLDL_OUT_OF_MEMORY;
done:
    free(ints);
    free(entries);
    free(front.values);
    free(blocks.values);
    free(indices.values);
    free(stack);
}
