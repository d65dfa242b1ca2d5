#ifndef P2PGRID_CBLAS_SHIM_H
#define P2PGRID_CBLAS_SHIM_H
// OpenBLAS's CBLAS and LAPACKE, for tests and benchmarks only: independent
// references for Learning's own kernels (DenseKernels, CholeskyFactor) and
// LAPACK's eigenvalues for SparseLDL's inertia checks.
#include <cblas.h>
#include <lapacke.h>
#endif
