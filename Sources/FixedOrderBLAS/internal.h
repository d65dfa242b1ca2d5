#ifndef P2PGRID_FIXED_ORDER_BLAS_INTERNAL_H
#define P2PGRID_FIXED_ORDER_BLAS_INTERNAL_H
/* Multiplies and adds stay separate roundings on every target (no FMA contraction). */
#pragma STDC FP_CONTRACT OFF
#include "fixed_order_blas.h"

/* Index of a vector's first logical element for increment `inc` (BLAS convention: a negative
   increment walks the vector from its far end). */
static inline long fob_start(int n, int inc) { return inc < 0 ? (long)(1 - n) * inc : 0; }

/* The first letter of a BLAS character argument, upper-cased. */
static inline char fob_letter(const char *c) { return (*c >= 'a' && *c <= 'z') ? (char)(*c - 'a' + 'A') : *c; }

#endif
