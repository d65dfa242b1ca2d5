import FixedOrderBLAS

/// The BLAS behind Ipopt's vector operations (and MUMPS's dense kernels): the fixed-order
/// routines of `FixedOrderBLAS`, which this executable defines under the Fortran names so that
/// the dynamic linker binds Ipopt's calls to them instead of to the CPU-dispatched OpenBLAS
/// behind libblas.so.3. That makes every OPF result independent of the CPU's kernel choice
/// (issue 14); `p2pgridTests` checks it by solving under several `OPENBLAS_CORETYPE`s.
public enum IpoptBLAS {
    /// The fixed-order routines' version, recorded in the run manifest; it changes whenever an
    /// order of operations does (and with it the bits of every OPF result).
    public static var fixedOrderVersion: Int { Int(fixed_order_blas_version()) }
}
