/*
 * Level-3 BLAS (MUMPS's dense kernels, Ipopt's dense matrices) in the reference BLAS's loop
 * order, column-major: every C(i,j) is accumulated over l in increasing order, either as
 * C(i,j) += (αB(l,j))·A(i,l) (the column forms) or as α·Σ_l A(l,i)B(l,j) (the dot forms),
 * exactly as the reference routine does for each transposition; dtrsm substitutes in the
 * reference order for each side/triangle/transposition. Slow next to OpenBLAS on large
 * matrices, but Ipopt's default path here never calls these (its KKT solver is SparseLDL).
 */
#include "internal.h"

#define A_(i, j) a[(long)(i) + (long)(j) * lda_]
#define B_(i, j) b[(long)(i) + (long)(j) * ldb_]
#define C_(i, j) c[(long)(i) + (long)(j) * ldc_]

static int valid_trans(char t) { return t == 'N' || t == 'T' || t == 'C'; }

void dgemm_(const char *transa, const char *transb, const int *m, const int *n, const int *k,
            const double *alpha, const double *a, const int *lda, const double *b, const int *ldb,
            const double *beta, double *c, const int *ldc) {
    char ta = fob_letter(transa), tb = fob_letter(transb);
    int rows = *m, cols = *n, inner = *k, lda_ = *lda, ldb_ = *ldb, ldc_ = *ldc;
    double al = *alpha, be = *beta;
    int nota = ta == 'N', notb = tb == 'N';
    int arows = nota ? rows : inner, brows = notb ? inner : cols;
    if (!valid_trans(ta) || !valid_trans(tb) || rows < 0 || cols < 0 || inner < 0 ||
        lda_ < (arows > 1 ? arows : 1) || ldb_ < (brows > 1 ? brows : 1) || ldc_ < (rows > 1 ? rows : 1))
        return;
    if (rows == 0 || cols == 0 || ((al == 0 || inner == 0) && be == 1)) return;
    if (al == 0) {
        for (int j = 0; j < cols; j++)
            for (int i = 0; i < rows; i++) C_(i, j) = be == 0 ? 0 : be * C_(i, j);
        return;
    }
    for (int j = 0; j < cols; j++) {
        if (nota) {
            if (be == 0) for (int i = 0; i < rows; i++) C_(i, j) = 0;
            else if (be != 1) for (int i = 0; i < rows; i++) C_(i, j) = be * C_(i, j);
            for (int l = 0; l < inner; l++) {
                double temp = al * (notb ? B_(l, j) : B_(j, l));
                for (int i = 0; i < rows; i++) C_(i, j) += temp * A_(i, l);
            }
        } else {
            for (int i = 0; i < rows; i++) {
                double temp = 0;
                for (int l = 0; l < inner; l++) temp += A_(l, i) * (notb ? B_(l, j) : B_(j, l));
                C_(i, j) = be == 0 ? al * temp : al * temp + be * C_(i, j);
            }
        }
    }
}

void dsyrk_(const char *uplo, const char *trans, const int *n, const int *k, const double *alpha,
            const double *a, const int *lda, const double *beta, double *c, const int *ldc) {
    char u = fob_letter(uplo), t = fob_letter(trans);
    int size = *n, inner = *k, lda_ = *lda, ldc_ = *ldc;
    double al = *alpha, be = *beta;
    int arows = t == 'N' ? size : inner;
    if ((u != 'U' && u != 'L') || !valid_trans(t) || size < 0 || inner < 0 ||
        lda_ < (arows > 1 ? arows : 1) || ldc_ < (size > 1 ? size : 1))
        return;
    if (size == 0 || ((al == 0 || inner == 0) && be == 1)) return;
    for (int j = 0; j < size; j++) {
        int first = u == 'U' ? 0 : j, last = u == 'U' ? j : size - 1;
        if (al == 0 || t == 'N') {
            if (be == 0) for (int i = first; i <= last; i++) C_(i, j) = 0;
            else if (be != 1) for (int i = first; i <= last; i++) C_(i, j) = be * C_(i, j);
            if (al == 0) continue;
            for (int l = 0; l < inner; l++) {
                double temp = al * A_(j, l);
                for (int i = first; i <= last; i++) C_(i, j) += temp * A_(i, l);
            }
        } else {
            for (int i = first; i <= last; i++) {
                double temp = 0;
                for (int l = 0; l < inner; l++) temp += A_(l, i) * A_(l, j);
                C_(i, j) = be == 0 ? al * temp : al * temp + be * C_(i, j);
            }
        }
    }
}

