/*
 * Minimum-degree ordering on the explicit elimination graph: eliminating v
 * joins its neighbours into a clique. The OPF's KKT systems have a few
 * hundred rows and little fill, where this exact form is cheaper than the
 * quotient-graph machinery of AMD; ties go to the most recently updated
 * vertex, deterministically.
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"

/* One vertex's current neighbours in the elimination graph. */
typedef struct {
    int *items;
    int count;
    int capacity;
} adjacency;

static int reserve(adjacency *list, int capacity) {
    if (capacity <= list->capacity) return 1;
    int grown = list->capacity * 2 > capacity ? list->capacity * 2 : capacity;
    int *items = realloc(list->items, (size_t)grown * sizeof(int));
    if (!items) return 0;
    list->items = items;
    list->capacity = grown;
    return 1;
}

/* Degree buckets: doubly linked lists of uneliminated vertices by current degree. */
typedef struct {
    int *head, *next, *prev, *degree;
} buckets;

static void bucket_insert(buckets *b, int v, int d) {
    b->degree[v] = d;
    b->prev[v] = -1;
    b->next[v] = b->head[d];
    if (b->head[d] >= 0) b->prev[b->head[d]] = v;
    b->head[d] = v;
}

static void bucket_remove(buckets *b, int v) {
    int d = b->degree[v];
    if (b->prev[v] >= 0) b->next[b->prev[v]] = b->next[v];
    else b->head[d] = b->next[v];
    if (b->next[v] >= 0) b->prev[b->next[v]] = b->prev[v];
}

sldl_status sldl_minimum_degree(const sldl_graph *graph, int *order) {
    int n = graph->n;
    adjacency *adj = calloc((size_t)n, sizeof(adjacency));
    int *ints = malloc((size_t)6 * (size_t)n * sizeof(int));
    if (!adj || !ints) { free(adj); free(ints); return SLDL_OUT_OF_MEMORY; }
    buckets b = { ints, ints + n, ints + 2 * n, ints + 3 * n };
    int *mark = ints + 4 * n, *merged = ints + 5 * n;
    sldl_status status = SLDL_OK;
    for (int v = 0; v < n; v++) {
        int d = graph->start[v + 1] - graph->start[v];
        if (!reserve(&adj[v], d > 0 ? d : 1)) { status = SLDL_OUT_OF_MEMORY; goto done; }
        memcpy(adj[v].items, graph->neighbour + graph->start[v], (size_t)d * sizeof(int));
        adj[v].count = d;
        b.head[v] = -1;
        mark[v] = -1;
    }
    for (int v = n - 1; v >= 0; v--) bucket_insert(&b, v, adj[v].count);
    int min_degree = 0;
    for (int k = 0; k < n; k++) {
        while (b.head[min_degree] < 0) min_degree++;
        int v = b.head[min_degree];
        bucket_remove(&b, v);
        order[k] = v;
        const int *clique = adj[v].items;
        int size = adj[v].count;
        for (int t = 0; t < size; t++) mark[clique[t]] = v;
        mark[v] = v;
        /* Each neighbour u loses v and gains the rest of v's neighbourhood. */
        for (int t = 0; t < size; t++) {
            int u = clique[t];
            int kept = 0;
            for (int s = 0; s < adj[u].count; s++) {
                int w = adj[u].items[s];
                if (mark[w] != v) merged[kept++] = w;
            }
            if (!reserve(&adj[u], kept + size)) { status = SLDL_OUT_OF_MEMORY; goto done; }
            memcpy(adj[u].items, merged, (size_t)kept * sizeof(int));
            for (int s = 0; s < size; s++) {
                if (clique[s] != u) adj[u].items[kept++] = clique[s];
            }
            adj[u].count = kept;
            bucket_remove(&b, u);
            bucket_insert(&b, u, kept);
            if (kept < min_degree) min_degree = kept;
        }
        adj[v].count = 0;
    }
done:
    for (int v = 0; v < n; v++) free(adj[v].items);
    free(adj);
    free(ints);
    return status;
}
