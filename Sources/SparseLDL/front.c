/*
 * Dense partial LDLᵀ of one front with threshold Bunch–Kaufman pivoting
 * (Duff & Reid's MA27/MA57 rules): a 1×1 pivot must dominate its column by
 * the factor u, a 2×2 pivot must satisfy |P⁻¹|·(γ₁, γ₂)ᵀ ≤ (1/u, 1/u)ᵀ, where
 * γ are the largest entries of its columns outside the pivot block, taken
 * over all rows of the front (so also over rows that are not yet fully
 * summed: the bound must hold for the whole column of L).
 */
#include <math.h>
#include "internal.h"

/* A column whose entries have all cancelled to this fraction of their assembled size is a zero pivot. */
static const double zero_pivot_relative = 1e-14;
/* Bunch–Kaufman's α = (1 + √17)/8, which minimises the element growth bound. */
static const double bunch_kaufman_alpha = 0.6403882032022076;

static inline double *entry(double *F, int m, int i, int j) {
    return i >= j ? &F[i + (long)j * m] : &F[j + (long)i * m];
}

/* Symmetric interchange of variables a < b: rows and columns, also in the columns already eliminated. */
static void swap_variables(double *F, int m, int a, int b, int *idx, double *scale) {
    if (a == b) return;
    double t;
    for (int j = 0; j < a; j++) { t = F[a + (long)j * m]; F[a + (long)j * m] = F[b + (long)j * m]; F[b + (long)j * m] = t; }
    for (int j = a + 1; j < b; j++) { t = F[j + (long)a * m]; F[j + (long)a * m] = F[b + (long)j * m]; F[b + (long)j * m] = t; }
    t = F[a + (long)a * m]; F[a + (long)a * m] = F[b + (long)b * m]; F[b + (long)b * m] = t;
    for (int i = b + 1; i < m; i++) { t = F[i + (long)a * m]; F[i + (long)a * m] = F[i + (long)b * m]; F[i + (long)b * m] = t; }
    int s = idx[a]; idx[a] = idx[b]; idx[b] = s;
    t = scale[a]; scale[a] = scale[b]; scale[b] = t;
}

/* Largest |F(i, c)| over the remaining rows i ≥ p other than c and skip. */
static double column_max(double *F, int m, int p, int c, int skip) {
    double largest = 0;
    for (int i = p; i < m; i++) {
        if (i == c || i == skip) continue;
        double v = fabs(*entry(F, m, i, c));
        if (v > largest) largest = v;
    }
    return largest;
}

/* The fully summed row r ≥ p, r ≠ c, with the largest |F(r, c)|, or -1. */
static int fully_summed_argmax(double *F, int m, int k, int p, int c) {
    int best = -1;
    double largest = -1;
    for (int i = p; i < k; i++) {
        if (i == c) continue;
        double v = fabs(*entry(F, m, i, c));
        if (v > largest) { largest = v; best = i; }
    }
    return best;
}

static void eliminate_1x1(double *F, int m, int p, sldl_front_result *result, int *kind, int zero) {
    kind[p] = 1;
    double d = F[p + (long)p * m];
    if (zero) {
        for (int i = p; i < m; i++) F[i + (long)p * m] = 0;
        result->zero++;
        return;
    }
    double *pivot_column = F + (long)p * m;
    for (int j = p + 1; j < m; j++) {
        double l = pivot_column[j] / d;
        double *column = F + (long)j * m;
        for (int i = j; i < m; i++) column[i] -= pivot_column[i] * l;
    }
    double inverse = 1 / d;
    for (int i = p + 1; i < m; i++) pivot_column[i] *= inverse;
    pivot_column[p] = inverse;
    if (d < 0) result->negative++;
}

