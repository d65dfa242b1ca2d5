/// A strictly convex separable QP with one equality, a microgrid's balance:
///
///     min Σ_i (q_i/2 x_i² + c_i x_i)   s.t.  Σ_i a_i x_i = 0,  lo_i ≤ x_i ≤ hi_i,
///
/// with every `q_i > 0` and `a_i = ±1`. For a multiplier μ each
/// `x_i(μ) = clip(−(c_i + a_i μ)/q_i)`, so the balance `g(μ) = Σ a_i x_i(μ)`
/// is piecewise linear and non-increasing in μ; its root is found exactly by
/// sorting the breakpoints, locating the segment where g changes sign and
/// interpolating on it. This is each microgrid's local solve in the ADMM
/// clearing (`MicrogridAgent`): no iteration, no tolerance.
struct SingleBalanceQP {
    var quadratic: [Double]
    var linear: [Double]
    var coefficients: [Double]
    var lower: [Double]
    var upper: [Double]

    struct Solution {
        var x: [Double]
        /// μ: the multiplier of the balance in the Lagrangian `f + μ Σ a_i x_i`.
        var multiplier: Double
    }

    func primal(_ mu: Double) -> [Double] {
        quadratic.indices.map { i in min(upper[i], max(lower[i], -(linear[i] + coefficients[i] * mu) / quadratic[i])) }
    }

    func balance(_ mu: Double) -> Double {
        var total = 0.0
        for i in quadratic.indices {
            total += coefficients[i] * min(upper[i], max(lower[i], -(linear[i] + coefficients[i] * mu) / quadratic[i]))
        }
        return total
    }

    /// The minimiser, or nil when no point of the box balances (the balance stays
    /// above or below zero for every μ).
    func solve() -> Solution? {
        var breakpoints: [Double] = []
        for i in quadratic.indices {
            for bound in [lower[i], upper[i]] where bound.isFinite {
                breakpoints.append((-quadratic[i] * bound - linear[i]) / coefficients[i])
            }
        }
        breakpoints.sort()
        guard let first = breakpoints.first, let last = breakpoints.last else {
            // Every variable free in both directions: g is linear.
            return outerRoot(from: 0, value: balance(0), towardsNegative: true)
        }
        let gFirst = balance(first), gLast = balance(last)
        if gFirst < 0 { return outerRoot(from: first, value: gFirst, towardsNegative: true) }
        if gLast > 0 { return outerRoot(from: last, value: gLast, towardsNegative: false) }
        // Bisect over the sorted breakpoints for the segment [b_lo, b_hi] with g(b_lo) ≥ 0 ≥ g(b_hi).
        var lo = 0, hi = breakpoints.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if balance(breakpoints[mid]) >= 0 { lo = mid } else { hi = mid }
        }
        let a = breakpoints[lo], b = breakpoints[hi]
        let ga = balance(a), gb = balance(b)
        let mu: Double
        if ga == 0 { mu = gb == 0 ? 0.5 * (a + b) : a } else if gb == 0 { mu = b } else { mu = a + ga * (b - a) / (ga - gb) }
        return Solution(x: primal(mu), multiplier: mu)
    }

    /// Beyond the outermost breakpoint g is linear with slope −Σ 1/q_i over the variables still free
    /// there (those whose bound on that side is infinite); its root, or nil when no variable is free.
    /// The slope is summed, not differenced, so a variable a rounding error short of its bound does
    /// not pass for a free one.
    private func outerRoot(from point: Double, value: Double, towardsNegative: Bool) -> Solution? {
        var slope = 0.0
        for i in quadratic.indices {
            // As μ → −∞, x_i → +∞ when a_i > 0 and → −∞ when a_i < 0 (the other way round as μ → +∞).
            let risesToUpper = towardsNegative == (coefficients[i] > 0)
            if risesToUpper ? upper[i] == .infinity : lower[i] == -.infinity { slope -= 1 / quadratic[i] }
        }
        guard slope < 0 else { return nil }
        let mu = point - value / slope
        return Solution(x: primal(mu), multiplier: mu)
    }
}
