/* Forward and backward substitution with the stored fronts: x ← L⁻ᵀ D⁻¹ L⁻¹ x (in the original numbering). */
#include "internal.h"

void sldl_solve_factors(const double *a, const int *iw, double *x) {
    int fronts = iw[0];
    for (int f = 0; f < fronts; f++) {
        const int *record = iw + iw[2 + 2 * f];
        const double *column = a + iw[3 + 2 * f];
        int m = record[0], npiv = record[1];
        const int *idx = record + 2, *kind = record + 2 + m;
        const double *first = column;
        for (int c = 0; c < npiv; c++) {
            double xc = x[idx[c]];
            /* Column c holds rows c..m-1; in the first column of a 2×2 pivot, row c+1 belongs to D⁻¹. */
            int below = kind[c] == 2 ? c + 2 : c + 1;
            for (int r = below; r < m; r++) x[idx[r]] -= column[r - c] * xc;
            column += m - c;
        }
        column = first;
        for (int c = 0; c < npiv; c++) {
            if (kind[c] == 2) {
                const double *next = column + (m - c);
                double x1 = x[idx[c]], x2 = x[idx[c + 1]];
                x[idx[c]] = column[0] * x1 + column[1] * x2;
                x[idx[c + 1]] = column[1] * x1 + next[0] * x2;
            } else if (kind[c] == 1) {
                x[idx[c]] *= column[0];
            }
            column += m - c;
        }
    }
    for (int f = fronts - 1; f >= 0; f--) {
        const int *record = iw + iw[2 + 2 * f];
        int m = record[0], npiv = record[1];
        const int *idx = record + 2, *kind = record + 2 + m;
        /* Columns from the last: column c starts after the c earlier columns of lengths m, m-1, … */
        const double *column = a + iw[3 + 2 * f] + ((long)npiv * m - (long)npiv * (npiv - 1) / 2);
        for (int c = npiv - 1; c >= 0; c--) {
            column -= m - c;
            int below = kind[c] == 2 ? c + 2 : c + 1;
            double sum = 0;
            for (int r = below; r < m; r++) sum += column[r - c] * x[idx[r]];
            x[idx[c]] -= sum;
        }
    }
}
