#ifndef P2PGRID_FIXED_ORDER_BLAS_H
#define P2PGRID_FIXED_ORDER_BLAS_H
/*
 * The double-precision BLAS routines Ipopt 3.11 and sequential MUMPS 5.5 call
 * (`nm -D --undefined-only libipopt.so.1 libdmumps_seq-5.5.so`), with the
 * Fortran calling convention, defined by the executable so that the dynamic
 * linker binds those libraries' calls here instead of to libblas.so.3.
 *
 * Why: Debian's libblas.so.3 is OpenBLAS, which picks its kernels by CPU
 * (OPENBLAS_CORETYPE), and its dot products, norms and sums associate
 * differently per kernel; an Ipopt iterate, hence every OPF dataset, then
 * differs in its last bits from one x86-64 machine to the next. Every routine
 * here evaluates each result in one fixed order of IEEE operations (stated per
 * routine), with separate multiplies and adds, so the bits depend only on the
 * inputs. Nothing here is threaded or dispatches on the CPU.
 *
 * Character arguments are read by their first letter; the hidden string
 * lengths gfortran appends are not needed. Invalid arguments (BLAS's XERBLA
 * cases) return without touching the outputs, as OpenBLAS does after printing.
 */

int fixed_order_blas_version(void);

double dasum_(const int *n, const double *x, const int *incx);
void daxpy_(const int *n, const double *alpha, const double *x, const int *incx, double *y, const int *incy);
void dcopy_(const int *n, const double *x, const int *incx, double *y, const int *incy);
double ddot_(const int *n, const double *x, const int *incx, const double *y, const int *incy);
double dnrm2_(const int *n, const double *x, const int *incx);
void dscal_(const int *n, const double *alpha, double *x, const int *incx);
void dswap_(const int *n, double *x, const int *incx, double *y, const int *incy);
int idamax_(const int *n, const double *x, const int *incx);

void dgemv_(const char *trans, const int *m, const int *n, const double *alpha, const double *a, const int *lda,
            const double *x, const int *incx, const double *beta, double *y, const int *incy);
void dsymv_(const char *uplo, const int *n, const double *alpha, const double *a, const int *lda,
            const double *x, const int *incx, const double *beta, double *y, const int *incy);

void dgemm_(const char *transa, const char *transb, const int *m, const int *n, const int *k,
            const double *alpha, const double *a, const int *lda, const double *b, const int *ldb,
            const double *beta, double *c, const int *ldc);
void dsyrk_(const char *uplo, const char *trans, const int *n, const int *k, const double *alpha,
            const double *a, const int *lda, const double *beta, double *c, const int *ldc);
void dtrsm_(const char *side, const char *uplo, const char *transa, const char *diag, const int *m, const int *n,
            const double *alpha, const double *a, const int *lda, double *b, const int *ldb);

#endif