void dtrsm_(const char *side, const char *uplo, const char *transa, const char *diag, const int *m, const int *n,
            const double *alpha, const double *a, const int *lda, double *b, const int *ldb) {
    char s = fob_letter(side), u = fob_letter(uplo), t = fob_letter(transa), d = fob_letter(diag);
    int rows = *m, cols = *n, lda_ = *lda, ldb_ = *ldb;
    double al = *alpha;
    int left = s == 'L', upper = u == 'U', notrans = t == 'N', nounit = d == 'N';
    int order = left ? rows : cols;
    if ((s != 'L' && s != 'R') || (u != 'U' && u != 'L') || !valid_trans(t) || (d != 'U' && d != 'N') ||
        rows < 0 || cols < 0 || lda_ < (order > 1 ? order : 1) || ldb_ < (rows > 1 ? rows : 1))
        return;
    if (rows == 0 || cols == 0) return;
    if (al == 0) {
        for (int j = 0; j < cols; j++)
            for (int i = 0; i < rows; i++) B_(i, j) = 0;
        return;
    }
    if (left && notrans) {           /* B := α inv(A) B */
        for (int j = 0; j < cols; j++) {
            if (al != 1) for (int i = 0; i < rows; i++) B_(i, j) = al * B_(i, j);
            for (int step = 0; step < rows; step++) {
                int kk = upper ? rows - 1 - step : step;
                if (B_(kk, j) == 0) continue;
                if (nounit) B_(kk, j) = B_(kk, j) / A_(kk, kk);
                if (upper) for (int i = 0; i < kk; i++) B_(i, j) -= B_(kk, j) * A_(i, kk);
                else for (int i = kk + 1; i < rows; i++) B_(i, j) -= B_(kk, j) * A_(i, kk);
            }
        }
    } else if (left) {               /* B := α inv(Aᵀ) B */
        for (int j = 0; j < cols; j++) {
            for (int step = 0; step < rows; step++) {
                int i = upper ? step : rows - 1 - step;
                double temp = al * B_(i, j);
                if (upper) for (int kk = 0; kk < i; kk++) temp -= A_(kk, i) * B_(kk, j);
                else for (int kk = i + 1; kk < rows; kk++) temp -= A_(kk, i) * B_(kk, j);
                if (nounit) temp = temp / A_(i, i);
                B_(i, j) = temp;
            }
        }
    } else if (notrans) {            /* B := α B inv(A) */
        for (int step = 0; step < cols; step++) {
            int j = upper ? step : cols - 1 - step;
            if (al != 1) for (int i = 0; i < rows; i++) B_(i, j) = al * B_(i, j);
            int from = upper ? 0 : j + 1, to = upper ? j : cols;
            for (int kk = from; kk < to; kk++) {
                if (A_(kk, j) == 0) continue;
                for (int i = 0; i < rows; i++) B_(i, j) -= A_(kk, j) * B_(i, kk);
            }
            if (nounit) {
                double temp = 1 / A_(j, j);
                for (int i = 0; i < rows; i++) B_(i, j) = temp * B_(i, j);
            }
        }
    } else {                         /* B := α B inv(Aᵀ) */
        for (int step = 0; step < cols; step++) {
            int kk = upper ? cols - 1 - step : step;
            if (nounit) {
                double temp = 1 / A_(kk, kk);
                for (int i = 0; i < rows; i++) B_(i, kk) = temp * B_(i, kk);
            }
            int from = upper ? 0 : kk + 1, to = upper ? kk : cols;
            for (int j = from; j < to; j++) {
                if (A_(j, kk) == 0) continue;
                double temp = A_(j, kk);
                for (int i = 0; i < rows; i++) B_(i, j) -= temp * B_(i, kk);
            }
            if (al != 1) for (int i = 0; i < rows; i++) B_(i, kk) = al * B_(i, kk);
        }
    }
}
