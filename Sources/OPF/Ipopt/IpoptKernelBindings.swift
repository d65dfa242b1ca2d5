import FixedOrderBLAS
import PortableLibm

/// The numerical kernels behind Ipopt (and MUMPS) in this executable. Ipopt's vector operations
/// call BLAS, and its barrier and filter computations call libm's `exp`, `log`, `log10` and `pow`;
/// both are CPU-dispatched in Debian's libraries (OpenBLAS picks kernels by CPU, glibc picks FMA
/// or SSE2 variants), which made OPF results differ in their last bits between x86-64 machines.
/// This executable defines those functions itself — the fixed-order routines of `FixedOrderBLAS`
/// and PortableMath's functions through `PortableLibm` — and the dynamic linker binds Ipopt's
/// calls to them (issue 14). `p2pgridTests.CrossCPUReproducibilityTests` checks the outcome.
public enum IpoptKernelBindings {
    /// What Ipopt's BLAS and libm calls are bound to, with versions, for the run manifest; a
    /// version changes whenever an order of operations does (and with it the bits of OPF results).
    public static var description: String {
        "fixed-order BLAS \(fixed_order_blas_version()), PortableLibm \(portableLibmVersion)"
    }
}
