/// The DSO's SOCP (DESIGN.md §4, `.socp`) in the conic form `RadialIPMSolver` solves:
///
///     min ½ xᵀ diag(q) x + cᵀx   s.t.   A x = b,   s = f + E x ∈ K,
///
/// with K the nonnegative orthant of the variable bounds (one row each) times one
/// second-order cone `s₀ ≥ ‖s₁‖` per current–power relation (rotated: `(w + ℓ, w − ℓ,
/// 2P, 2Q)`, so `P² + Q² ≤ w ℓ` with `w = v_f/τ²`) and per rated branch end (`(S, P, Q − b/2 w)`
/// at `f`, `(S, P − rℓ, Q − xℓ + b/2 v_t)` at `t`). The objective is scaled by
/// `objectiveScale` so its largest coefficient is about 1; multipliers are scaled back
/// when they are read out in Ipopt's convention (`ipoptMultipliers`).
struct ConicProgram {
    typealias SparseRow = [(variable: Int, coefficient: Double)]

    /// What a conic row or equality stands for in the branch-flow model, to read its multiplier back.
    enum Origin {
        case lowerBound(variable: Int)
        case upperBound(variable: Int)
        /// A variable whose bounds coincide, kept as the equality `x_j = l_j`.
        case fixedVariable(Int)
        /// A linear equality row of the program.
        case linearRow(Int)
        /// `P² + Q² − w ℓ ≤ 0` of the program's row.
        case currentRelation(row: Int)
        /// `|S|² ≤ S_max²` of the program's row; `radius` = `S_max` (p.u.).
        case apparentPower(row: Int, radius: Double)
    }

    /// A second-order cone block of `s`: rows `start ..< start + dimension`.
    struct ConeBlock {
        let start: Int
        let dimension: Int
        let origin: Origin
    }

    let variableCount: Int
    let objectiveScale: Double
    /// Scaled objective: `½ Σ quadratic_j x_j² + Σ linear_j x_j` (+ the constant, unscaled, left out).
    let quadratic: [Double], linear: [Double]
    let equalityRows: [SparseRow], equalityRHS: [Double], equalityOrigins: [Origin]
    /// `s = f + E x`: the orthant rows first (`orthantCount`, one variable each), then the cone blocks.
    let coneRows: [SparseRow], coneOffset: [Double]
    let orthantCount: Int
    let orthantOrigins: [Origin]
    let blocks: [ConeBlock]

    var equalityCount: Int { equalityRows.count }
    var coneRowCount: Int { coneRows.count }
    /// The cone's degree ν: one per orthant row and per second-order cone.
    var degree: Int { orthantCount + blocks.count }

