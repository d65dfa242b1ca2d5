/// One solve of `RadialIPMSolver`: the iterates `(x, y, s, z)` — `x` the `n` variables, `y` the `p`
/// equality duals, `s` and `z` the `m` cone rows — and every buffer the steps between them use, allocated
/// once per program structure and reused by the next solve of the same structure (`load`). Each step of
/// the iteration is one function; none allocates.
struct RadialIPMIterate {
    private(set) var conic: ConicProgram
    let system: ReducedKKTSystem
    private var scaling: ConeScaling
    private(set) var x: [Double], y: [Double], s: [Double], z: [Double]
    private(set) var iterations = 0
    /// Whether `(x, y, s, z)` hold the optimal answer of the last program solved (of this structure): a warm start's point.
    private(set) var holdsSolution = false
    /// A warm start moves the previous answer's `s` and `z` into the interior until their smallest eigenvalue is at least
    /// this (scaled units). Chosen in a one-off sweep (not a project command) on the `socp` benchmark's 60 stressed trade
    /// checks, not on a reported dataset: 0.1–0.2 took about 15 % fewer iterations than the cold start, 1e-3 more (a start
    /// too near the boundary), 1 hardly fewer. The benchmark reports the chosen margin against the cold start.
    static let warmStartMargin = 0.1
    /// Whether Newton steps are refined: only once the iterate is within `refinementStart` of converging…
    private var refines = true
    static let refinementStart = 1e-6
    /// The smallest objective magnitude the gap is measured relative to (scaled units).
    static let objectiveFloor = 1e-6
    /// ... or its relative gap is within this: near the optimum unrefined steps let the dual residual grow.
    static let refinementGap = 1e-3

    // Residuals: r_x = P x + c + Aᵀy − Eᵀz (n), r_y = A x − b (p), r_z = s − f − E x (m).
    private var rx: [Double], ry: [Double], rz: [Double]
    // The Newton equations' right-hand sides (n, p, m) and the step (dx, dy, dz, ds).
    private var r1: [Double], r2: [Double], r3: [Double]
    private var dx: [Double], dy: [Double], dz: [Double], ds: [Double]
    // The affine (predictor) step's ds and dz, and the complementarity target d_c.
    private var affineDS: [Double], affineDZ: [Double], dc: [Double], lambdaSquared: [Double]
    // Refinement: residuals of the Newton equations and their correction.
    private var e1: [Double], e2: [Double], e3: [Double], cdx: [Double], cdy: [Double], cdz: [Double]
    // Scratch: the reduced system's right-hand side (n + p), and vectors of n and m.
    private var kkt: [Double], scratchN: [Double], scratchM1: [Double], scratchM2: [Double]
    /// The most accurate iterate so far: its largest relative residual or gap, and the point.
    private var bestError = Double.infinity
    private var bestX: [Double], bestY: [Double], bestS: [Double], bestZ: [Double]

    /// What `restoreBest` accepts as converged when the iteration cannot reach the tolerance.
    static let acceptableTolerance = 1e-8
    /// Refinement rounds on the Newton equations at most; they stop early once the residual is at rounding level.
    static let maximumRefinements = 4

    init(conic: ConicProgram, system: ReducedKKTSystem) {
        self.conic = conic
        self.system = system
        let n = conic.variableCount, p = conic.equalityCount, m = conic.coneRowCount
        scaling = ConeScaling(orthantCount: conic.orthantCount, blocks: conic.blocks, rowCount: m)
        func zeros(_ count: Int) -> [Double] { [Double](repeating: 0, count: count) }
        (x, rx, r1, dx, e1, cdx, scratchN, bestX) = (zeros(n), zeros(n), zeros(n), zeros(n), zeros(n), zeros(n), zeros(n), zeros(n))
        (y, ry, r2, dy, e2, cdy, bestY) = (zeros(p), zeros(p), zeros(p), zeros(p), zeros(p), zeros(p), zeros(p))
        (s, z, rz, r3, dz, ds, e3, cdz) = (zeros(m), zeros(m), zeros(m), zeros(m), zeros(m), zeros(m), zeros(m), zeros(m))
        (affineDS, affineDZ, dc, lambdaSquared, scratchM1, scratchM2, bestS, bestZ) =
            (zeros(m), zeros(m), zeros(m), zeros(m), zeros(m), zeros(m), zeros(m), zeros(m))
        kkt = zeros(n + p)
    }

