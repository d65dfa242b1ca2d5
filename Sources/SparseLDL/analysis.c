/*
 * Symbolic analysis: elimination order, elimination tree, its postorder,
 * column counts of L, and supernodes (fundamental ones, then small ones
 * amalgamated into their parent, as MA27 does with NEMIN, because tiny
 * fronts cost more in bookkeeping than their few explicit zeros cost in flops).
 */
#include <stdlib.h>
#include "internal.h"

/* A child supernode is merged into its parent when together they have at most this many columns. */
enum { AMALGAMATION_COLUMNS = 16 };

void sldl_analyse_pattern(int n, int nz, const int *rows, const int *cols, int base, int *keep, int *supernodes,
                          sldl_info *info) {
    *info = (sldl_info){ 0 };
    if (n < 1) { info->status = SLDL_INVALID_SIZE; return; }
    if (nz < 0) { info->status = SLDL_INVALID_SIZE; return; }
    sldl_graph graph;
    info->status = sldl_graph_build(n, nz, rows, cols, base, &graph, &info->ignored_entries);
    if (info->status != SLDL_OK) return;
    int *ints = malloc((size_t)12 * (size_t)n * sizeof(int));
    if (!ints) { sldl_graph_free(&graph); info->status = SLDL_OUT_OF_MEMORY; return; }
    int *order = ints, *position = ints + n, *parent = ints + 2 * n, *ancestor = ints + 3 * n;
    int *head = ints + 4 * n, *next = ints + 5 * n, *post = ints + 6 * n, *stack = ints + 7 * n;
    int *count = ints + 8 * n, *mark = ints + 9 * n, *first = ints + 10 * n, *snode = ints + 11 * n;

    info->status = sldl_minimum_degree(&graph, order);
    if (info->status != SLDL_OK) goto done;
    for (int k = 0; k < n; k++) position[order[k]] = k;

    /* Elimination tree of the permuted matrix (Liu's algorithm with path compression). */
    for (int k = 0; k < n; k++) {
        parent[k] = -1;
        ancestor[k] = -1;
        int v = order[k];
        for (int p = graph.start[v]; p < graph.start[v + 1]; p++) {
            int i = position[graph.neighbour[p]];
            while (i >= 0 && i < k) {
                int up = ancestor[i];
                ancestor[i] = k;
                if (up < 0) parent[i] = k;
                i = up;
            }
        }
    }
    /* Postorder, children visited in increasing order. */
    for (int k = 0; k < n; k++) head[k] = -1;
    for (int k = n - 1; k >= 0; k--) {
        if (parent[k] >= 0) { next[k] = head[parent[k]]; head[parent[k]] = k; }
    }
    int visited = 0;
    for (int root = 0; root < n; root++) {
        if (parent[root] >= 0) continue;
        int top = 0;
        stack[0] = root;
        while (top >= 0) {
            int v = stack[top];
            int child = head[v];
            if (child < 0) { post[visited++] = v; top--; }
            else { head[v] = next[child]; stack[++top] = child; }
        }
    }
    /* Renumber: new position k holds old position post[k]. */
    for (int k = 0; k < n; k++) stack[post[k]] = k;
    for (int k = 0; k < n; k++) {
        int old = post[k];
        head[k] = order[old];
        next[k] = parent[old] < 0 ? -1 : stack[parent[old]];
    }
    for (int k = 0; k < n; k++) { order[k] = head[k]; parent[k] = next[k]; position[order[k]] = k; }

    /* Column counts (diagonal included) from the row subtrees of the etree. */
    for (int k = 0; k < n; k++) { count[k] = 1; mark[k] = -1; }
    for (int k = 0; k < n; k++) {
        mark[k] = k;
        int v = order[k];
        for (int p = graph.start[v]; p < graph.start[v + 1]; p++) {
            for (int i = position[graph.neighbour[p]]; i < k && mark[i] != k; i = parent[i]) {
                count[i]++;
                mark[i] = k;
            }
        }
    }
    /* Children per node, to detect fundamental supernodes. */
    for (int k = 0; k < n; k++) head[k] = 0;
    for (int k = 0; k < n; k++) if (parent[k] >= 0) head[parent[k]]++;
    /* Fundamental supernodes: snode[k] = index of k's supernode; first[s] its first column. */
    int ns = 0;
    for (int k = 0; k < n; k++) {
        int continues = k > 0 && parent[k - 1] == k && head[k] == 1 && count[k - 1] == count[k] + 1;
        if (!continues) first[ns++] = k;
        snode[k] = ns - 1;
    }
    /* Per supernode: columns (next), rows below its columns (mark), parent supernode (stack), alive (ancestor). */
    for (int s = 0; s < ns; s++) {
        int last = (s + 1 < ns ? first[s + 1] : n) - 1;
        next[s] = last - first[s] + 1;
        mark[s] = count[last] - 1;
        stack[s] = parent[last] < 0 ? -1 : snode[parent[last]];
        ancestor[s] = 1;
    }
    /* Amalgamation: a supernode whose columns end right before its parent's is merged into it. */
    for (int s = 0; s < ns; s++) {
        int p = stack[s];
        if (p < 0) continue;
        int last = first[s] + next[s];
        if (last != first[p] || next[s] + next[p] > AMALGAMATION_COLUMNS) continue;
        first[p] = first[s];
        next[p] += next[s];
        ancestor[s] = 0;
        for (int c = first[s]; c < last; c++) snode[c] = p;
    }
    for (int k = 0; k < n; k++) {
        keep[k] = position[k];
        keep[n + k] = order[k];
        keep[2 * n + k] = -1;
    }
    long real_space = 0, int_space = 2;
    double operations = 0;
    int alive = 0;
    for (int s = 0; s < ns; s++) {
        if (!ancestor[s]) continue;
        alive++;
        int p = stack[s];
        while (p >= 0 && !ancestor[p]) p = stack[p];
        keep[2 * n + first[s]] = p < 0 ? n : first[p];
        long m = next[s] + mark[s], c = next[s];
        real_space += c * m - c * (c - 1) / 2;
        int_space += 2 + 2 + m + c;
        for (long j = 0; j < c; j++) operations += (double)(m - j - 1) * (double)(m - j - 1);
        if (m > info->max_front) info->max_front = (int)m;
    }
    *supernodes = alive;
    info->supernodes = alive;
    info->needed_real = real_space > nz ? (int)real_space : nz;
    info->needed_int = (int)int_space;
    info->operations = operations;
done:
    free(ints);
    sldl_graph_free(&graph);
}
