/*
 * Level-2 BLAS in the reference BLAS's loop order (column-major A): for y := αAx + βy the
 * columns j are added in increasing j, each as (αx_j)·A(:,j); for y := αAᵀx + βy each y_j
 * gets the sequential sum over i of A(i,j)x_i, times α. dsymv follows the reference's
 * single sweep over the stored triangle.
 */
#include "internal.h"

#define A_(i, j) a[(long)(i) + (long)(j) * ld]

/* y := βy over `count` elements (β = 0 stores zeros, so NaNs in y do not survive). */
static void scale_vector(int count, double beta, double *y, int incy) {
    if (beta == 1) return;
    double *py = y + fob_start(count, incy);
    for (int i = 0; i < count; i++) py[(long)i * incy] = beta == 0 ? 0 : beta * py[(long)i * incy];
}

void dgemv_(const char *trans, const int *m, const int *n, const double *alpha, const double *a, const int *lda,
            const double *x, const int *incx, const double *beta, double *y, const int *incy) {
    char t = fob_letter(trans);
    int rows = *m, cols = *n, ld = *lda, ix = *incx, iy = *incy;
    double al = *alpha, be = *beta;
    if ((t != 'N' && t != 'T' && t != 'C') || rows < 0 || cols < 0 || ld < (rows > 1 ? rows : 1) || ix == 0 || iy == 0)
        return;
    if (rows == 0 || cols == 0 || (al == 0 && be == 1)) return;
    int lenx = t == 'N' ? cols : rows, leny = t == 'N' ? rows : cols;
    const double *px = x + fob_start(lenx, ix);
    double *py = y + fob_start(leny, iy);
    scale_vector(leny, be, y, iy);
    if (al == 0) return;
    if (t == 'N') {
        for (int j = 0; j < cols; j++) {
            double temp = al * px[(long)j * ix];
            for (int i = 0; i < rows; i++) py[(long)i * iy] += temp * A_(i, j);
        }
    } else {
        for (int j = 0; j < cols; j++) {
            double temp = 0;
            for (int i = 0; i < rows; i++) temp += A_(i, j) * px[(long)i * ix];
            py[(long)j * iy] += al * temp;
        }
    }
}

void dsymv_(const char *uplo, const int *n, const double *alpha, const double *a, const int *lda,
            const double *x, const int *incx, const double *beta, double *y, const int *incy) {
    char u = fob_letter(uplo);
    int size = *n, ld = *lda, ix = *incx, iy = *incy;
    double al = *alpha, be = *beta;
    if ((u != 'U' && u != 'L') || size < 0 || ld < (size > 1 ? size : 1) || ix == 0 || iy == 0) return;
    if (size == 0 || (al == 0 && be == 1)) return;
    const double *px = x + fob_start(size, ix);
    double *py = y + fob_start(size, iy);
    scale_vector(size, be, y, iy);
    if (al == 0) return;
    for (int j = 0; j < size; j++) {
        double temp1 = al * px[(long)j * ix], temp2 = 0;
        if (u == 'U') {
            for (int i = 0; i < j; i++) {
                py[(long)i * iy] += temp1 * A_(i, j);
                temp2 += A_(i, j) * px[(long)i * ix];
            }
            py[(long)j * iy] += temp1 * A_(j, j) + al * temp2;
        } else {
            py[(long)j * iy] += temp1 * A_(j, j);
            for (int i = j + 1; i < size; i++) {
                py[(long)i * iy] += temp1 * A_(i, j);
                temp2 += A_(i, j) * px[(long)i * ix];
            }
            py[(long)j * iy] += al * temp2;
        }
    }
}