    /// Takes the numbers of `program`, which has this iterate's structure (`ConicProgram.hasStructure`).
    mutating func load(_ program: ConicProgram) {
        conic = program
        system.updateProgramValues(program)
    }

    // MARK: The Newton step

    /// Solves `P dx + Aᵀdy − Eᵀdz = a₁`, `A dx = a₂`, `E dx + W² dz = a₃` through the reduced system.
    private static func reducedSolve(_ conic: ConicProgram, _ system: ReducedKKTSystem, _ scaling: ConeScaling,
                                     _ a1: [Double], _ a2: [Double], _ a3: [Double],
                                     _ ox: inout [Double], _ oy: inout [Double], _ oz: inout [Double],
                                     kkt: inout [Double], scratch1: inout [Double], scratch2: inout [Double]) {
        let n = conic.variableCount
        scaling.apply(.inverseSquared, a3, into: &scratch1)
        for j in 0..<n { kkt[j] = a1[j] }
        for k in 0..<a2.count { kkt[n + k] = a2[k] }
        // kkt[0..<n] += Eᵀ W⁻² a₃ (through ox as the n-vector it lands in).
        for j in 0..<n { ox[j] = 0 }
        conic.addConeTranspose(scratch1, sign: 1, into: &ox)
        for j in 0..<n { kkt[j] += ox[j] }
        system.solve(&kkt)
        for j in 0..<n { ox[j] = kkt[j] }
        for k in 0..<a2.count { oy[k] = kkt[n + k] }
        conic.coneProduct(ox, into: &scratch2)
        for k in 0..<a3.count { scratch2[k] = a3[k] - scratch2[k] }
        scaling.apply(.inverseSquared, scratch2, into: &oz)
    }

    /// `(dx, dy, dz)` for the right-hand sides `(r1, r2, r3)`, refined on the unreduced equations when `refining`
    /// and the iterate asks for it (`refines`): eliminating dz loses accuracy as W⁻² spreads over many decades
    /// near the optimum, and the static and dynamic regularisation of the reduced system is corrected here too.
    private mutating func newtonStep(refining: Bool = true) {
        Self.reducedSolve(conic, system, scaling, r1, r2, r3, &dx, &dy, &dz, kkt: &kkt, scratch1: &scratchM1, scratch2: &scratchM2)
        guard refines && refining else { return }
        let size = max(1, maximumMagnitude(r1), maximumMagnitude(r2), maximumMagnitude(r3))
        var previous = Double.infinity
        for _ in 0..<Self.maximumRefinements {
            // e₁ = r₁ − (P dx + Aᵀdy − Eᵀdz), e₂ = r₂ − A dx, e₃ = r₃ − (E dx + W² dz)
            for j in 0..<conic.variableCount { scratchN[j] = conic.quadratic[j] * dx[j] }
            conic.addEqualityTranspose(dy, sign: 1, into: &scratchN)
            conic.addConeTranspose(dz, sign: -1, into: &scratchN)
            for j in 0..<conic.variableCount { e1[j] = r1[j] - scratchN[j] }
            conic.equalityProduct(dx, into: &e2)
            for k in 0..<e2.count { e2[k] = r2[k] - e2[k] }
            conic.coneProduct(dx, into: &scratchM1)
            scaling.apply(.squared, dz, into: &scratchM2)
            for k in 0..<e3.count { e3[k] = r3[k] - scratchM1[k] - scratchM2[k] }
            let residual = max(maximumMagnitude(e1), maximumMagnitude(e2), maximumMagnitude(e3))
            if residual <= 1e-12 * size || residual > 0.5 * previous { break }
            previous = residual
            Self.reducedSolve(conic, system, scaling, e1, e2, e3, &cdx, &cdy, &cdz, kkt: &kkt, scratch1: &scratchM1, scratch2: &scratchM2)
            for j in 0..<dx.count { dx[j] += cdx[j] }
            for k in 0..<dy.count { dy[k] += cdy[k] }
            for k in 0..<dz.count { dz[k] += cdz[k] }
        }
    }

