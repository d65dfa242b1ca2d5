import Foundation

/// A primal-dual interior-point method for the DSO's radial branch-flow SOCP
/// (issue 20, part 1): infeasible start (CVXOPT's `coneqp` initial point),
/// Mehrotra predictor–corrector, Nesterov–Todd scaling of every cone, and the
/// reduced Newton system factorised with a symbolic analysis done once per program
/// structure (`ReducedKKTSystem`). Stops when the scaled primal and dual residuals
/// and the complementarity gap are within `tolerance`; reports `.infeasible` on a
/// Farkas certificate (z ∈ K with `Aᵀy − Eᵀz ≈ 0` and `bᵀy + fᵀz < 0`, relative to
/// its size), which the diverging duals of an infeasible start approach.
///
/// Agrees with Ipopt to the tolerances on the tested OPFs and trade checks
/// (`RadialIPMTests`) but is not yet fast: it allocates in every step and builds the
/// conic form on every solve, so it is selectable (`OPFSolver.socpSolver`) and not
/// the default. Not thread-safe; one solver per thread.
final class RadialIPMSolver {
    /// Relative tolerance on residuals and gap.
    var tolerance = 1e-10
    var maximumIterations = 100
    private var cached: (signature: [Int], system: ReducedKKTSystem)?

    /// Solves the `.socp` model; nil when the model is not of the form `ConicProgram` handles.
    func solve(_ model: BranchFlowModel) -> IpoptSolution? {
        let start = ContinuousClock.now
        guard let conic = ConicProgram(model) else { return nil }
        // The symbolic analysis holds for the same sparsity pattern only (a switched branch keeps the counts).
        var signature = [conic.variableCount, conic.equalityCount, conic.orthantCount] + conic.blocks.map(\.dimension)
        for row in conic.equalityRows + conic.coneRows { signature.append(-1); signature += row.map(\.variable) }
        let system: ReducedKKTSystem
        if let cached, cached.signature == signature {
            system = cached.system
        } else {
            guard let built = ReducedKKTSystem(conic) else { return nil }
            system = built
            cached = (signature, built)
        }
        var iterate = Iterate(conic: conic, system: system, tolerance: tolerance)
        let status = iterate.run(maximumIterations: maximumIterations)
        let program = model.program
        var values = [Double](repeating: 0, count: program.constraintCount)
        program.constraints(at: iterate.x, into: &values)
        let multipliers = conic.ipoptMultipliers(y: iterate.y, z: iterate.z, s: iterate.s, constraintCount: program.constraintCount)
        let elapsed = ContinuousClock.now - start
        return IpoptSolution(status: status, returnCode: Self.returnCode(status), x: iterate.x, objective: program.objective(at: iterate.x),
                             constraintValues: values, constraintMultipliers: multipliers.constraints,
                             lowerBoundMultipliers: multipliers.lower, upperBoundMultipliers: multipliers.upper,
                             iterations: iterate.iterations,
                             solveSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
}

extension RadialIPMSolver {
    /// Ipopt's `ApplicationReturnStatus` value for the same outcome (Solve_Succeeded 0, Solved_To_Acceptable_Level 1,
    /// Infeasible_Problem_Detected 2, Maximum_Iterations_Exceeded −1, Error_In_Step_Computation −3).
    static func returnCode(_ status: OptimizationStatus) -> Int {
        switch status {
        case .optimal: return 0
        case .acceptable: return 1
        case .infeasible: return 2
        case .iterationLimit: return -1
        default: return -3
        }
    }
}

/// The iterates `(x, y, s, z)` of one solve and the steps between them.
private struct Iterate {
    let conic: ConicProgram
    let system: ReducedKKTSystem
    let tolerance: Double
    var x: [Double], y: [Double], s: [Double], z: [Double]
    var iterations = 0
    /// The most accurate iterate so far: its largest relative residual or gap, and the point.
    private var best: (error: Double, x: [Double], y: [Double], s: [Double], z: [Double]) = (.infinity, [], [], [], [])
    /// What `restoreBest` accepts as converged when the iteration cannot reach `tolerance`.
    let acceptableTolerance = 1e-8
    // NT scaling of the current iterate.
    private var w: [Double], eta: [Double], lambda: [Double]

    init(conic: ConicProgram, system: ReducedKKTSystem, tolerance: Double) {
        self.conic = conic
        self.system = system
        self.tolerance = tolerance
        let m = conic.coneRowCount
        x = [Double](repeating: 0, count: conic.variableCount)
        y = [Double](repeating: 0, count: conic.equalityCount)
        s = [Double](repeating: 0, count: m)
        z = s
        w = s
        lambda = s
        eta = [Double](repeating: 1, count: conic.blocks.count)
    }

    // MARK: Linear algebra of E and A

    func coneExpression(_ v: [Double]) -> [Double] {
        conic.coneRows.map { row in row.reduce(0) { $0 + $1.coefficient * v[$1.variable] } }
    }

    func coneTranspose(_ u: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: conic.variableCount)
        for (k, row) in conic.coneRows.enumerated() where u[k] != 0 { for e in row { out[e.variable] += e.coefficient * u[k] } }
        return out
    }

    func equalityTranspose(_ u: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: conic.variableCount)
        for (k, row) in conic.equalityRows.enumerated() { for e in row { out[e.variable] += e.coefficient * u[k] } }
        return out
    }

