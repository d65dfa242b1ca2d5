import Foundation

/// The Jordan algebra of one second-order cone `{u : u₀ ≥ ‖u₁‖}` and its Nesterov–Todd
/// scaling, on flat slices `[start, start + dimension)` of the cone vectors (CVXOPT's
/// `coneqp` notation: `W z = W⁻¹ s = λ`, `W = η [[w₀, w₁ᵀ], [w₁, I + w₁w₁ᵀ/(1 + w₀)]]`).
enum SecondOrderConeAlgebra {
    /// `u₀² − ‖u₁‖²`.
    static func determinant(_ u: [Double], _ start: Int, _ dimension: Int) -> Double {
        u.withUnsafeBufferPointer { determinant($0, start, dimension) }
    }

    static func determinant(_ u: UnsafeBufferPointer<Double>, _ start: Int, _ dimension: Int) -> Double {
        var tail = 0.0
        for i in (start + 1)..<(start + dimension) { tail += u[i] * u[i] }
        return u[start] * u[start] - tail
    }

    /// The NT scaling point `w̄` (J-normalised, `w̄₀² − ‖w̄₁‖² = 1`) and `η` of `s`, `z` in the cone's interior.
    static func scaling(s: [Double], z: [Double], _ start: Int, _ dimension: Int, into w: inout [Double]) -> Double {
        let sNorm = determinant(s, start, dimension).squareRoot(), zNorm = determinant(z, start, dimension).squareRoot()
        var dot = 0.0
        for i in 0..<dimension { dot += s[start + i] / sNorm * z[start + i] / zNorm }
        let gamma = ((1 + dot) / 2).squareRoot()
        w[start] = (s[start] / sNorm + z[start] / zNorm) / (2 * gamma)
        for i in 1..<dimension { w[start + i] = (s[start + i] / sNorm - z[start + i] / zNorm) / (2 * gamma) }
        return (sNorm / zNorm).squareRoot()
    }

    /// `out = W v` (`inverse`: `W⁻¹ v`) on one block, `W` from `w̄`, `η`.
    static func applyScaling(_ w: [Double], eta: Double, inverse: Bool, _ v: [Double], _ start: Int, _ dimension: Int,
                             into out: inout [Double]) {
        w.withUnsafeBufferPointer { w in
            v.withUnsafeBufferPointer { v in
                out.withUnsafeMutableBufferPointer { applyScaling(w, eta: eta, inverse: inverse, v, start, dimension, into: $0) }
            }
        }
    }

    static func applyScaling(_ w: UnsafeBufferPointer<Double>, eta: Double, inverse: Bool, _ v: UnsafeBufferPointer<Double>,
                             _ start: Int, _ dimension: Int, into out: UnsafeMutableBufferPointer<Double>) {
        let sign = inverse ? -1.0 : 1.0
        var tail = 0.0
        for i in 1..<dimension { tail += w[start + i] * v[start + i] }
        let w0 = w[start], v0 = v[start]
        let factor = inverse ? 1 / eta : eta
        out[start] = factor * (w0 * v0 + sign * tail)
        // (I + w₁w₁ᵀ/(1 + w₀)) v₁ ± v₀ w₁
        let c = tail / (1 + w0) + sign * v0
        for i in 1..<dimension { out[start + i] = factor * (v[start + i] + c * w[start + i]) }
    }

    /// `out = u ∘ v`: `(uᵀv, u₀v₁ + v₀u₁)`.
    static func product(_ u: [Double], _ v: [Double], _ start: Int, _ dimension: Int, into out: inout [Double]) {
        var dot = 0.0
        for i in 0..<dimension { dot += u[start + i] * v[start + i] }
        let u0 = u[start], v0 = v[start]
        for i in 1..<dimension { out[start + i] = u0 * v[start + i] + v0 * u[start + i] }
        out[start] = dot
    }

    /// `out = λ \ v`, the x with `λ ∘ x = v` (λ in the interior).
    static func divide(_ lambda: [Double], _ v: [Double], _ start: Int, _ dimension: Int, into out: inout [Double]) {
        var dot = 0.0
        for i in 1..<dimension { dot += lambda[start + i] * v[start + i] }
        let l0 = lambda[start]
        let x0 = (l0 * v[start] - dot) / determinant(lambda, start, dimension)
        for i in 1..<dimension { out[start + i] = (v[start + i] - x0 * lambda[start + i]) / l0 }
        out[start] = x0
    }

    /// The largest step `α ≤ limit` keeping `u + α du` in the cone (u in its interior).
    static func maximumStep(_ u: UnsafeBufferPointer<Double>, _ du: UnsafeBufferPointer<Double>, _ start: Int, _ dimension: Int,
                            limit: Double) -> Double {
        // f(α) = a α² + 2 b α + c = (u₀ + α du₀)² − ‖u₁ + α du₁‖², with c > 0; also u₀ + α du₀ ≥ 0.
        var a = du[start] * du[start], b = u[start] * du[start]
        for i in 1..<dimension { a -= du[start + i] * du[start + i]; b -= u[start + i] * du[start + i] }
        let c = determinant(u, start, dimension)
        var alpha = limit
        if du[start] < 0 { alpha = min(alpha, -u[start] / du[start]) }
        // Smallest positive root of a α² + 2 b α + c.
        let discriminant = b * b - a * c
        if a == 0 {
            if b < 0 { alpha = min(alpha, -c / (2 * b)) }
        } else if discriminant >= 0 {
            let root = b >= 0 ? -b - discriminant.squareRoot() : -b + discriminant.squareRoot()
            let first = root / a, second = c / root
            if first > 0 && first.isFinite { alpha = min(alpha, first) }
            if second > 0 && second.isFinite { alpha = min(alpha, second) }
        }
        return alpha
    }

    /// `u₀ − ‖u₁‖`: the smaller eigenvalue, negative outside the cone.
    static func smallestEigenvalue(_ u: [Double], _ start: Int, _ dimension: Int) -> Double {
        var tail = 0.0
        for i in (start + 1)..<(start + dimension) { tail += u[i] * u[i] }
        return u[start] - tail.squareRoot()
    }
}
