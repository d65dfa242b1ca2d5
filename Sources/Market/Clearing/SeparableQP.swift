/// A strictly convex separable QP with equality constraints,
///
///     min Σ_i (q_i/2 x_i² + c_i x_i)   s.t.  A x = 0,  lo ≤ x ≤ hi,
///
/// where every column of A has at most two entries — the shape of the P2P
/// market clearing (each variable sits in its MG's balance, a trade in two).
/// Solved through its dual by a damped semismooth Newton method: for prices λ
/// each x_i(λ) = clip(−(c_i + A_iᵀλ)/q_i) in closed form, and the dual residual
/// A x(λ) is driven to zero with the N×N generalized Hessian A diag(free/q) Aᵀ.
/// With a handful of MGs this takes microseconds where a general interior-point
/// solve takes milliseconds.
struct SeparableQP {
    struct Column {
        var rows: [Int]
        var coefficients: [Double]
    }
    var quadratic: [Double]
    var linear: [Double]
    var lower: [Double]
    var upper: [Double]
    var columns: [Column]
    var rowCount: Int

    struct Solution {
        var x: [Double]
        /// Multipliers of `A x = 0` in the Lagrangian `f + λᵀ A x`.
        var multipliers: [Double]
        var iterations: Int
        var residual: Double
    }

    /// The primal minimiser for given multipliers.
    func primal(_ lambda: [Double]) -> [Double] {
        columns.indices.map { i in
            var reduced = linear[i]
            for (row, a) in zip(columns[i].rows, columns[i].coefficients) { reduced += a * lambda[row] }
            return min(upper[i], max(lower[i], -reduced / quadratic[i]))
        }
    }

    private func residual(_ x: [Double]) -> [Double] {
        var r = [Double](repeating: 0, count: rowCount)
        for i in columns.indices {
            for (row, a) in zip(columns[i].rows, columns[i].coefficients) { r[row] += a * x[i] }
        }
        return r
    }

    /// The dual function D(λ) = min_x f(x) + λᵀ A x, concave in λ.
    private func dual(_ lambda: [Double], _ x: [Double]) -> Double {
        var value = 0.0
        for i in columns.indices {
            value += 0.5 * quadratic[i] * x[i] * x[i] + linear[i] * x[i]
            for (row, a) in zip(columns[i].rows, columns[i].coefficients) { value += lambda[row] * a * x[i] }
        }
        return value
    }

    /// Solves from `start` multipliers; nil when it does not converge to `tolerance` (max |A x|).
    func solve(start: [Double], tolerance: Double, maxIterations: Int = 100) -> Solution? {
        var lambda = start
        var x = primal(lambda)
        var r = residual(x)
        var value = dual(lambda, x)
        for iteration in 0..<maxIterations {
            let norm = r.map(abs).max() ?? 0
            if norm <= tolerance {
                return Solution(x: x, multipliers: lambda, iterations: iteration, residual: norm)
            }
            var hessian = [Double](repeating: 0, count: rowCount * rowCount)
            for i in columns.indices where x[i] > lower[i] && x[i] < upper[i] {
                let weight = 1 / quadratic[i]
                let c = columns[i]
                for (r1, a1) in zip(c.rows, c.coefficients) {
                    for (r2, a2) in zip(c.rows, c.coefficients) { hessian[r1 * rowCount + r2] += weight * a1 * a2 }
                }
            }
            let scale = (0..<rowCount).map { hessian[$0 * rowCount + $0] }.max() ?? 1
            for k in 0..<rowCount { hessian[k * rowCount + k] += 1e-12 * max(scale, 1) }
            guard let direction = Self.choleskySolve(hessian, r, n: rowCount) else { return nil }
            let slope = zip(direction, r).reduce(0) { $0 + $1.0 * $1.1 }
            var step = 1.0
            var accepted = false
            for _ in 0..<60 {
                let trial = zip(lambda, direction).map { $0 + step * $1 }
                let trialX = primal(trial)
                let trialValue = dual(trial, trialX)
                if trialValue >= value + 1e-4 * step * slope {
                    lambda = trial
                    x = trialX
                    value = trialValue
                    accepted = true
                    break
                }
                step *= 0.5
            }
            guard accepted else { return nil }
            r = residual(x)
        }
        return nil
    }

    /// Solves the symmetric positive definite system H d = b (row-major H).
    static func choleskySolve(_ h: [Double], _ b: [Double], n: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var sum = h[i * n + j]
                for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
                if i == j {
                    guard sum > 0 else { return nil }
                    l[i * n + i] = sum.squareRoot()
                } else {
                    l[i * n + j] = sum / l[j * n + j]
                }
            }
        }
        var y = b
        for i in 0..<n {
            for k in 0..<i { y[i] -= l[i * n + k] * y[k] }
            y[i] /= l[i * n + i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            for k in (i + 1)..<n { y[i] -= l[k * n + i] * y[k] }
            y[i] /= l[i * n + i]
        }
        return y
    }
}