    /// The search direction for the complementarity target `dc`: `λ ∘ (W dz + W⁻¹ ds) = d_c` and
    /// `ds − E dx = −r_z` give `E dx + W² dz = r_z + W(λ \ d_c)`; then `ds = E dx − r_z`.
    private mutating func direction(refining: Bool) {
        for j in 0..<rx.count { r1[j] = -rx[j] }
        for k in 0..<ry.count { r2[k] = -ry[k] }
        scaling.divideByLambda(dc, into: &scratchM1)
        scaling.apply(.scaling, scratchM1, into: &scratchM2)
        for k in 0..<rz.count { r3[k] = rz[k] + scratchM2[k] }
        newtonStep(refining: refining)
        conic.coneProduct(dx, into: &ds)
        for k in 0..<ds.count { ds[k] -= rz[k] }
    }

    // MARK: The iteration

    /// The previous answer as the starting point: its `x` and `y`, `s = f + E x` of the new data and its `z`, each moved
    /// into the interior by `warmStartMargin` (an answer sits on the cone's boundary, where a step has no room). Saves
    /// the cold start's factorisation and two solves as well as iterations when the programs are related.
    private mutating func initializeWarm() {
        conic.coneProduct(x, into: &s)
        for k in s.indices { s[k] += conic.coneOffset[k] }
        scaling.lift(&s, ifAtMost: Self.warmStartMargin, to: Self.warmStartMargin)
        scaling.lift(&z, ifAtMost: Self.warmStartMargin, to: Self.warmStartMargin)
    }

    /// CVXOPT's starting point for cone programs (`conelp`): with W = I, the primal point with the least-norm
    /// s and the dual point with the least-norm z, each shifted into the cone. (The single solve of `coneqp`,
    /// z = −s, started farther out: on the 69- and 141-bus OPFs it took an iteration more.)
    private mutating func initialize() -> Bool {
        for k in s.indices { s[k] = 0; z[k] = 0 }
        for k in 0..<conic.orthantCount { s[k] = 1; z[k] = 1 }
        for block in conic.blocks { s[block.start] = 1; z[block.start] = 1 }
        scaling.update(s: s, z: z)
        guard system.factorise(scaling) else { return false }
        // Primal, W = I: min ½xᵀPx + ½‖s‖² with A x = b, s = f + E x (right-hand side (0, b, −f)).
        for j in r1.indices { r1[j] = 0 }
        for k in r2.indices { r2[k] = conic.equalityRHS[k] }
        for k in r3.indices { r3[k] = -conic.coneOffset[k] }
        newtonStep()
        for j in x.indices { x[j] = dx[j] }
        conic.coneProduct(x, into: &s)
        for k in s.indices { s[k] += conic.coneOffset[k] }
        // Dual, W = I: the least-norm z (with y) of P x + c + Aᵀy − Eᵀz = 0 (right-hand side (−c, 0, 0)).
        for j in r1.indices { r1[j] = -conic.linear[j] }
        for k in r2.indices { r2[k] = 0 }
        for k in r3.indices { r3[k] = 0 }
        newtonStep()
        for k in y.indices { y[k] = dy[k] }
        for k in z.indices { z[k] = dz[k] }
        scaling.lift(&s, ifAtMost: 0, to: 1)
        scaling.lift(&z, ifAtMost: 0, to: 1)
        return true
    }

