import SparseLDL

/// The reduced Newton system of `RadialIPMSolver`, the cone duals eliminated:
///
///     [ P + Eᵀ W⁻² E + δI    Aᵀ ] [dx]   [r₁]
///     [ A                   −δI ] [dy] = [r₂]
///
/// a quasi-definite matrix. Its pattern — the objective's diagonal, one small dense
/// block per cone over the variables it couples (a branch's P, Q, ℓ and end voltages:
/// the feeder's tree), and the DistFlow equalities — is fixed by the program's
/// structure, so it is ordered and analysed once (SparseLDL's static-pivot LDLᵀ,
/// `sldl_qd_*`, minimum degree) and only refactorised numerically each iteration. Per
/// block `Eᵀ W⁻² E = η⁻² (2 g gᵀ − EᵀJE)` with `g = EᵀJw̄`; `EᵀJE` is a constant of the
/// structure's coefficients. The static regularisation δ and any dynamically
/// regularised pivot are corrected by the caller's iterative refinement.
final class ReducedKKTSystem {
    let variableCount: Int
    let dimension: Int
    /// Static regularisation δ (the scaled objective's entries are at most about 1).
    let regularization = 1e-8
    /// The matrix's values without the cone terms: `P + δ`, `A`, `−δ`.
    private var baseValues: [Double]
    private var values: [Double]
    /// Per orthant row: the diagonal slot of its variable (`a_k² = 1`).
    private let orthantSlot: [Int]
    /// Blocks, flat: block `b`'s variables are `blockVariable[variableStart[b] ..< variableStart[b + 1]]`; its
    /// dense `E_b` (dimension × variables, row-major) starts at `matrixStart[b]`; its pairs (u ≤ v) — slot and
    /// `(EᵀJE)_uv` — start at `pairStart[b]`.
    private let blockVariable: [Int], variableStart: [Int]
    private let blockMatrix: [Double], matrixStart: [Int]
    private let pairSlot: [Int], pairConstant: [Double], pairStart: [Int]
    /// The slot of each entry of `A`, in the program's order.
    private let equalitySlot: [Int]
    private var g: [Double]
    private let factors: OpaquePointer

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
        let n = conic.variableCount, dimension = self.dimension
        let diagonal = (0..<dimension).map { slot($0, $0) }
        orthantSlot = conic.orthantVariable.map { diagonal[$0] }

