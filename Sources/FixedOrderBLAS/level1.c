/*
 * Level-1 BLAS in fixed order. Sums (ddot, dasum, dnrm2) keep four partial sums,
 * s_r over the logical elements i ≡ r (mod 4) of the first 4⌊n/4⌋, in increasing i;
 * the result is ((s_0 + s_1) + (s_2 + s_3)) followed by the remaining elements added
 * one by one. Element-wise routines have one rounding per operation and no order.
 */
#include <math.h>
#include "internal.h"

int fixed_order_blas_version(void) { return 1; }

double ddot_(const int *n, const double *x, const int *incx, const double *y, const int *incy) {
    int count = *n, ix = *incx, iy = *incy;
    if (count <= 0) return 0;
    const double *px = x + fob_start(count, ix), *py = y + fob_start(count, iy);
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int i = 0;
    for (; i + 4 <= count; i += 4) {
        s0 += px[(long)i * ix] * py[(long)i * iy];
        s1 += px[(long)(i + 1) * ix] * py[(long)(i + 1) * iy];
        s2 += px[(long)(i + 2) * ix] * py[(long)(i + 2) * iy];
        s3 += px[(long)(i + 3) * ix] * py[(long)(i + 3) * iy];
    }
    double sum = (s0 + s1) + (s2 + s3);
    for (; i < count; i++) sum += px[(long)i * ix] * py[(long)i * iy];
    return sum;
}

double dasum_(const int *n, const double *x, const int *incx) {
    int count = *n, ix = *incx;
    if (count <= 0 || ix <= 0) return 0;  /* BLAS: non-positive increments give 0. */
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int i = 0;
    for (; i + 4 <= count; i += 4) {
        s0 += fabs(x[(long)i * ix]);
        s1 += fabs(x[(long)(i + 1) * ix]);
        s2 += fabs(x[(long)(i + 2) * ix]);
        s3 += fabs(x[(long)(i + 3) * ix]);
    }
    double sum = (s0 + s1) + (s2 + s3);
    for (; i < count; i++) sum += fabs(x[(long)i * ix]);
    return sum;
}

/* Euclidean norm. The largest magnitude m is found first (exact in any order); when m lies in
   [2^-500, 2^500] the squares cannot overflow and those they lose to underflow are below 2^-74·m²,
   so √(Σ x²) is evaluated directly; otherwise every element is first scaled by the power of two
   2^-e (exact, in two factors) that brings m near 1, and the root scaled back. NaN propagates; ±inf gives +inf. */
double dnrm2_(const int *n, const double *x, const int *incx) {
    int count = *n, ix = *incx;
    if (count <= 0 || ix <= 0) return 0;
    double largest = 0;
    for (int i = 0; i < count; i++) {
        double a = fabs(x[(long)i * ix]);
        if (a != a) return a;
        if (a > largest) largest = a;
    }
    if (largest == 0 || isinf(largest)) return largest;
    int exponent = 0;
    if (!(largest >= 0x1p-500 && largest <= 0x1p500)) (void)frexp(largest, &exponent);
    /* 2^-e as two factors, so that neither overflows for subnormal m. */
    double scaleA = ldexp(1.0, -(exponent / 2)), scaleB = ldexp(1.0, -(exponent - exponent / 2));
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int i = 0;
    for (; i + 4 <= count; i += 4) {
        double a0 = x[(long)i * ix] * scaleA * scaleB, a1 = x[(long)(i + 1) * ix] * scaleA * scaleB;
        double a2 = x[(long)(i + 2) * ix] * scaleA * scaleB, a3 = x[(long)(i + 3) * ix] * scaleA * scaleB;
        s0 += a0 * a0;
        s1 += a1 * a1;
        s2 += a2 * a2;
        s3 += a3 * a3;
    }
    double sum = (s0 + s1) + (s2 + s3);
    for (; i < count; i++) {
        double a = x[(long)i * ix] * scaleA * scaleB;
        sum += a * a;
    }
    return sqrt(sum) * ldexp(1.0, exponent / 2) * ldexp(1.0, exponent - exponent / 2);
}

/* 1-based index of the first element of largest magnitude (0 for an empty vector). */
int idamax_(const int *n, const double *x, const int *incx) {
    int count = *n, ix = *incx;
    if (count <= 0 || ix <= 0) return 0;
    int best = 0;
    double largest = fabs(x[0]);
    for (int i = 1; i < count; i++) {
        double a = fabs(x[(long)i * ix]);
        if (a > largest) { largest = a; best = i; }
    }
    return best + 1;
}

void daxpy_(const int *n, const double *alpha, const double *x, const int *incx, double *y, const int *incy) {
    int count = *n, ix = *incx, iy = *incy;
    double a = *alpha;
    if (count <= 0 || a == 0) return;
    const double *px = x + fob_start(count, ix);
    double *py = y + fob_start(count, iy);
    if (ix == 1 && iy == 1) {
        for (int i = 0; i < count; i++) py[i] = py[i] + a * px[i];
        return;
    }
    for (int i = 0; i < count; i++) py[(long)i * iy] = py[(long)i * iy] + a * px[(long)i * ix];
}

void dcopy_(const int *n, const double *x, const int *incx, double *y, const int *incy) {
    int count = *n, ix = *incx, iy = *incy;
    if (count <= 0) return;
    const double *px = x + fob_start(count, ix);
    double *py = y + fob_start(count, iy);
    if (ix == 1 && iy == 1) {
        for (int i = 0; i < count; i++) py[i] = px[i];
        return;
    }
    for (int i = 0; i < count; i++) py[(long)i * iy] = px[(long)i * ix];
}

/* x := αx; α = 0 stores zeros (as OpenBLAS does, which Ipopt was written against). */
void dscal_(const int *n, const double *alpha, double *x, const int *incx) {
    int count = *n, ix = *incx;
    double a = *alpha;
    if (count <= 0 || ix <= 0) return;
    if (a == 0) {
        for (int i = 0; i < count; i++) x[(long)i * ix] = 0;
        return;
    }
    for (int i = 0; i < count; i++) x[(long)i * ix] = a * x[(long)i * ix];
}

void dswap_(const int *n, double *x, const int *incx, double *y, const int *incy) {
    int count = *n, ix = *incx, iy = *incy;
    if (count <= 0) return;
    double *px = x + fob_start(count, ix), *py = y + fob_start(count, iy);
    for (int i = 0; i < count; i++) {
        double t = px[(long)i * ix];
        px[(long)i * ix] = py[(long)i * iy];
        py[(long)i * iy] = t;
    }
}
