/* The graph of a symmetric pattern: the input of ordering and analysis. */
#include <stdlib.h>
#include "internal.h"

sldl_status sldl_graph_build(int n, int nz, const int *rows, const int *cols, int base, sldl_graph *graph,
                             int *ignored) {
    graph->n = n;
    graph->start = calloc((size_t)n + 1, sizeof(int));
    int *mark = malloc((size_t)n * sizeof(int));
    int *fill = malloc((size_t)n * sizeof(int));
    int *count = calloc((size_t)n + 1, sizeof(int));
    /* Both directions of every off-diagonal entry before duplicates are removed. */
    int *raw = malloc(((size_t)2 * (size_t)nz + 1) * sizeof(int));
    if (!graph->start || !mark || !fill || !count || !raw) {
        free(graph->start); free(mark); free(fill); free(count); free(raw);
        graph->start = NULL;
        return SLDL_OUT_OF_MEMORY;
    }
    *ignored = 0;
    for (int k = 0; k < nz; k++) {
        int i = rows[k] - base, j = cols[k] - base;
        if (i < 0 || i >= n || j < 0 || j >= n) { (*ignored)++; continue; }
        if (i == j) continue;
        count[i + 1]++;
        count[j + 1]++;
    }
    for (int v = 0; v < n; v++) count[v + 1] += count[v];
    for (int v = 0; v < n; v++) fill[v] = count[v];
    for (int k = 0; k < nz; k++) {
        int i = rows[k] - base, j = cols[k] - base;
        if (i < 0 || i >= n || j < 0 || j >= n || i == j) continue;
        raw[fill[i]++] = j;
        raw[fill[j]++] = i;
    }
    /* Remove duplicates in place: each vertex's list is compacted towards the front of raw. */
    for (int v = 0; v < n; v++) mark[v] = -1;
    int out = 0;
    for (int v = 0; v < n; v++) {
        graph->start[v] = out;
        for (int p = count[v]; p < count[v + 1]; p++) {
            int w = raw[p];
            if (mark[w] == v) continue;
            mark[w] = v;
            raw[out++] = w;
        }
    }
    graph->start[n] = out;
    graph->neighbour = raw;
    free(count); free(mark); free(fill);
    return SLDL_OK;
}

void sldl_graph_free(sldl_graph *graph) {
    free(graph->start);
    free(graph->neighbour);
    graph->start = NULL;
    graph->neighbour = NULL;
}
