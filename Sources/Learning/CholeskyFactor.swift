/// The Cholesky factorisation `A = UᵀU` of a symmetric positive definite
/// matrix in Double, and solves with it: the normal equations of the linear
/// baselines (ridge regression, and logistic regression's Newton steps).
///
/// Why not LAPACK's `dposv`: its blocked code runs on OpenBLAS kernels that
/// OpenBLAS picks by CPU model, so the baselines' weights, and the metrics
/// and reports made from them, differed in their last bits between machines
/// (issue 14). These plain loops fix the order instead: every inner product
/// subtracts its terms k = 0, 1, 2, … one after another, each product
/// rounded before it is subtracted (Swift never fuses a multiply and an add),
/// so the result depends on the input alone. The baselines' systems are
/// small (d = M·F + 1, up to about 100), where the d³/6 operations of a
/// straightforward factorisation take well under a millisecond.
struct CholeskyFactor {
    /// d, the matrix's order.
    let dimension: Int
    /// U, upper triangular, row-major `[d, d]` (zeros below the diagonal).
    private(set) var upper: [Double]

    /// Factors the upper triangle of `matrix` (row-major `[d, d]`; the lower
    /// triangle is not read), row by row:
    ///
    ///     U[j, j] = √(A[j, j] − Σ_{k<j} U[k, j]²),
    ///     U[j, i] = (A[j, i] − Σ_{k<j} U[k, j]·U[k, i]) / U[j, j]   for i > j.
    ///
    /// Throws `LearningError.invalidData`, naming `what` and the failing
    /// pivot, when a pivot is not positive and finite (the matrix is not
    /// positive definite, or too badly conditioned to tell).
    init(factoring matrix: [Double], dimension d: Int, what: String) throws(LearningError) {
        precondition(matrix.count == d * d, "matrix is not [d, d]")
        dimension = d
        var u = [Double](repeating: 0, count: d * d)
        var failure: (pivot: Int, value: Double)?
        u.withUnsafeMutableBufferPointer { u in
            for j in 0..<d {
                var pivot = matrix[j * d + j]
                for k in 0..<j { pivot -= u[k * d + j] * u[k * d + j] }
                guard pivot > 0, pivot.isFinite else { failure = (j, pivot); return }
                let diagonal = pivot.squareRoot()
                u[j * d + j] = diagonal
                for i in (j + 1)..<d {
                    var value = matrix[j * d + i]
                    for k in 0..<j { value -= u[k * d + j] * u[k * d + i] }
                    u[j * d + i] = value / diagonal
                }
            }
        }
        if let failure {
            throw .invalidData("\(what): the matrix is not positive definite (pivot \(failure.pivot + 1) of \(d) is \(failure.value))")
        }
        upper = u
    }

    /// X with `A X = B`, for B row-major `[d, columns]`: first `Uᵀ Y = B`
    /// from the top row down, then `U X = Y` from the bottom row up, each
    /// row's sum taken over k in increasing order.
    func solve(_ b: [Double], columns: Int) -> [Double] {
        let d = dimension
        precondition(b.count == d * columns, "right-hand side is not [d, columns]")
        var x = b
        upper.withUnsafeBufferPointer { u in
            x.withUnsafeMutableBufferPointer { x in
                for column in 0..<columns {
                    for j in 0..<d {
                        var value = x[j * columns + column]
                        for k in 0..<j { value -= u[k * d + j] * x[k * columns + column] }
                        x[j * columns + column] = value / u[j * d + j]
                    }
                    for j in stride(from: d - 1, through: 0, by: -1) {
                        var value = x[j * columns + column]
                        for k in (j + 1)..<d { value -= u[j * d + k] * x[k * columns + column] }
                        x[j * columns + column] = value / u[j * d + j]
                    }
                }
            }
        }
        return x
    }
}
