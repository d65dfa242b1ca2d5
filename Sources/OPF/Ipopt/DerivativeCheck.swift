/// Compares a program's analytic derivatives with central finite differences
/// at a given point — the independent truth for every gradient, Jacobian and
/// Hessian p2pgrid hands to Ipopt. Entries missing from a sparsity pattern
/// show up as errors too, because the comparison is over dense matrices.
public struct DerivativeCheck: Sendable, Equatable {
    /// Largest error of `∇f` against differences of `f`.
    public var gradientError: Double
    /// Largest error of the Jacobian against differences of `g`.
    public var jacobianError: Double
    /// Largest error of the Hessian of the Lagrangian against differences of its analytic gradient.
    public var hessianError: Double

    /// The largest of the three errors.
    public var maxError: Double { max(gradientError, jacobianError, hessianError) }

    /// Checks `program` at `x` with Lagrangian weights `objectiveFactor` and `multipliers`.
    /// Errors are relative, `|analytic − difference| / max(1, |difference|)`;
    /// `step` is the difference step (central differences, so the truncation error is O(step²)).
    public init(program: any NonlinearProgram, at x: [Double], objectiveFactor: Double, multipliers: [Double],
                step: Double = 1e-6) {
        let n = program.variableCount, m = program.constraintCount
        precondition(x.count == n && multipliers.count == m, "point or multipliers have the wrong length")
        func relative(_ analytic: Double, _ difference: Double) -> Double {
            abs(analytic - difference) / max(1, abs(difference))
        }
        func lagrangianGradient(_ point: [Double]) -> [Double] {
            var gradient = [Double](repeating: 0, count: n)
            program.objectiveGradient(at: point, into: &gradient)
            var result = gradient.map { objectiveFactor * $0 }
            let jacobian = Self.denseJacobian(program, at: point)
            for i in 0..<m { for j in 0..<n { result[j] += multipliers[i] * jacobian[i][j] } }
            return result
        }

        var analyticGradient = [Double](repeating: 0, count: n)
        program.objectiveGradient(at: x, into: &analyticGradient)
        let analyticJacobian = Self.denseJacobian(program, at: x)
        let (analyticHessian, lowerTriangleOnly) = Self.denseHessian(program, at: x, objectiveFactor: objectiveFactor,
                                                                     multipliers: multipliers)

        var gradientError = 0.0, jacobianError = 0.0, hessianError = lowerTriangleOnly ? 0.0 : .infinity
        var gPlus = [Double](repeating: 0, count: m), gMinus = gPlus
        for j in 0..<n {
            var plus = x, minus = x
            plus[j] += step
            minus[j] -= step
            let fd = (program.objective(at: plus) - program.objective(at: minus)) / (2 * step)
            gradientError = max(gradientError, relative(analyticGradient[j], fd))
            program.constraints(at: plus, into: &gPlus)
            program.constraints(at: minus, into: &gMinus)
            for i in 0..<m {
                jacobianError = max(jacobianError, relative(analyticJacobian[i][j], (gPlus[i] - gMinus[i]) / (2 * step)))
            }
            let lPlus = lagrangianGradient(plus), lMinus = lagrangianGradient(minus)
            for i in 0..<n {
                hessianError = max(hessianError, relative(analyticHessian[i][j], (lPlus[i] - lMinus[i]) / (2 * step)))
            }
        }
        self.gradientError = gradientError
        self.jacobianError = jacobianError
        self.hessianError = hessianError
    }

    /// The Jacobian as a dense `m × n` matrix, duplicates summed.
    static func denseJacobian(_ program: any NonlinearProgram, at x: [Double]) -> [[Double]] {
        let pattern = program.jacobianPattern
        var values = [Double](repeating: 0, count: pattern.count)
        program.jacobianValues(at: x, into: &values)
        var dense = Array(repeating: [Double](repeating: 0, count: program.variableCount), count: program.constraintCount)
        for k in 0..<pattern.count { dense[Int(pattern.rows[k])][Int(pattern.columns[k])] += values[k] }
        return dense
    }

    /// The full symmetric Hessian of the Lagrangian from its stored lower triangle, and whether
    /// the pattern really is lower-triangular (Ipopt would misread an entry above the diagonal).
    static func denseHessian(_ program: any NonlinearProgram, at x: [Double], objectiveFactor: Double,
                             multipliers: [Double]) -> ([[Double]], Bool) {
        let pattern = program.hessianPattern
        var values = [Double](repeating: 0, count: pattern.count)
        program.hessianValues(at: x, objectiveFactor: objectiveFactor, multipliers: multipliers, into: &values)
        let n = program.variableCount
        var dense = Array(repeating: [Double](repeating: 0, count: n), count: n)
        var lowerTriangleOnly = true
        for k in 0..<pattern.count {
            let r = Int(pattern.rows[k]), c = Int(pattern.columns[k])
            lowerTriangleOnly = lowerTriangleOnly && r >= c
            dense[r][c] += values[k]
            if r != c { dense[c][r] += values[k] }
        }
        return (dense, lowerTriangleOnly)
    }
}