        var blockVariable: [Int] = [], variableStart = [0], blockMatrix: [Double] = [], matrixStart = [0]
        var pairSlot: [Int] = [], pairConstant: [Double] = [], pairStart = [0]
        let rowsOfE = conic.coneRows
        for block in conic.blocks {
            let first = block.start - conic.orthantCount
            var variables: [Int] = []
            for r in first..<(first + block.dimension) {
                for e in rowsOfE.start[r]..<rowsOfE.start[r + 1] where !variables.contains(rowsOfE.variable[e]) {
                    variables.append(rowsOfE.variable[e])
                }
            }
            variables.sort()
            var dense = [Double](repeating: 0, count: block.dimension * variables.count)
            for r in 0..<block.dimension {
                for e in rowsOfE.start[first + r]..<rowsOfE.start[first + r + 1] {
                    dense[r * variables.count + variables.firstIndex(of: rowsOfE.variable[e])!] += rowsOfE.coefficient[e]
                }
            }
            for a in variables.indices {
                for b in a..<variables.count {
                    pairSlot.append(slot(variables[a], variables[b]))
                    var jGram = 0.0
                    for r in 0..<block.dimension {
                        jGram += (r == 0 ? 1 : -1) * dense[r * variables.count + a] * dense[r * variables.count + b]
                    }
                    pairConstant.append(jGram)
                }
            }
            blockVariable += variables
            variableStart.append(blockVariable.count)
            blockMatrix += dense
            matrixStart.append(blockMatrix.count)
            pairStart.append(pairSlot.count)
        }
        var equalitySlots: [Int] = []
        for k in 0..<conic.equalityCount {
            for e in conic.equalities.start[k]..<conic.equalities.start[k + 1] {
                equalitySlots.append(slot(n + k, conic.equalities.variable[e]))
            }
        }
        let signs = (0..<dimension).map { Int8($0 < n ? 1 : -1) }
        guard let analysed = sldl_qd_analyse(Int32(dimension), Int32(rows.count), rows, columns, signs) else { return nil }
        factors = analysed
        baseValues = [Double](repeating: 0, count: rows.count)
        values = baseValues
        self.blockVariable = blockVariable
        self.variableStart = variableStart
        self.blockMatrix = blockMatrix
        self.matrixStart = matrixStart
        self.pairSlot = pairSlot
        self.pairConstant = pairConstant
        self.pairStart = pairStart
        equalitySlot = equalitySlots
        g = [Double](repeating: 0, count: blockVariable.count)
        updateProgramValues(conic)
    }

    deinit { sldl_qd_free(factors) }

    /// Takes the objective's diagonal `P` and the coefficients of `A` from `conic`, a program with the
    /// structure (`ConicProgram.hasStructure`) of the one the system was built for.
    func updateProgramValues(_ conic: ConicProgram) {
        let n = variableCount
        for k in baseValues.indices { baseValues[k] = 0 }
        // The first `dimension` slots are the diagonal, in order.
        for j in 0..<n { baseValues[j] = conic.quadratic[j] + regularization }
        for k in 0..<conic.equalityCount { baseValues[n + k] = -regularization }
        for (e, slot) in equalitySlot.enumerated() { baseValues[slot] += conic.equalities.coefficient[e] }
    }

    /// Assembles and factorises the matrix for the scaling `w`. Returns false when the factors are unusable.
    func factorise(_ w: ConeScaling) -> Bool {
        // Worked on as locals' buffers: a class's array written element by element pays an access check per
        // write, and the slots and offsets are the structure's own (built with it in `init`).
        var values = [Double](), g = [Double]()
        swap(&values, &self.values)
        swap(&g, &self.g)
        defer { swap(&values, &self.values); swap(&g, &self.g) }
        values.withUnsafeMutableBufferPointer { values in
            g.withUnsafeMutableBufferPointer { g in
                baseValues.withUnsafeBufferPointer { base in
                    for k in 0..<values.count { values[k] = base[k] }
                }
                orthantSlot.withUnsafeBufferPointer { slot in
                    w.orthantRoot.withUnsafeBufferPointer { root in
                        for k in 0..<slot.count { values[slot[k]] += 1 / (root[k] * root[k]) }
                    }
                }
                blockMatrix.withUnsafeBufferPointer { blockMatrix in
                    pairSlot.withUnsafeBufferPointer { pairSlot in
                        pairConstant.withUnsafeBufferPointer { pairConstant in
                            w.point.withUnsafeBufferPointer { point in
                                for (b, block) in w.blocks.enumerated() {
                                    let nv = variableStart[b + 1] - variableStart[b], base = variableStart[b], matrix = matrixStart[b]
                                    // g = E_bᵀ J w̄
                                    for u in 0..<nv {
                                        var sum = 0.0
                                        for r in 0..<block.dimension {
                                            let jw = r == 0 ? point[block.start] : -point[block.start + r]
                                            sum += blockMatrix[matrix + r * nv + u] * jw
                                        }
                                        g[base + u] = sum
                                    }
                                    let scale = 1 / (w.eta[b] * w.eta[b])
                                    var pair = pairStart[b]
                                    for u in 0..<nv {
                                        for v in u..<nv {
                                            values[pairSlot[pair]] += scale * (2 * g[base + u] * g[base + v] - pairConstant[pair])
                                            pair += 1
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let replaced = sldl_qd_factorise(factors, values, 1e-13, 1e-7)
        return replaced < dimension
    }

    /// Overwrites `rhs` (length `dimension`: the x part, then the y part) with the solution.
    func solve(_ rhs: inout [Double]) {
        sldl_qd_solve(factors, &rhs)
    }
}
