import CIpopt
import SparseLDL

/// The sparse symmetric indefinite solver Ipopt factorises its KKT systems with.
public enum IpoptLinearSolver: String, Sendable, Equatable, CaseIterable {
    /// p2pgrid's own multifrontal LDLᵀ (`Sources/SparseLDL`), which Ipopt 3.11 calls through its
    /// MA27 interface (`linear_solver ma27`; no HSL code is involved). On the OPF's KKT systems of a
    /// few hundred rows it factorises in a fraction of MUMPS's time, most of which is fixed
    /// per-call overhead there; see Reports/bench/opf.md.
    case sparseLDL
    /// Debian's sequential MUMPS 5.5 (`linear_solver mumps`), Ipopt's own default.
    case mumps

    /// The value of Ipopt's `linear_solver` option.
    var ipoptName: String {
        switch self {
        case .sparseLDL: "ma27"
        case .mumps: "mumps"
        }
    }

    /// Installs SparseLDL's MA27 entry points in Ipopt's HSL loader. Without it Ipopt would try to
    /// dlopen an HSL library for `ma27` and fail; the pointers are process-wide, so once suffices.
    static func registerSparseLDL() {
        _ = sparseLDLRegistration
    }
}

/// Swift runs a global's initialiser exactly once, thread-safely, on first use.
private let sparseLDLRegistration: Void = {
    LSL_setMA27(sparse_ldl_ma27ad, sparse_ldl_ma27bd, sparse_ldl_ma27cd, sparse_ldl_ma27id)
}()
