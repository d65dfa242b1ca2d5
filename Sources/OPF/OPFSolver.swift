import Grid

/// Solves branch-flow OPFs, one after another, reusing the solvers' set-up
/// and — when `warmStart` is on — starting each solve from the previous
/// solution (primal point and all multipliers) if the new problem has the
/// same structure. On Ipopt warm starts pay off on sequences of *related* problems
/// (small load changes, re-solves with curtailed trades: 3 instead of 14–22
/// iterations); on independent random scenarios they do not, so switch them
/// off there (`Reports/bench/opf.md`). The radial IPM's warm start (the previous
/// answer moved into the interior) takes fewer iterations (a median of 15 against 17) on the stressed
/// spec's independent trade checks (`Reports/bench/socp.md`). Not thread-safe; use one solver per thread.
public final class OPFSolver {
    /// Start each solve from the last solution of a problem with the same structure.
    public var warmStart: Bool
    /// Run the AC power-flow check after every solve that found a solution.
    public var runsACCheck = true
    /// The trade check's default threshold on the SOCP relaxation gap `max |P² + Q² − v ℓ|` (p.u.²).
    /// Exact relaxations on the shipped feeders end at ~1e-10 (Ipopt's residual at `tol` 1e-9);
    /// inexact ones (binding Vmax or rateA under reverse flow) at 0.3–0.5. A gap of 1e-6 means at
    /// most ~1e-7 p.u. of fictitious losses (1 W on a 10 MVA base) and a voltage error well below
    /// 1e-6 p.u., so below it the SOCP answer is physically exact to the precision reported.
    public static let defaultRelaxationGapTolerancePU2 = 1e-6
    /// Relaxation gap (p.u.²) above which the trade check re-solves an SOCP answer with the exact
    /// model; nil keeps the SOCP answer whatever its gap (to study the relaxation itself).
    public var relaxationGapTolerancePU2: Double? = OPFSolver.defaultRelaxationGapTolerancePU2
    /// Who solves the SOCP relaxation: the dedicated radial interior-point method (`RadialIPMSolver`,
    /// issue 20; the default) or Ipopt. The exact model, its warm-started re-solve, and any SOCP the radial
    /// IPM cannot finish to its tolerance stay on Ipopt; `warmStart` applies to both, `warmFrom:` to Ipopt.
    /// The two agree on the primal answer; where several limits bind at once the DLMPs are not unique
    /// and the two may end at different prices of that face (README, "The DSO's OPF").
    public var socpSolver: SOCPSolverKind = .radialIPM
    private let ipopt: IpoptSolver
    /// The radial IPM, held to Ipopt's iteration limit when that is below its own.
    private lazy var radialIPM: RadialIPMSolver = {
        let solver = RadialIPMSolver()
        solver.maximumIterations = min(solver.maximumIterations, ipopt.options.maxIterations)
        return solver
    }()
    private var previous: (program: ProgramStructure, solution: IpoptSolution)?

    /// A solver with the given Ipopt options; `warmStart` chains solves of same-structure problems.
    public init(options: IpoptOptions = IpoptOptions(), warmStart: Bool = true, socpSolver: SOCPSolverKind = .radialIPM) {
        ipopt = IpoptSolver(options: options)
        self.warmStart = warmStart
        self.socpSolver = socpSolver
    }

    /// Solves a standard OPF of a radial case. Throws `OPFError` for invalid input;
    /// an infeasible or failed solve is a result with that `status`.
    public func solve(_ problem: OPFProblem) throws -> OPFResult {
        try OPFValidation.check(problem)
        let base = problem.network.baseMVA
        let shedding = problem.shedding.map { (linearPerPU: $0.linearPerMWh * base, quadraticPerPU2: $0.quadraticPerMW2h * base * base) }
        let model = BranchFlowModel(BranchFlowSpecification(network: problem.network, formulation: problem.formulation,
                                                            shedding: shedding))
        return result(of: model).result
    }

    /// Solves `model` and reads its result, with the AC check when enabled. `start`, when given,
    /// is a solution of a same-structure program to warm-start from whatever `warmStart` says
    /// (the trade check's exact re-solve starts from its SOCP solution).
    func result(of model: BranchFlowModel, warmFrom start: IpoptSolution? = nil) -> (result: OPFResult, solution: IpoptSolution) {
        let solution = solve(model, warmFrom: start)
        var result = OPFResult(model: model, solution: solution)
        if runsACCheck, solution.status.hasSolution {
            result.acCheckMaxVoltageDifferencePU = model.acCheckMaxVoltageDifference(at: solution.x)
        }
        return (result, solution)
    }

    /// Runs Ipopt on a built model from the best available start point: `start` if given, else
    /// the previous solution when `warmStart` is on and the structure matches, else a flat start.
    /// A warm start from a solution far from the new optimum can fail where a cold start succeeds
    /// (seen on independent market scenarios), so a failed warm solve is repeated cold; the
    /// returned iterations and time then cover both attempts.
    func solve(_ model: BranchFlowModel, warmFrom start: IpoptSolution? = nil) -> IpoptSolution {
        // A solve the radial IPM cannot finish to its tolerance (numerical trouble, iteration limit, or only its
        // best iterate at the acceptable level, which can sit off the optimum along a nearly flat α) is left to Ipopt.
        if socpSolver == .radialIPM, start == nil, let solution = radialIPM.solve(model, warmStart: warmStart),
           solution.status == .optimal || solution.status == .infeasible { return solution }
        let structure = ProgramStructure(model.program)
        let cold = IpoptStartPoint(x: Self.flatStart(model))
        var warm = start
        if warm == nil, warmStart, let previous, previous.program == structure, previous.solution.status.hasSolution {
            warm = previous.solution
        }
        var solution: IpoptSolution
        if let warm {
            solution = ipopt.solve(model.program, from: IpoptStartPoint(solution: warm))
            if !solution.status.hasSolution {
                let warmAttempt = solution
                solution = ipopt.solve(model.program, from: cold)
                solution.iterations += warmAttempt.iterations
                solution.solveSeconds += warmAttempt.solveSeconds
            }
        } else {
            solution = ipopt.solve(model.program, from: cold)
        }
        previous = (structure, solution)
        return solution
    }

    /// Flat start: |V| = 1 clipped to the limits, no flow, generators at zero clipped to their limits,
    /// no shedding, every trade accepted. Ipopt moves it into the interior of the bounds itself.
    static func flatStart(_ model: BranchFlowModel) -> [Double] {
        let program = model.program
        var x = [Double](repeating: 0, count: program.variableCount)
        for i in model.v { x[i] = 1 }
        for k in model.alpha { x[k] = 1 }
        for j in x.indices { x[j] = min(max(x[j], program.variableLowerBounds[j]), program.variableUpperBounds[j]) }
        return x
    }
}

/// The solver of the SOCP relaxation (`OPFSolver.socpSolver`).
public enum SOCPSolverKind: String, Sendable, CaseIterable {
    case ipopt
    case radialIPM = "radial-ipm"
}

/// What must match for a previous solution to be a valid start point of a new program.
private struct ProgramStructure: Equatable {
    var variableCount: Int
    var constraintCount: Int
    var jacobian: SparsityPattern

    init(_ program: QuadraticProgram) {
        variableCount = program.variableCount
        constraintCount = program.constraintCount
        jacobian = program.jacobianPattern
    }
}