static void eliminate_2x2(double *F, int m, int p, sldl_front_result *result, int *kind, double *work) {
    kind[p] = 2;
    kind[p + 1] = 3;
    double *c1 = F + (long)p * m, *c2 = F + (long)(p + 1) * m;
    double a = c1[p], b = c1[p + 1], c = c2[p + 1];
    double det = a * c - b * b;
    double *l1 = work, *l2 = work + m;
    for (int j = p + 2; j < m; j++) {
        l1[j] = (c * c1[j] - b * c2[j]) / det;
        l2[j] = (a * c2[j] - b * c1[j]) / det;
    }
    for (int j = p + 2; j < m; j++) {
        double *column = F + (long)j * m;
        double x = l1[j], y = l2[j];
        for (int i = j; i < m; i++) column[i] -= c1[i] * x + c2[i] * y;
    }
    for (int j = p + 2; j < m; j++) { c1[j] = l1[j]; c2[j] = l2[j]; }
    c1[p] = c / det;
    c1[p + 1] = -b / det;
    c2[p + 1] = a / det;
    result->two_by_two++;
    if (det < 0) result->negative++;
    else if (a + c < 0) result->negative += 2;
}

/* Whether the 2×2 block on (c, r) passes the threshold test. */
static int stable_2x2(double *F, int m, int p, int c, int r, double u) {
    double a = *entry(F, m, c, c), b = *entry(F, m, r, c), d = *entry(F, m, r, r);
    double det = fabs(a * d - b * b);
    if (det == 0) return 0;
    double gc = column_max(F, m, p, c, r), gr = column_max(F, m, p, r, c);
    return u * (fabs(d) * gc + fabs(b) * gr) <= det && u * (fabs(b) * gc + fabs(a) * gr) <= det;
}

sldl_front_result sldl_front_factorise(double *F, int m, int k, double u, double zero_pivot_tolerance,
                                       int must_eliminate_all, int *idx, int *kind, double *work) {
    sldl_front_result result = { 0 };
    double *scale = work + 2 * m;
    for (int c = 0; c < k; c++) scale[c] = fmax(column_max(F, m, 0, c, -1), fabs(F[c + (long)c * m]));
    int p = 0;
    while (p < k) {
        int chosen = 0;
        for (int c = p; c < k && !chosen; c++) {
            double diagonal = fabs(*entry(F, m, c, c));
            double gamma = column_max(F, m, p, c, -1);
            if (fmax(diagonal, gamma) <= fmax(zero_pivot_tolerance, zero_pivot_relative * scale[c])) {
                swap_variables(F, m, p, c, idx, scale);
                eliminate_1x1(F, m, p, &result, kind, 1);
                p += 1;
                chosen = 1;
            } else if (diagonal > 0 && diagonal >= u * gamma) {
                swap_variables(F, m, p, c, idx, scale);
                eliminate_1x1(F, m, p, &result, kind, 0);
                p += 1;
                chosen = 1;
            } else {
                int r = fully_summed_argmax(F, m, k, p, c);
                if (r >= 0 && stable_2x2(F, m, p, c, r, u)) {
                    swap_variables(F, m, p, c, idx, scale);
                    if (r == p) r = c;
                    swap_variables(F, m, p + 1, r, idx, scale);
                    eliminate_2x2(F, m, p, &result, kind, work);
                    p += 2;
                    chosen = 1;
                }
            }
        }
        if (chosen) continue;
        if (!must_eliminate_all) break;
        /* A root front has only fully summed rows, where the Bunch–Kaufman rule always finds a stable pivot. */
        int r = fully_summed_argmax(F, m, k, p, p);
        double a = fabs(F[p + (long)p * m]);
        double gamma = r >= 0 ? fabs(*entry(F, m, r, p)) : 0;
        if (r < 0 || a >= bunch_kaufman_alpha * gamma) {
            eliminate_1x1(F, m, p, &result, kind, a == 0);
            p += 1;
            continue;
        }
        double sigma = column_max(F, m, p, r, -1);
        if (a * sigma >= bunch_kaufman_alpha * gamma * gamma) {
            eliminate_1x1(F, m, p, &result, kind, 0);
            p += 1;
        } else if (fabs(*entry(F, m, r, r)) >= bunch_kaufman_alpha * sigma) {
            swap_variables(F, m, p, r, idx, scale);
            eliminate_1x1(F, m, p, &result, kind, 0);
            p += 1;
        } else {
            swap_variables(F, m, p + 1, r, idx, scale);
            eliminate_2x2(F, m, p, &result, kind, work);
            p += 2;
        }
    }
    result.eliminated = p;
    return result;
}