    /// The conic form of `model`, or nil when the model is not a branch-flow SOCP of this shape
    /// (the exact formulation, an objective above degree 2, a quadratic row that is not one of its cones).
    init?(_ model: BranchFlowModel) {
        guard model.specification.formulation == .socp else { return nil }
        let program = model.program
        guard let objective = program.separableQuadraticObjective else { return nil }
        let largest = (objective.linear + objective.quadratic).map(abs).max() ?? 0
        let scale = 1 / max(1, largest)
        objectiveScale = scale
        quadratic = objective.quadratic.map { $0 * scale }
        linear = objective.linear.map { $0 * scale }
        variableCount = program.variableCount

        let rows = program.rowsInLinearForm
        var coneRowSet = Set(model.currentRelationRow)
        for rated in model.apparentPowerRows { coneRowSet.insert(rated.from); coneRowSet.insert(rated.to) }
        var equalities: [SparseRow] = [], rhs: [Double] = [], origins: [Origin] = []
        for (r, row) in rows.enumerated() where !coneRowSet.contains(r) {
            guard !row.hasProducts, program.constraintLowerBounds[r] == program.constraintUpperBounds[r] else { return nil }
            equalities.append(row.terms)
            rhs.append(program.constraintLowerBounds[r] - row.constant)
            origins.append(.linearRow(r))
        }

        var coneRows: [SparseRow] = [], offsets: [Double] = [], orthantOrigins: [Origin] = []
        for j in 0..<program.variableCount {
            let lower = program.variableLowerBounds[j], upper = program.variableUpperBounds[j]
            if lower == upper {
                equalities.append([(j, 1)])
                rhs.append(lower)
                origins.append(.fixedVariable(j))
                continue
            }
            if lower.isFinite { coneRows.append([(j, 1)]); offsets.append(-lower); orthantOrigins.append(.lowerBound(variable: j)) }
            if upper.isFinite { coneRows.append([(j, -1)]); offsets.append(upper); orthantOrigins.append(.upperBound(variable: j)) }
        }
        orthantCount = coneRows.count

        var blocks: [ConeBlock] = []
        func addBlock(_ expressions: [(offset: Double, row: SparseRow)], _ origin: Origin) {
            blocks.append(ConeBlock(start: coneRows.count, dimension: expressions.count, origin: origin))
            for e in expressions { coneRows.append(e.row); offsets.append(e.offset) }
        }
        for l in model.branches.indices {
            let w = 1 / model.tapSquared(l), vf = model.v[model.fromBus[l]], ell = model.ell[l]
            addBlock([(0, [(vf, w), (ell, 1)]), (0, [(vf, w), (ell, -1)]), (0, [(model.p[l], 2)]), (0, [(model.q[l], 2)])],
                     .currentRelation(row: model.currentRelationRow[l]))
        }
        for rated in model.apparentPowerRows {
            let l = rated.branch, branch = model.branches[l]
            let radius = branch.rateAMVA / model.baseMVA, half = branch.bPU / 2
            let vf = model.v[model.fromBus[l]], vt = model.v[model.toBus[l]], ell = model.ell[l]
            addBlock([(radius, []), (0, [(model.p[l], 1)]), (0, [(model.q[l], 1), (vf, -half / model.tapSquared(l))])],
                     .apparentPower(row: rated.from, radius: radius))
            addBlock([(radius, []), (0, [(model.p[l], 1), (ell, -branch.rPU)]),
                      (0, [(model.q[l], 1), (ell, -branch.xPU), (vt, half)])],
                     .apparentPower(row: rated.to, radius: radius))
        }
        equalityRows = equalities
        equalityRHS = rhs
        equalityOrigins = origins
        self.coneRows = coneRows
        coneOffset = offsets
        self.orthantOrigins = orthantOrigins
        self.blocks = blocks
    }

    /// The multipliers of the solution `(y, z, s)` in Ipopt's convention for `program`: Lagrangian
    /// `f + λᵀg`, bound multipliers `z_L, z_U ≥ 0` with `∇f + Jᵀλ − z_L + z_U = 0`, in the original objective's units.
    func ipoptMultipliers(y: [Double], z: [Double], s: [Double], constraintCount: Int)
        -> (constraints: [Double], lower: [Double], upper: [Double]) {
        var lambda = [Double](repeating: 0, count: constraintCount)
        var lower = [Double](repeating: 0, count: variableCount), upper = lower
        let unscale = 1 / objectiveScale
        for (k, origin) in equalityOrigins.enumerated() {
            switch origin {
            case .linearRow(let r): lambda[r] = y[k] * unscale
            case .fixedVariable(let j):
                if y[k] > 0 { upper[j] = y[k] * unscale } else { lower[j] = -y[k] * unscale }
            default: break
            }
        }
        for (k, origin) in orthantOrigins.enumerated() {
            if case .lowerBound(let j) = origin { lower[j] = z[k] * unscale }
            if case .upperBound(let j) = origin { upper[j] = z[k] * unscale }
        }
        for block in blocks {
            // At a complementary pair on the cone's boundary z = κ J s; the gradient of the program's row is
            // then parallel to the cone's, with λ = 2κ for the rotated cone and κ / 2 for a thermal one.
            let z0 = z[block.start], s0 = s[block.start]
            switch block.origin {
            case .currentRelation(let r): lambda[r] = s0 > 0 ? 2 * z0 / s0 * unscale : 0
            case .apparentPower(let r, let radius): lambda[r] = z0 / (2 * radius) * unscale
            default: break
            }
        }
        return (lambda, lower, upper)
    }
}
