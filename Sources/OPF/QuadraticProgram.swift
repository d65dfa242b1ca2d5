/// A sum `c + Σ a_k x_k + Σ q_ij x_i x_j` over program variables: every
/// constraint of the branch-flow OPF has this form (DESIGN.md §4).
struct QuadraticExpression {
    var constant = 0.0
    var linear: [(variable: Int, coefficient: Double)] = []
    var products: [(first: Int, second: Int, coefficient: Double)] = []

    mutating func add(_ coefficient: Double, _ variable: Int) {
        linear.append((variable, coefficient))
    }

    mutating func add(_ coefficient: Double, _ first: Int, times second: Int) {
        products.append((first, second, coefficient))
    }

    /// Adds `(Σ c_k x_k)²`, the square of a linear form.
    mutating func addSquare(of terms: [(variable: Int, coefficient: Double)]) {
        for (i, a) in terms.enumerated() {
            add(a.coefficient * a.coefficient, a.variable, times: a.variable)
            for b in terms[(i + 1)...] {
                add(2 * a.coefficient * b.coefficient, a.variable, times: b.variable)
            }
        }
    }
}

/// A nonlinear program with a separable polynomial objective
/// `Σ_k p_k(x_k)` and quadratic constraints `gL ≤ c + aᵀx + xᵀQx ≤ gU`,
/// assembled row by row. Its exact sparse Jacobian and Hessian follow from
/// the coefficients, so every model written in this form gets correct
/// derivatives without hand-written second-order code.
struct QuadraticProgram: NonlinearProgram {
    private(set) var variableLowerBounds: [Double] = []
    private(set) var variableUpperBounds: [Double] = []
    private(set) var constraintLowerBounds: [Double] = []
    private(set) var constraintUpperBounds: [Double] = []
    private(set) var jacobianPattern = SparsityPattern(rows: [], columns: [])
    private(set) var hessianPattern = SparsityPattern(rows: [], columns: [])

    /// Univariate objective polynomials, coefficients lowest order first.
    private var objectiveTerms: [(variable: Int, coefficients: [Double], hessianSlot: Int)] = []
    private var constants: [Double] = []
    private var linearTerms: [(row: Int, variable: Int, coefficient: Double, jacobianSlot: Int)] = []
    private var productTerms: [(row: Int, first: Int, second: Int, coefficient: Double,
                                firstSlot: Int, secondSlot: Int, hessianSlot: Int)] = []
    /// The Jacobian slots of the row being added start here (a row's repeated entries share a slot).
    private var rowSlotsStart = 0
    private var hessianSlots: [MatrixPosition: Int] = [:]

    var variableCount: Int { variableLowerBounds.count }
    var constraintCount: Int { constants.count }

    /// Adds a variable with bounds (use ±infinity for none) and returns its index.
    mutating func addVariable(lower: Double, upper: Double) -> Int {
        variableLowerBounds.append(lower)
        variableUpperBounds.append(upper)
        return variableLowerBounds.count - 1
    }

    /// Adds `p(x) = Σ_k coefficients[k] x^k` to the objective.
    mutating func addObjective(polynomial coefficients: [Double], of variable: Int) {
        let slot = coefficients.count > 2 ? hessianSlot(variable, variable) : -1
        objectiveTerms.append((variable, coefficients, slot))
    }

    /// Adds the constraint `lower ≤ expression ≤ upper` and returns its row.
    @discardableResult
    mutating func constrain(_ expression: QuadraticExpression, lower: Double, upper: Double) -> Int {
        let row = constants.count
        rowSlotsStart = jacobianPattern.count
        constants.append(expression.constant)
        constraintLowerBounds.append(lower)
        constraintUpperBounds.append(upper)
        for term in expression.linear {
            linearTerms.append((row, term.variable, term.coefficient, jacobianSlot(row, term.variable)))
        }
        for term in expression.products {
            productTerms.append((row, term.first, term.second, term.coefficient,
                                 jacobianSlot(row, term.first), jacobianSlot(row, term.second),
                                 hessianSlot(term.first, term.second)))
        }
        return row
    }

    /// The slot of `(row, column)`, `row` the row being added: its few slots are searched, not hashed.
    private mutating func jacobianSlot(_ row: Int, _ column: Int) -> Int {
        for slot in rowSlotsStart..<jacobianPattern.count where jacobianPattern.columns[slot] == Int32(column) { return slot }
        jacobianPattern.rows.append(Int32(row))
        jacobianPattern.columns.append(Int32(column))
        return jacobianPattern.count - 1
    }

