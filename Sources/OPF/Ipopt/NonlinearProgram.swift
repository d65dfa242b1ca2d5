/// The (row, column) positions of a sparse matrix's stored entries, 0-based.
/// Duplicate positions are allowed; their values are summed.
public struct SparsityPattern: Sendable, Equatable {
    /// Row index of each entry.
    public var rows: [Int32]
    /// Column index of each entry.
    public var columns: [Int32]

    /// A pattern from parallel row and column index arrays of equal length.
    public init(rows: [Int32], columns: [Int32]) {
        precondition(rows.count == columns.count, "a sparsity pattern needs one column per row index")
        self.rows = rows
        self.columns = columns
    }

    /// Number of stored entries.
    public var count: Int { rows.count }
}

/// A smooth nonlinear program in Ipopt's standard form:
///
///     minimise f(x)  subject to  gL ≤ g(x) ≤ gU,  xL ≤ x ≤ xU.
///
/// Infinite bounds are written as `±Double.infinity`. Implementations supply
/// exact first and second derivatives: the sparse constraint Jacobian and the
/// lower triangle of the Hessian of the Lagrangian `σ ∇²f + Σ λ_i ∇²g_i`.
/// Evaluation methods receive the point as a Swift array and write into
/// arrays the solver preallocates with the right length.
public protocol NonlinearProgram {
    /// Number of variables `n`.
    var variableCount: Int { get }
    /// Number of constraints `m`.
    var constraintCount: Int { get }
    /// Bounds `xL`, `xU` (length `n`).
    var variableLowerBounds: [Double] { get }
    var variableUpperBounds: [Double] { get }
    /// Bounds `gL`, `gU` (length `m`); equal bounds make an equality.
    var constraintLowerBounds: [Double] { get }
    var constraintUpperBounds: [Double] { get }
    /// Positions of the Jacobian's entries (row = constraint, column = variable).
    var jacobianPattern: SparsityPattern { get }
    /// Positions of the Hessian-of-the-Lagrangian entries, lower triangle only (row ≥ column).
    var hessianPattern: SparsityPattern { get }

    /// The objective `f(x)`.
    func objective(at x: [Double]) -> Double
    /// `∇f(x)` into `gradient` (length `n`).
    func objectiveGradient(at x: [Double], into gradient: inout [Double])
    /// `g(x)` into `values` (length `m`).
    func constraints(at x: [Double], into values: inout [Double])
    /// Jacobian values in the order of `jacobianPattern`.
    func jacobianValues(at x: [Double], into values: inout [Double])
    /// Hessian-of-the-Lagrangian values `σ ∇²f + Σ λ_i ∇²g_i` in the order of `hessianPattern`.
    func hessianValues(at x: [Double], objectiveFactor: Double, multipliers: [Double], into values: inout [Double])
}
