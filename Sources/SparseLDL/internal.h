#ifndef P2PGRID_SPARSE_LDL_INTERNAL_H
#define P2PGRID_SPARSE_LDL_INTERNAL_H
/*
 * Shared between the files of SparseLDL; not part of the public API.
 *
 * The analysis is kept in `keep` (3·n ints, MA27's IKEEP) so that the MA27
 * interface can carry it from MA27AD to MA27BD:
 *   keep[0, n)   position of original variable i in the elimination order;
 *   keep[n, 2n)  original variable at position p;
 *   keep[2n, 3n) for the first position of a supernode, the first position of
 *                its parent supernode (n for a root); -1 for other positions.
 * The order is a postorder of the assembly tree, so the columns of a
 * supernode are contiguous and every descendant precedes its ancestors.
 *
 * The factors live in a real array `a` and an integer array `iw`:
 *   iw[0] = number of stored fronts F, iw[1] = n,
 *   iw[2 + 2f], iw[3 + 2f] = offsets of front f in iw and a (f < F), then per front
 *   [m, npiv, idx[m] (original variables, 0-based), kind[npiv]],
 * where kind is 1 for a 1×1 pivot, 2 / 3 for the first / second column of a
 * 2×2 pivot. In `a`, front f stores its npiv pivot columns, column c as rows
 * c..m-1 of the front: the diagonal holds D⁻¹ (0 for a zero pivot), below it
 * the column of L. For a 2×2 pivot the slot L(c+1, c), which is zero, holds
 * the off-diagonal entry of the 2×2 block of D⁻¹.
 */
#include "sparse_ldl.h"

/** Adjacency of the graph of A + Aᵀ without self-loops, compressed by vertex. */
typedef struct {
    int n;
    int *start;     /* n + 1 */
    int *neighbour; /* start[n] */
} sldl_graph;

/** Builds the graph of the pattern (entries with an index outside [base, base + n) are counted and skipped). */
sldl_status sldl_graph_build(int n, int nz, const int *rows, const int *cols, int base, sldl_graph *graph,
                             int *ignored);

/** Releases the graph's arrays. */
void sldl_graph_free(sldl_graph *graph);

/** A minimum-degree elimination order: order[k] is the vertex eliminated k-th. */
sldl_status sldl_minimum_degree(const sldl_graph *graph, int *order);

/** Orders and analyses the pattern into keep (3·n) and the number of supernodes. */
void sldl_analyse_pattern(int n, int nz, const int *rows, const int *cols, int base, int *keep, int *supernodes,
                          sldl_info *info);

/**
 * Factorises the matrix with pattern (rows, cols) and the given values into
 * a (la reals) and iw (liw ints). values may alias a. When a or iw is too
 * small the factorisation still runs to the end, so the sizes reported in
 * info->needed_real / needed_int are exact.
 */
void sldl_factorise_pattern(int n, int nz, const int *rows, const int *cols, int base, const double *values,
                            const int *keep, double u, double zero_pivot_tolerance, double *a, int la, int *iw,
                            int liw, sldl_info *info);

/** Overwrites x with A⁻¹·x from the factors in a and iw. */
void sldl_solve_factors(const double *a, const int *iw, double *x);

/** What eliminating a front's fully summed variables produced. */
typedef struct {
    int eliminated;
    int negative;
    int zero;
    int two_by_two;
} sldl_front_result;

/**
 * Partial LDLᵀ of a dense symmetric front F (m×m, column-major, lower
 * triangle used) whose first k variables are fully summed. Pivots are chosen
 * among them by threshold Bunch–Kaufman (u); rows and columns are swapped
 * symmetrically and idx with them. Eliminated columns end up first, in the
 * factor layout described above, with their kind in kind[]; the Schur
 * complement of the rest is left in F. When must_eliminate_all is set (a root
 * front, which has no parent to delay to), unstable pivots are forced with the
 * Bunch–Kaufman rule instead of being delayed. work holds 3·m doubles.
 */
sldl_front_result sldl_front_factorise(double *F, int m, int k, double u, double zero_pivot_tolerance,
                                       int must_eliminate_all, int *idx, int *kind, double *work);

#endif
