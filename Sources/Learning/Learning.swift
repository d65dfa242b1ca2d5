// Module Learning — transformer predictor on BLAS (DESIGN.md §6).
