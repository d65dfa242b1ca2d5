/// The Nesterov–Todd scaling `W` of the whole cone K (the orthant rows, then the
/// second-order blocks) at an iterate `(s, z)` in its interior: `W z = W⁻¹ s = λ`
/// (CVXOPT's `coneqp` notation). On an orthant row `W = √(s/z)`; on a block
/// `W = η [[w̄₀, w̄₁ᵀ], [w̄₁, I + w̄₁w̄₁ᵀ/(1 + w̄₀)]]`, so `W² = η² (2 w̄w̄ᵀ − J)` and
/// `W⁻² = η⁻² (2 Jw̄w̄ᵀJ − J)`, `J = diag(1, −1, …, −1)`. Vectors are flat over the
/// `m` rows of `s`; every operation writes into a separate output of length `m`.
struct ConeScaling {
    /// Which power of `W` `apply` multiplies by.
    enum Power { case scaling, inverse, squared, inverseSquared }

    let orthantCount: Int
    let blocks: [ConicProgram.ConeBlock]
    /// `√(s_k/z_k)` per orthant row.
    private(set) var orthantRoot: [Double]
    /// `w̄` on the rows of each block (unused on orthant rows).
    private(set) var point: [Double]
    /// `η` per block.
    private(set) var eta: [Double]
    /// `λ = W z`.
    private(set) var lambda: [Double]

    init(orthantCount: Int, blocks: [ConicProgram.ConeBlock], rowCount m: Int) {
        self.orthantCount = orthantCount
        self.blocks = blocks
        orthantRoot = [Double](repeating: 1, count: orthantCount)
        point = [Double](repeating: 0, count: m)
        eta = [Double](repeating: 1, count: blocks.count)
        lambda = [Double](repeating: 0, count: m)
    }

    /// The scaling of `(s, z)`, both in the interior of K.
    mutating func update(s: [Double], z: [Double]) {
        for k in 0..<orthantCount {
            orthantRoot[k] = (s[k] / z[k]).squareRoot()
            lambda[k] = (s[k] * z[k]).squareRoot()
        }
        for (b, block) in blocks.enumerated() {
            eta[b] = SecondOrderConeAlgebra.scaling(s: s, z: z, block.start, block.dimension, into: &point)
        }
        for (b, block) in blocks.enumerated() {
            SecondOrderConeAlgebra.applyScaling(point, eta: eta[b], inverse: false, z, block.start, block.dimension, into: &lambda)
        }
    }

    /// `W^power v` into `out` (on the buffers: `v` and `out` have the cone's rows, checked once here).
    func apply(_ power: Power, _ v: [Double], into out: inout [Double]) {
        precondition(v.count >= point.count && out.count >= point.count)
        v.withUnsafeBufferPointer { v in
            out.withUnsafeMutableBufferPointer { out in
                point.withUnsafeBufferPointer { point in
                    orthantRoot.withUnsafeBufferPointer { root in
                        switch power {
                        case .scaling: for k in 0..<orthantCount { out[k] = v[k] * root[k] }
                        case .inverse: for k in 0..<orthantCount { out[k] = v[k] / root[k] }
                        case .squared: for k in 0..<orthantCount { out[k] = v[k] * root[k] * root[k] }
                        case .inverseSquared: for k in 0..<orthantCount { out[k] = v[k] / (root[k] * root[k]) }
                        }
                    }
                    for (b, block) in blocks.enumerated() {
                        let start = block.start, end = block.start + block.dimension
                        switch power {
                        case .scaling, .inverse:
                            SecondOrderConeAlgebra.applyScaling(point, eta: eta[b], inverse: power == .inverse, v, start,
                                                                block.dimension, into: out)
                        case .squared:
                            // η² (2 w̄ (w̄ᵀv) − J v)
                            var dot = 0.0
                            for i in start..<end { dot += point[i] * v[i] }
                            let e2 = eta[b] * eta[b]
                            out[start] = e2 * (2 * dot * point[start] - v[start])
                            for i in (start + 1)..<end { out[i] = e2 * (2 * dot * point[i] + v[i]) }
                        case .inverseSquared:
                            // η⁻² (2 Jw̄ (w̄ᵀJv) − J v)
                            var dot = point[start] * v[start]
                            for i in (start + 1)..<end { dot -= point[i] * v[i] }
                            let e2 = 1 / (eta[b] * eta[b])
                            out[start] = e2 * (2 * dot * point[start] - v[start])
                            for i in (start + 1)..<end { out[i] = e2 * (-2 * dot * point[i] + v[i]) }
                        }
                    }
                }
            }
        }
    }

    /// `u ∘ v` (the Jordan product, elementwise on the orthant) into `out`.
    func product(_ u: [Double], _ v: [Double], into out: inout [Double]) {
        for k in 0..<orthantCount { out[k] = u[k] * v[k] }
        for block in blocks { SecondOrderConeAlgebra.product(u, v, block.start, block.dimension, into: &out) }
    }

    /// `λ \ v`, the x with `λ ∘ x = v`, into `out`.
    func divideByLambda(_ v: [Double], into out: inout [Double]) {
        for k in 0..<orthantCount { out[k] = v[k] / lambda[k] }
        for block in blocks { SecondOrderConeAlgebra.divide(lambda, v, block.start, block.dimension, into: &out) }
    }

    /// Adds `t e` (e the identity of K: 1 on orthant rows, (1, 0, …) on blocks) to `u`.
    func shift(_ u: inout [Double], by t: Double) {
        for k in 0..<orthantCount { u[k] += t }
        for block in blocks { u[block.start] += t }
    }

    /// Shifts `u` along `e` so that its smallest eigenvalue over K becomes `target`, if it is at most `floor`.
    func lift(_ u: inout [Double], ifAtMost floor: Double, to target: Double) {
        let least = smallestEigenvalue(u)
        if least <= floor { shift(&u, by: target - least) }
    }

    /// The smallest eigenvalue of `u` over K (negative outside it).
    func smallestEigenvalue(_ u: [Double]) -> Double {
        var least = Double.infinity
        for k in 0..<orthantCount { least = min(least, u[k]) }
        for block in blocks { least = min(least, SecondOrderConeAlgebra.smallestEigenvalue(u, block.start, block.dimension)) }
        return least
    }

    /// The largest `α` keeping `u + α du` in K (u in its interior); 1e30 when unbounded.
    func maximumStep(_ u: [Double], _ du: [Double]) -> Double {
        precondition(u.count >= point.count && du.count >= point.count)
        return u.withUnsafeBufferPointer { u in
            du.withUnsafeBufferPointer { du in
                var alpha = 1e30
                for k in 0..<orthantCount where du[k] < 0 { alpha = min(alpha, -u[k] / du[k]) }
                for block in blocks { alpha = SecondOrderConeAlgebra.maximumStep(u, du, block.start, block.dimension, limit: alpha) }
                return alpha
            }
        }
    }
}