    /// Iterates to a status from the cold starting point, or from the previous answer when `warm` (which needs
    /// `holdsSolution`); the answer is then in `x, y, s, z`.
    mutating func run(tolerance: Double, maximumIterations: Int, warm: Bool) -> OptimizationStatus {
        precondition(!warm || holdsSolution, "a warm start needs a previous answer")
        let status = iterate(tolerance: tolerance, maximumIterations: maximumIterations, warm: warm)
        holdsSolution = status == .optimal
        return status
    }

    private mutating func iterate(tolerance: Double, maximumIterations: Int, warm: Bool) -> OptimizationStatus {
        iterations = 0
        bestError = .infinity
        refines = true
        if warm {
            initializeWarm()
        } else {
            guard initialize() else { return .numericalFailure }
        }
        let nu = Double(conic.degree)
        let bNorm = max(1, maximumMagnitude(conic.equalityRHS), maximumMagnitude(conic.coneOffset))
        let cNorm = max(1, maximumMagnitude(conic.linear))
        while iterations < maximumIterations {
            let (primalScale, dualScale) = computeResiduals()
            let gap = dot(s, z)
            // The program's own scaled objective: without the push of negligible trades' α (worth −push each at α = 1).
            var primalObjective = Double(conic.pushedVariables.count) * ConicProgram.acceptancePush
            for j in x.indices { primalObjective += (0.5 * conic.quadratic[j] * x[j] + conic.linear[j]) * x[j] }
            // Relative to the data and to the terms the residuals are sums of: a residual at rounding level of
            // large terms (large duals near the optimum) is as small as this arithmetic can make it.
            let primalResidual = max(maximumMagnitude(ry), maximumMagnitude(rz)) / max(bNorm, primalScale)
            let dualResidual = maximumMagnitude(rx) / max(cNorm, dualScale)
            // The gap relative to the objective itself (not to max(1, |f|)): the scaled objective is far below 1
            // (its largest coefficient is 1, the value of lost load's), and a bound whose multiplier is tiny — the
            // α of a small trade — sits μ/z from its optimum, so only a relative gap pins such an α.
            let relativeGap = gap / max(Self.objectiveFloor, abs(primalObjective))
            let error = max(primalResidual, dualResidual, relativeGap)
            guard error.isFinite else { return restoreBest() }
            if error <= tolerance { return .optimal }
            if error < bestError { keepAsBest(error) }
            if provesInfeasibility(primalResidual: primalResidual, tolerance: tolerance) { return .infeasible }
            refines = error <= Self.refinementStart || relativeGap <= Self.refinementGap
            iterations += 1
            scaling.update(s: s, z: z)
            guard system.factorise(scaling) else { return .numericalFailure }
            let mu = gap / nu

            // Predictor: d_c = −λ∘λ.
            scaling.product(scaling.lambda, scaling.lambda, into: &lambdaSquared)
            for k in dc.indices { dc[k] = -lambdaSquared[k] }
            // The predictor only sets σ and the corrector's second-order term: it is not refined.
            direction(refining: false)
            let alphaAffine = min(1, scaling.maximumStep(s, ds), scaling.maximumStep(z, dz))
            var predictedGap = 0.0
            for k in s.indices { predictedGap += (s[k] + alphaAffine * ds[k]) * (z[k] + alphaAffine * dz[k]) }
            let ratio = max(0, min(1, predictedGap / gap))
            let sigma = ratio * ratio * ratio
            // Corrector: d_c = −λ∘λ − (W⁻¹ds_a)∘(W dz_a) + σμe.
            for k in ds.indices { affineDS[k] = ds[k]; affineDZ[k] = dz[k] }
            scaling.apply(.inverse, affineDS, into: &scratchM1)
            scaling.apply(.scaling, affineDZ, into: &scratchM2)
            scaling.product(scratchM1, scratchM2, into: &dc)
            for k in dc.indices { dc[k] = -lambdaSquared[k] - dc[k] }
            scaling.shift(&dc, by: sigma * mu)
            direction(refining: true)
            let alpha = min(1, 0.99 * min(scaling.maximumStep(s, ds), scaling.maximumStep(z, dz)))
            for j in x.indices { x[j] += alpha * dx[j] }
            for k in y.indices { y[k] += alpha * dy[k] }
            for k in s.indices { s[k] += alpha * ds[k]; z[k] += alpha * dz[k] }
        }
        return restoreBest(otherwise: .iterationLimit)
    }