    private mutating func hessianSlot(_ a: Int, _ b: Int) -> Int {
        let key = MatrixPosition(row: max(a, b), column: min(a, b))
        if let slot = hessianSlots[key] { return slot }
        hessianPattern.rows.append(Int32(key.row))
        hessianPattern.columns.append(Int32(key.column))
        hessianSlots[key] = hessianPattern.count - 1
        return hessianPattern.count - 1
    }

    /// The objective as `constant + Σ linear_j x_j + ½ Σ quadratic_j x_j²`, or nil when some term is above degree 2.
    var separableQuadraticObjective: (constant: Double, linear: [Double], quadratic: [Double])? {
        var constant = 0.0
        var linear = [Double](repeating: 0, count: variableCount), quadratic = linear
        for term in objectiveTerms {
            guard term.coefficients.count <= 3 else { return nil }
            for (k, c) in term.coefficients.enumerated() {
                switch k {
                case 0: constant += c
                case 1: linear[term.variable] += c
                default: quadratic[term.variable] += 2 * c
                }
            }
        }
        return (constant, linear, quadratic)
    }

    /// Every row's constant and linear terms in compressed rows (row `r`'s terms are `start[r] ..< start[r + 1]`),
    /// and whether it has products (then it is not a linear row).
    var rowsInLinearForm: (constant: [Double], start: [Int], variable: [Int], coefficient: [Double], hasProducts: [Bool]) {
        // `constrain` appends a row's linear terms together, so they are already grouped by row.
        var start = [Int](repeating: 0, count: constants.count + 1)
        for term in linearTerms { start[term.row + 1] += 1 }
        for r in 0..<constants.count { start[r + 1] += start[r] }
        var hasProducts = [Bool](repeating: false, count: constants.count)
        for term in productTerms { hasProducts[term.row] = true }
        return (constants, start, linearTerms.map(\.variable), linearTerms.map(\.coefficient), hasProducts)
    }

    func objective(at x: [Double]) -> Double {
        var total = 0.0
        for term in objectiveTerms {
            var value = 0.0
            for c in term.coefficients.reversed() { value = value * x[term.variable] + c }
            total += value
        }
        return total
    }

    func objectiveGradient(at x: [Double], into gradient: inout [Double]) {
        for i in 0..<gradient.count { gradient[i] = 0 }
        for term in objectiveTerms where term.coefficients.count > 1 {
            var value = 0.0
            for k in stride(from: term.coefficients.count - 1, through: 1, by: -1) {
                value = value * x[term.variable] + Double(k) * term.coefficients[k]
            }
            gradient[term.variable] += value
        }
    }

    func constraints(at x: [Double], into values: inout [Double]) {
        for i in 0..<values.count { values[i] = constants[i] }
        for term in linearTerms { values[term.row] += term.coefficient * x[term.variable] }
        for term in productTerms { values[term.row] += term.coefficient * x[term.first] * x[term.second] }
    }

    func jacobianValues(at x: [Double], into values: inout [Double]) {
        for i in 0..<values.count { values[i] = 0 }
        for term in linearTerms { values[term.jacobianSlot] += term.coefficient }
        for term in productTerms {
            values[term.firstSlot] += term.coefficient * x[term.second]
            values[term.secondSlot] += term.coefficient * x[term.first]
        }
    }

    func hessianValues(at x: [Double], objectiveFactor: Double, multipliers: [Double], into values: inout [Double]) {
        for i in 0..<values.count { values[i] = 0 }
        for term in objectiveTerms where term.coefficients.count > 2 {
            var value = 0.0
            for k in stride(from: term.coefficients.count - 1, through: 2, by: -1) {
                value = value * x[term.variable] + Double(k * (k - 1)) * term.coefficients[k]
            }
            values[term.hessianSlot] += objectiveFactor * value
        }
        for term in productTerms {
            let weight = multipliers[term.row] * term.coefficient
            values[term.hessianSlot] += term.first == term.second ? 2 * weight : weight
        }
    }
}

/// A (row, column) position used to merge repeated entries into one slot.
private struct MatrixPosition: Hashable {
    var row: Int
    var column: Int
}
