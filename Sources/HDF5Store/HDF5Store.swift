// Module HDF5Store — typed Swift API over the HDF5 C library (DESIGN.md §1).