    /// The residuals at the current iterate, and the largest magnitude among the terms of the primal residuals
    /// (`A x`, `E x`, `s`) and of the dual one (`P x`, `Aᵀy`, `Eᵀz`).
    private mutating func computeResiduals() -> (primal: Double, dual: Double) {
        for j in x.indices { rx[j] = conic.quadratic[j] * x[j] }
        var dualScale = maximumMagnitude(rx)
        for j in x.indices { rx[j] += conic.linear[j] }
        for j in scratchN.indices { scratchN[j] = 0 }
        conic.addEqualityTranspose(y, sign: 1, into: &scratchN)
        dualScale = max(dualScale, maximumMagnitude(scratchN))
        for j in x.indices { rx[j] += scratchN[j]; scratchN[j] = 0 }
        conic.addConeTranspose(z, sign: -1, into: &scratchN)
        dualScale = max(dualScale, maximumMagnitude(scratchN))
        for j in x.indices { rx[j] += scratchN[j] }
        conic.equalityProduct(x, into: &ry)
        var primalScale = maximumMagnitude(ry)
        for k in ry.indices { ry[k] -= conic.equalityRHS[k] }
        conic.coneProduct(x, into: &rz)
        primalScale = max(primalScale, maximumMagnitude(rz), maximumMagnitude(s))
        for k in rz.indices { rz[k] = s[k] - conic.coneOffset[k] - rz[k] }
        return (primalScale, dualScale)
    }

    /// Farkas: `Aᵀy − Eᵀz = 0` with `z ∈ K` and `−bᵀy − fᵀz > 0` proves `A x = b, f + E x ∈ K` empty; the
    /// duals of an infeasible start approach such a certificate, so it is checked relative to its size.
    private mutating func provesInfeasibility(primalResidual: Double, tolerance: Double) -> Bool {
        let certificate = -dot(conic.equalityRHS, y) - dot(conic.coneOffset, z)
        guard certificate > 0, primalResidual > tolerance else { return false }
        for j in scratchN.indices { scratchN[j] = 0 }
        conic.addEqualityTranspose(y, sign: 1, into: &scratchN)
        conic.addConeTranspose(z, sign: -1, into: &scratchN)
        return maximumMagnitude(scratchN) <= 1e-8 * certificate
    }

    private mutating func keepAsBest(_ error: Double) {
        bestError = error
        for j in x.indices { bestX[j] = x[j] }
        for k in y.indices { bestY[k] = y[k] }
        for k in s.indices { bestS[k] = s[k]; bestZ[k] = z[k] }
    }

    /// Back to the most accurate iterate when the iteration breaks down (or runs out) near the optimum:
    /// `.acceptable` if it met `acceptableTolerance` (as Ipopt's acceptable level), else `status`.
    private mutating func restoreBest(otherwise status: OptimizationStatus = .numericalFailure) -> OptimizationStatus {
        guard bestError.isFinite else { return status }
        for j in x.indices { x[j] = bestX[j] }
        for k in y.indices { y[k] = bestY[k] }
        for k in s.indices { s[k] = bestS[k]; z[k] = bestZ[k] }
        return bestError <= Self.acceptableTolerance ? .acceptable : status
    }
}

/// `max |v_k|`, NaN if any entry is NaN (so a broken iterate fails the finiteness check).
private func maximumMagnitude(_ v: [Double]) -> Double {
    var largest = 0.0
    for value in v {
        if value.isNaN { return .nan }
        largest = max(largest, abs(value))
    }
    return largest
}

private func dot(_ u: [Double], _ v: [Double]) -> Double {
    var sum = 0.0
    for k in u.indices { sum += u[k] * v[k] }
    return sum
}