    func equalityProduct(_ v: [Double]) -> [Double] {
        conic.equalityRows.map { row in row.reduce(0) { $0 + $1.coefficient * v[$1.variable] } }
    }

    // MARK: Cone operations over all blocks

    /// `out = W v` or `W⁻¹ v`.
    func scaled(_ v: [Double], inverse: Bool) -> [Double] {
        var out = v
        for k in 0..<conic.orthantCount {
            let wk = (s[k] / z[k]).squareRoot()
            out[k] = inverse ? v[k] / wk : v[k] * wk
        }
        for (b, block) in conic.blocks.enumerated() {
            SecondOrderConeAlgebra.applyScaling(w, eta: eta[b], inverse: inverse, v, block.start, block.dimension, into: &out)
        }
        return out
    }

    func product(_ u: [Double], _ v: [Double]) -> [Double] {
        var out = u
        for k in 0..<conic.orthantCount { out[k] = u[k] * v[k] }
        for block in conic.blocks { SecondOrderConeAlgebra.product(u, v, block.start, block.dimension, into: &out) }
        return out
    }

    func divide(_ l: [Double], _ v: [Double]) -> [Double] {
        var out = v
        for k in 0..<conic.orthantCount { out[k] = v[k] / l[k] }
        for block in conic.blocks { SecondOrderConeAlgebra.divide(l, v, block.start, block.dimension, into: &out) }
        return out
    }

    /// The identity element `e` times `t`, added to `u`.
    func shifted(_ u: [Double], by t: Double) -> [Double] {
        var out = u
        for k in 0..<conic.orthantCount { out[k] += t }
        for block in conic.blocks { out[block.start] += t }
        return out
    }

    func smallestEigenvalue(_ u: [Double]) -> Double {
        var least = Double.infinity
        for k in 0..<conic.orthantCount { least = min(least, u[k]) }
        for block in conic.blocks { least = min(least, SecondOrderConeAlgebra.smallestEigenvalue(u, block.start, block.dimension)) }
        return least
    }

    func maximumStep(_ u: [Double], _ du: [Double]) -> Double {
        var alpha = 1e30
        for k in 0..<conic.orthantCount where du[k] < 0 { alpha = min(alpha, -u[k] / du[k]) }
        for block in conic.blocks {
            alpha = SecondOrderConeAlgebra.maximumStep(u, du, block.start, block.dimension, limit: alpha)
        }
        return alpha
    }

    /// Computes the NT scaling of (s, z) and λ = W z; factorises the reduced system for it.
    mutating func factoriseScaling() -> Bool {
        var orthantWeights = [Double](repeating: 0, count: conic.orthantCount)
        for k in 0..<conic.orthantCount { orthantWeights[k] = z[k] / s[k] }
        var blockWeights: [[Double]] = []
        for (b, block) in conic.blocks.enumerated() {
            eta[b] = SecondOrderConeAlgebra.scaling(s: s, z: z, block.start, block.dimension, into: &w)
            // W⁻² column by column: W⁻¹(W⁻¹ e_c).
            let d = block.dimension
            let local = Array(w[block.start..<(block.start + d)])
            var matrix = [Double](repeating: 0, count: d * d)
            var unit = [Double](repeating: 0, count: d), once = unit, twice = unit
            for c in 0..<d {
                for i in 0..<d { unit[i] = i == c ? 1 : 0 }
                SecondOrderConeAlgebra.applyScaling(local, eta: eta[b], inverse: true, unit, 0, d, into: &once)
                SecondOrderConeAlgebra.applyScaling(local, eta: eta[b], inverse: true, once, 0, d, into: &twice)
                for r in 0..<d { matrix[r * d + c] = twice[r] }
            }
            blockWeights.append(matrix)
        }
        lambda = scaled(z, inverse: false)
        return system.factorise(quadratic: conic.quadratic, orthantWeights: orthantWeights, blockWeights: blockWeights, conic: conic)
    }

