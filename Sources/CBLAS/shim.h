#ifndef P2PGRID_CBLAS_SHIM_H
#define P2PGRID_CBLAS_SHIM_H
// OpenBLAS's CBLAS for matrix products and LAPACKE for the dense solves
// (ridge regression's normal equations).
#include <cblas.h>
#include <lapacke.h>
#endif
