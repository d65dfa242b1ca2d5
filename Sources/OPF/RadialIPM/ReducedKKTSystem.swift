import SparseLDL

/// The reduced Newton system of `RadialIPMSolver`, the cone duals eliminated:
///
///     [ P + Eᵀ W⁻² E + δI    Aᵀ ] [dx]   [r₁]
///     [ A                   −δI ] [dy] = [r₂]
///
/// The sparsity pattern — the objective's diagonal, one small dense block per cone
/// over the variables it couples (a branch's P, Q, ℓ and end voltages: the feeder's
/// tree), and the DistFlow equalities — is fixed by the program, so it is ordered
/// and analysed once (`SparseLDL`, minimum degree) and only refactorised numerically
/// each iteration; the static regularisation δ is removed by iterative refinement.
final class ReducedKKTSystem {
    let dimension: Int
    let variableCount: Int
    private var rows: [Int32] = [], columns: [Int32] = []
    private(set) var values: [Double] = []
    /// Slot of each variable's and each equality's diagonal.
    private var diagonalSlot: [Int] = []
    /// Per orthant row: the diagonal slot of its variable and its coefficient.
    private var orthantSlots: [(slot: Int, coefficient: Double)] = []
    /// Per cone block: its variables and, for each pair (i ≤ j), the slot.
    private var blockVariables: [[Int]] = []
    private var blockPairSlots: [[Int]] = []
    /// Dense `E` of each block: `[row within block][variable within block]`.
    private var blockMatrices: [[[Double]]] = []
    private var equalitySlots: [[Int]] = []
    private let factors: OpaquePointer
    let regularization = 1e-10

    init?(_ conic: ConicProgram) {
        variableCount = conic.variableCount
        dimension = conic.variableCount + conic.equalityCount
        var slots: [Int64: Int] = [:]
        var rows: [Int32] = [], columns: [Int32] = []
        func slot(_ r: Int, _ c: Int) -> Int {
            let (i, j) = (max(r, c), min(r, c))
            let key = Int64(i) << 32 | Int64(j)
            if let found = slots[key] { return found }
            rows.append(Int32(i))
            columns.append(Int32(j))
            slots[key] = rows.count - 1
            return rows.count - 1
        }
        let variableCount = conic.variableCount, dimension = self.dimension
        let diagonal = (0..<dimension).map { slot($0, $0) }
        var orthant: [(slot: Int, coefficient: Double)] = []
        for k in 0..<conic.orthantCount {
            let entry = conic.coneRows[k][0]
            orthant.append((diagonal[entry.variable], entry.coefficient))
        }
        var blockMatrices: [[[Double]]] = [], blockVariables: [[Int]] = [], blockPairSlots: [[Int]] = []
        for block in conic.blocks {
            let blockRows = conic.coneRows[block.start..<(block.start + block.dimension)]
            let variables = Array(Set(blockRows.flatMap { $0.map(\.variable) })).sorted()
            let position = Dictionary(uniqueKeysWithValues: variables.enumerated().map { ($1, $0) })
            blockMatrices.append(blockRows.map { row in
                var dense = [Double](repeating: 0, count: variables.count)
                for entry in row { dense[position[entry.variable]!] += entry.coefficient }
                return dense
            })
            var pairs: [Int] = []
            for a in variables.indices { for b in a..<variables.count { pairs.append(slot(variables[a], variables[b])) } }
            blockVariables.append(variables)
            blockPairSlots.append(pairs)
        }
        var equalitySlots: [[Int]] = []
        for (k, row) in conic.equalityRows.enumerated() {
            var rowSlots: [Int] = []
            for entry in row { rowSlots.append(slot(variableCount + k, entry.variable)) }
            equalitySlots.append(rowSlots)
        }
        guard let analysed = sldl_analyse(Int32(dimension), Int32(rows.count), rows, columns, nil) else { return nil }
        factors = analysed
        self.rows = rows
        self.columns = columns
        values = [Double](repeating: 0, count: rows.count)
        diagonalSlot = diagonal
        orthantSlots = orthant
        self.blockMatrices = blockMatrices
        self.blockVariables = blockVariables
        self.blockPairSlots = blockPairSlots
        self.equalitySlots = equalitySlots
    }

    deinit { sldl_free(factors) }

    /// Assembles and factorises the matrix for the current NT scaling, given as `W⁻²`: per orthant row `z/s`,
    /// per cone block the dense `W⁻²` (row-major). Returns false when the factorisation fails.
    func factorise(quadratic: [Double], orthantWeights: [Double], blockWeights: [[Double]], conic: ConicProgram) -> Bool {
        for i in values.indices { values[i] = 0 }
        for j in 0..<variableCount { values[diagonalSlot[j]] += quadratic[j] + regularization }
        for k in conic.equalityRows.indices {
            values[diagonalSlot[variableCount + k]] -= regularization
            for (entry, s) in zip(conic.equalityRows[k], equalitySlots[k]) { values[s] += entry.coefficient }
        }
        for (k, o) in orthantSlots.enumerated() { values[o.slot] += o.coefficient * o.coefficient * orthantWeights[k] }
        for (b, e) in blockMatrices.enumerated() {
            let m = blockWeights[b], d = e.count, nv = blockVariables[b].count
            var slotIndex = 0
            for u in 0..<nv {
                for v in u..<nv {
                    // (Eᵀ W⁻² E)_{uv}
                    var sum = 0.0
                    for r in 0..<d where e[r][u] != 0 {
                        var inner = 0.0
                        for c in 0..<d { inner += m[r * d + c] * e[c][v] }
                        sum += e[r][u] * inner
                    }
                    values[blockPairSlots[b][slotIndex]] += sum
                    slotIndex += 1
                }
            }
        }
        let status = sldl_factorise(factors, values, 0.01, 0, nil)
        return status == SLDL_OK || status == SLDL_SINGULAR
    }

    /// Solves the system for `rhs` (length `dimension`) with `refinements` steps of iterative refinement
    /// against the unregularised matrix.
    func solve(_ rhs: [Double], refinements: Int = 3) -> [Double] {
        var solution = rhs
        sldl_solve(factors, &solution)
        for _ in 0..<refinements {
            var residual = rhs
            multiplyUnregularized(solution, subtractingFrom: &residual)
            sldl_solve(factors, &residual)
            for i in solution.indices { solution[i] += residual[i] }
        }
        return solution
    }

    /// `out −= K₀ x`, K₀ the assembled matrix without δ.
    private func multiplyUnregularized(_ x: [Double], subtractingFrom out: inout [Double]) {
        for k in values.indices {
            let r = Int(rows[k]), c = Int(columns[k])
            var value = values[k]
            if r == c { value += r < variableCount ? -regularization : regularization }
            out[r] -= value * x[c]
            if r != c { out[c] -= value * x[r] }
        }
    }
}