    /// `W⁻² v` with the current scaling.
    func inverseSquaredScaling(_ v: [Double]) -> [Double] { scaled(scaled(v, inverse: true), inverse: true) }

    /// Solves `P dx + Aᵀdy − Eᵀdz = r₁`, `A dx = r₂`, `E dx + W² dz = r₃` for (dx, dy, dz).
    /// Iterative refinement runs on these three equations, not only on the reduced system: eliminating dz
    /// loses accuracy as W⁻² spreads over many decades near the optimum.
    func newtonStep(_ r1: [Double], _ r2: [Double], _ r3: [Double]) -> (dx: [Double], dy: [Double], dz: [Double]) {
        var (dx, dy, dz) = reducedSolve(r1, r2, r3)
        for _ in 0..<2 {
            let py = equalityTranspose(dy), ez = coneTranspose(dz), edx = coneExpression(dx), w2dz = scaled(scaled(dz, inverse: false), inverse: false)
            var e1 = r1, e2 = r2, e3 = r3
            for j in e1.indices { e1[j] -= conic.quadratic[j] * dx[j] + py[j] - ez[j] }
            let adx = equalityProduct(dx)
            for k in e2.indices { e2[k] -= adx[k] }
            for k in e3.indices { e3[k] -= edx[k] + w2dz[k] }
            let correction = reducedSolve(e1, e2, e3)
            for j in dx.indices { dx[j] += correction.dx[j] }
            for k in dy.indices { dy[k] += correction.dy[k] }
            for k in dz.indices { dz[k] += correction.dz[k] }
        }
        return (dx, dy, dz)
    }

    private func reducedSolve(_ r1: [Double], _ r2: [Double], _ r3: [Double]) -> (dx: [Double], dy: [Double], dz: [Double]) {
        let lifted = coneTranspose(inverseSquaredScaling(r3))
        let solution = system.solve(zip(r1, lifted).map { $0 + $1 } + r2)
        let dx = Array(solution[0..<conic.variableCount]), dy = Array(solution[conic.variableCount...])
        let e = coneExpression(dx)
        let dz = inverseSquaredScaling(zip(r3, e).map { $0 - $1 })
        return (dx, dy, dz)
    }

    // MARK: The iteration

    /// CVXOPT's starting point: the least-squares solve with W = I, then s and z shifted into the cone.
    mutating func initialize() -> Bool {
        s = [Double](repeating: 1, count: s.count)
        z = s
        for block in conic.blocks { for i in 1..<block.dimension { s[block.start + i] = 0; z[block.start + i] = 0 } }
        guard factoriseScaling() else { return false }
        // W = I here: solve (P + EᵀE) x + Aᵀy = −c − Eᵀf, A x = b.
        let (dx, dy, _) = newtonStep(conic.linear.map { -$0 }, conic.equalityRHS, conic.coneOffset.map { -$0 })
        x = dx
        y = dy
        let e = coneExpression(x)
        let sHat = zip(conic.coneOffset, e).map { $0 + $1 }
        let zHat = sHat.map { -$0 }
        let sLeast = smallestEigenvalue(sHat), zLeast = smallestEigenvalue(zHat)
        s = sLeast > 0 ? sHat : shifted(sHat, by: 1 - sLeast)
        z = zLeast > 0 ? zHat : shifted(zHat, by: 1 - zLeast)
        return true
    }

