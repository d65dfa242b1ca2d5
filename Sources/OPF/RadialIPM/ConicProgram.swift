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
    struct ConeBlock: Equatable {
        let start: Int
        let dimension: Int
        let origin: Origin

        static func == (a: ConeBlock, b: ConeBlock) -> Bool { a.start == b.start && a.dimension == b.dimension }
    }

    /// Compressed rows of a sparse matrix: row `r`'s entries are `start[r] ..< start[r + 1]`.
    struct SparseRows: Equatable {
        private(set) var start: [Int] = [0]
        private(set) var variable: [Int] = []
        private(set) var coefficient: [Double] = []
        var rowCount: Int { start.count - 1 }

        mutating func appendRow(_ entries: [(variable: Int, coefficient: Double)]) {
            for entry in entries { variable.append(entry.variable); coefficient.append(entry.coefficient) }
            start.append(variable.count)
        }

        mutating func appendRow(variables: ArraySlice<Int>, coefficients: ArraySlice<Double>) {
            variable += variables
            coefficient += coefficients
            start.append(variable.count)
        }

        /// Same pattern (the coefficients may differ).
        func hasPattern(of other: SparseRows) -> Bool { start == other.start && variable == other.variable }

        /// Whether every entry names a variable in `0 ..< count` (the products index the caller's vectors by it).
        func indexesWithin(_ count: Int) -> Bool { variable.allSatisfy { $0 >= 0 && $0 < count } }

        /// `body(start, variable, coefficient)` on the three arrays' buffers.
        func withBuffers<R>(_ body: (UnsafeBufferPointer<Int>, UnsafeBufferPointer<Int>, UnsafeBufferPointer<Double>) -> R) -> R {
            start.withUnsafeBufferPointer { start in
                variable.withUnsafeBufferPointer { variable in
                    coefficient.withUnsafeBufferPointer { coefficient in body(start, variable, coefficient) }
                }
            }
        }
    }

    let variableCount: Int
    let objectiveScale: Double
    /// The objective's constant, left out of the scaled conic objective (`f_program = f_conic / scale + constant`
    /// at the optimum, where every pushed α is 1).
    let objectiveConstant: Double
    /// Scaled objective: `½ Σ quadratic_j x_j² + Σ linear_j x_j` (+ the constant, unscaled, left out).
    let quadratic: [Double], linear: [Double]
    /// The α variables of negligible trades, each given the linear cost `−acceptancePush` (scaled) so its
    /// optimum is α = 1 with a multiplier of that size on its upper bound.
    let pushedVariables: [Int]
    static let acceptancePush = 1.0
    /// `A x = b`.
    let equalities: SparseRows, equalityRHS: [Double], equalityOrigins: [Origin]
    /// The orthant rows `s_k = f_k + a_k x_j` (k < `orthantCount`): one variable each, `a_k` = ±1.
    let orthantVariable: [Int], orthantCoefficient: [Double], orthantOrigins: [Origin]
    /// The second-order cone rows `s_k = f_k + (E x)_k` (k ≥ `orthantCount`), row `k − orthantCount` here.
    let coneRows: SparseRows
    /// `f` over all rows of `s`, the orthant rows first.
    let coneOffset: [Double]
    let blocks: [ConeBlock]

    var equalityCount: Int { equalities.rowCount }
    var orthantCount: Int { orthantVariable.count }
    var coneRowCount: Int { coneOffset.count }
    /// The cone's degree ν: one per orthant row and per second-order cone.
    var degree: Int { orthantCount + blocks.count }

    /// True when `other` has the same structure — counts, the patterns of `A` and `E`, cone sizes, and the
    /// coefficients of `E` (the feeder's impedances and taps): a solver's symbolic analysis and work space for
    /// one hold for the other, with only `P`, `c`, `A`'s values, `b` and `f` to refresh.
    func hasStructure(of other: ConicProgram) -> Bool {
        variableCount == other.variableCount && orthantVariable == other.orthantVariable
            && orthantCoefficient == other.orthantCoefficient && blocks == other.blocks
            && equalities.hasPattern(of: other.equalities) && coneRows == other.coneRows
    }

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
        variableCount = program.variableCount
        // The α of a negligible trade is pushed to 1, as the trade check reports it: curtailing nothing costs
        // nothing, and so flat a direction stalls the dual residual (`TradeCheckResult.negligibleTradeKW`). A
        // linear cost, not a fixed α, keeps the structure — and the analysed KKT system — the same whichever
        // trades are negligible.
        let negligiblePU = TradeCheckResult.negligibleTradeKW / (model.baseMVA * 1000)
        pushedVariables = model.specification.trades.indices.filter { model.specification.trades[$0].powerPU <= negligiblePU }
            .map { model.alpha[$0] }
        var linear = objective.linear.map { $0 * scale }
        for j in pushedVariables { linear[j] -= Self.acceptancePush }
        self.linear = linear
        objectiveConstant = objective.constant + Double(pushedVariables.count) * Self.acceptancePush / scale

        let rows = program.rowsInLinearForm
        var isConeRow = [Bool](repeating: false, count: program.constraintCount)
        for r in model.currentRelationRow { isConeRow[r] = true }
        for rated in model.apparentPowerRows { isConeRow[rated.from] = true; isConeRow[rated.to] = true }
        var equalities = SparseRows(), rhs: [Double] = [], origins: [Origin] = []
        for r in 0..<program.constraintCount where !isConeRow[r] {
            guard !rows.hasProducts[r], program.constraintLowerBounds[r] == program.constraintUpperBounds[r] else { return nil }
            equalities.appendRow(variables: rows.variable[rows.start[r]..<rows.start[r + 1]],
                                 coefficients: rows.coefficient[rows.start[r]..<rows.start[r + 1]])
            rhs.append(program.constraintLowerBounds[r] - rows.constant[r])
            origins.append(.linearRow(r))
        }

        var orthantVariable: [Int] = [], orthantCoefficient: [Double] = [], offsets: [Double] = [], orthantOrigins: [Origin] = []
        for j in 0..<program.variableCount {
            let lower = program.variableLowerBounds[j], upper = program.variableUpperBounds[j]
            if lower == upper {
                equalities.appendRow([(j, 1)])
                rhs.append(lower)
                origins.append(.fixedVariable(j))
                continue
            }
            if lower.isFinite {
                orthantVariable.append(j); orthantCoefficient.append(1); offsets.append(-lower)
                orthantOrigins.append(.lowerBound(variable: j))
            }
            if upper.isFinite {
                orthantVariable.append(j); orthantCoefficient.append(-1); offsets.append(upper)
                orthantOrigins.append(.upperBound(variable: j))
            }
        }

        var coneRows = SparseRows(), blocks: [ConeBlock] = []
        func addBlock(_ expressions: [(offset: Double, row: [(variable: Int, coefficient: Double)])], _ origin: Origin) {
            blocks.append(ConeBlock(start: offsets.count, dimension: expressions.count, origin: origin))
            for e in expressions { coneRows.appendRow(e.row); offsets.append(e.offset) }
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
        self.equalities = equalities
        equalityRHS = rhs
        equalityOrigins = origins
        self.orthantVariable = orthantVariable
        self.orthantCoefficient = orthantCoefficient
        self.orthantOrigins = orthantOrigins
        self.coneRows = coneRows
        coneOffset = offsets
        self.blocks = blocks
        // The products (`ConicProgram+Products`) index vectors by these without further checks.
        precondition(equalities.indexesWithin(variableCount) && coneRows.indexesWithin(variableCount)
                     && orthantVariable.allSatisfy { $0 >= 0 && $0 < variableCount }
                     && orthantVariable.count == orthantCoefficient.count && coneRows.rowCount + orthantCount == offsets.count,
                     "the conic form's rows name variables outside the program")
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
        // The push is not the program's: its share of a pushed α's bound multiplier is taken out again.
        for j in pushedVariables { upper[j] = max(0, upper[j] - Self.acceptancePush * unscale) }
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
