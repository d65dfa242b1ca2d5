/// The DSO's SOCP in the conic form the radial IPM solves, as plain arrays, to hand the same
/// instance to another conic solver (the `socp` benchmark gives it to Clarabel):
///
///     min ½ Σ quadratic_j x_j² + Σ linear_j x_j   s.t.   A x = b,   s = f + E x ∈ K,
///
/// K the nonnegative orthant on the first `orthantRows` rows of `s`, then one second-order cone
/// `s₀ ≥ ‖s₁‖` per entry of `secondOrderDimensions`. `A` and `E` are compressed rows (row `r`'s entries
/// `start[r] ..< start[r + 1]`). The objective is the program's times `objectiveScale`, without its
/// constant, plus a linear push of each negligible trade's α towards 1 (`ConicProgram.pushedVariables`):
/// at the optimum, where those α are 1, `f_OPF = f_conic / objectiveScale + objectiveConstant`.
public struct ConicInstance: Sendable, Encodable {
    public let variables: Int
    public let objectiveScale: Double, objectiveConstant: Double
    public let quadratic: [Double], linear: [Double]
    public let equalityStart: [Int], equalityVariable: [Int], equalityCoefficient: [Double], equalityRHS: [Double]
    public let coneStart: [Int], coneVariable: [Int], coneCoefficient: [Double], coneOffset: [Double]
    public let orthantRows: Int
    public let secondOrderDimensions: [Int]

    init(_ conic: ConicProgram) {
        variables = conic.variableCount
        objectiveScale = conic.objectiveScale
        objectiveConstant = conic.objectiveConstant
        quadratic = conic.quadratic
        linear = conic.linear
        equalityStart = conic.equalities.start
        equalityVariable = conic.equalities.variable
        equalityCoefficient = conic.equalities.coefficient
        equalityRHS = conic.equalityRHS
        var rows = ConicProgram.SparseRows()
        for k in 0..<conic.orthantCount { rows.appendRow([(conic.orthantVariable[k], conic.orthantCoefficient[k])]) }
        let e = conic.coneRows
        for r in 0..<e.rowCount {
            rows.appendRow(variables: e.variable[e.start[r]..<e.start[r + 1]], coefficients: e.coefficient[e.start[r]..<e.start[r + 1]])
        }
        coneStart = rows.start
        coneVariable = rows.variable
        coneCoefficient = rows.coefficient
        coneOffset = conic.coneOffset
        orthantRows = conic.orthantCount
        secondOrderDimensions = conic.blocks.map(\.dimension)
    }

    /// The SOCP relaxation of a standard OPF (`OPFSolver.solve`'s model); nil when a generator cost is above
    /// degree 2 (not a conic program of this form). Throws `OPFError` for invalid input.
    public init?(problem: OPFProblem) throws {
        try OPFValidation.check(problem)
        let base = problem.network.baseMVA
        let shedding = problem.shedding.map { (linearPerPU: $0.linearPerMWh * base, quadraticPerPU2: $0.quadraticPerMW2h * base * base) }
        let model = BranchFlowModel(BranchFlowSpecification(network: problem.network, formulation: .socp, shedding: shedding))
        guard let conic = ConicProgram(model) else { return nil }
        self.init(conic)
    }

    /// The SOCP relaxation the trade check solves first for `request`; nil as above. Throws `OPFError` for
    /// invalid input.
    public init?(request: TradeCheckRequest) throws {
        var specification = try OPFSolver.specification(of: request).specification
        specification.formulation = .socp
        guard let conic = ConicProgram(BranchFlowModel(specification)) else { return nil }
        self.init(conic)
    }
}