    mutating func run(maximumIterations: Int) -> OptimizationStatus {
        guard initialize() else { return .numericalFailure }
        let nu = Double(conic.degree)
        let bNorm = max(1, conic.equalityRHS.map(abs).max() ?? 0, conic.coneOffset.map(abs).max() ?? 0)
        let cNorm = max(1, conic.linear.map(abs).max() ?? 0)
        while iterations < maximumIterations {
            // Residuals.
            let px = zip(conic.quadratic, x).map { $0 * $1 }
            let ay = equalityTranspose(y), ez = coneTranspose(z)
            var rx = [Double](repeating: 0, count: x.count)
            for j in x.indices { rx[j] = px[j] + conic.linear[j] + ay[j] - ez[j] }
            let ry = zip(equalityProduct(x), conic.equalityRHS).map { $0 - $1 }
            let e = coneExpression(x)
            var rz = [Double](repeating: 0, count: s.count)
            for k in s.indices { rz[k] = s[k] - conic.coneOffset[k] - e[k] }
            let gap = zip(s, z).reduce(0) { $0 + $1.0 * $1.1 }
            let primalObjective = zip(px, x).reduce(0) { $0 + 0.5 * $1.0 * $1.1 } + zip(conic.linear, x).reduce(0) { $0 + $1.0 * $1.1 }
            let primalResidual = max(ry.map(abs).max() ?? 0, rz.map(abs).max() ?? 0) / bNorm
            let dualResidual = (rx.map(abs).max() ?? 0) / cNorm
            let error = max(primalResidual, dualResidual, gap / max(1, abs(primalObjective)))
            guard error.isFinite else { return restoreBest() }
            if error <= tolerance { return .optimal }
            if error < best.error { best = (error, x, y, s, z) }
            // Farkas: Aᵀy − Eᵀz = 0 with z ∈ K and bᵀy + fᵀz < 0 … (−(bᵀy) − fᵀz > 0 proves Ax = b, f + Ex ∈ K empty).
            let certificate = -(zip(conic.equalityRHS, y).reduce(0) { $0 + $1.0 * $1.1 }) - zip(conic.coneOffset, z).reduce(0) { $0 + $1.0 * $1.1 }
            if certificate > 0 {
                var infeasibility = 0.0
                for j in x.indices { infeasibility = max(infeasibility, abs(ay[j] - ez[j])) }
                if infeasibility <= 1e-8 * certificate && primalResidual > tolerance { return .infeasible }
            }
            iterations += 1
            guard factoriseScaling() else { return .numericalFailure }
            let mu = gap / nu

            // Predictor: d_c = −λ∘λ.
            let lambdaSquared = product(lambda, lambda)
            func direction(_ dc: [Double]) -> (dx: [Double], dy: [Double], dz: [Double], ds: [Double]) {
                // λ ∘ (W dz + W⁻¹ ds) = d_c and ds − E dx = −r_z give E dx + W² dz = r_z + W(λ \ d_c).
                let wScaled = scaled(divide(lambda, dc), inverse: false)
                let r3 = zip(rz, wScaled).map { $0 + $1 }
                let step = newtonStep(rx.map { -$0 }, ry.map { -$0 }, r3)
                let edx = coneExpression(step.dx)
                let ds = zip(rz, edx).map { -$0 + $1 }
                return (step.dx, step.dy, step.dz, ds)
            }
            let affine = direction(lambdaSquared.map { -$0 })
            let alphaAffine = min(1, maximumStep(s, affine.ds), maximumStep(z, affine.dz))
            var predictedGap = 0.0
            for k in s.indices { predictedGap += (s[k] + alphaAffine * affine.ds[k]) * (z[k] + alphaAffine * affine.dz[k]) }
            let sigma = Swift.max(0, Swift.min(1, predictedGap / gap)).cubed
            // Corrector: d_c = −λ∘λ − (W⁻¹ds_a)∘(W dz_a) + σμe.
            let cross = product(scaled(affine.ds, inverse: true), scaled(affine.dz, inverse: false))
            let combined = direction(shifted(zip(lambdaSquared, cross).map { -$0 - $1 }, by: sigma * mu))
            let alpha = min(1, 0.99 * min(maximumStep(s, combined.ds), maximumStep(z, combined.dz)))
            for j in x.indices { x[j] += alpha * combined.dx[j] }
            for k in y.indices { y[k] += alpha * combined.dy[k] }
            for k in s.indices { s[k] += alpha * combined.ds[k]; z[k] += alpha * combined.dz[k] }
        }
        return restoreBest(otherwise: .iterationLimit)
    }

    /// Back to the most accurate iterate when the iteration breaks down (or runs out) near the optimum:
    /// `.acceptable` if it met `acceptableTolerance` (as Ipopt's acceptable level), else `status`.
    mutating func restoreBest(otherwise status: OptimizationStatus = .numericalFailure) -> OptimizationStatus {
        guard best.error.isFinite else { return status }
        (x, y, s, z) = (best.x, best.y, best.s, best.z)
        return best.error <= acceptableTolerance ? .acceptable : status
    }
}

private extension Double {
    var cubed: Double { self * self * self }
}
