import Foundation

/// A primal-dual interior-point method for the DSO's radial branch-flow SOCP
/// (issue 20): infeasible start (CVXOPT's `conelp` initial point: least-norm primal and dual;
/// with `warmStart`, the previous answer of the same structure moved into the interior),
/// Mehrotra predictor–corrector, Nesterov–Todd scaling of every cone, and the
/// reduced Newton system factorised with a symbolic analysis done once per program
/// structure (`ReducedKKTSystem`). Stops when the scaled primal and dual residuals
/// and the complementarity gap are within `tolerance`; reports `.infeasible` on a
/// Farkas certificate (z ∈ K with `Aᵀy − Eᵀz ≈ 0` and `bᵀy + fᵀz < 0`, relative to
/// its size), which the diverging duals of an infeasible start approach.
///
/// Agrees with Ipopt to the tolerances on the tested OPFs and trade checks
/// (`RadialIPMTests`) and on generated datasets (`SolverAgreement`); selected by
/// `OPFSolver.socpSolver`. Nothing is allocated per iteration: each
/// structure's analysed system and buffers are kept (`RadialIPMIterate`). Not
/// thread-safe; one solver per thread.
final class RadialIPMSolver {
    /// Relative tolerance on residuals and gap.
    var tolerance = 1e-10
    var maximumIterations = 100
    /// The iteration's analysed KKT system and buffers for the structures of the programs solved last (a hit
    /// moves to the front): a reconfiguring DSO alternates between its topologies, each a structure of its own.
    private var workspaces: [RadialIPMIterate] = []
    static let keptStructures = 8

    /// Solves the `.socp` model; nil when the model is not of the form `ConicProgram` handles. With `warmStart`, from
    /// the previous optimal answer of a same-structure program (`RadialIPMIterate.warmStartMargin`) when there is one;
    /// a warm solve that does not end optimal or infeasible is repeated cold (its iterations and time counted).
    func solve(_ model: BranchFlowModel, warmStart: Bool = false) -> IpoptSolution? {
        let start = ContinuousClock.now
        guard let conic = ConicProgram(model) else { return nil }
        // Mutated in place (a copy would share the buffers and make `load` and `run` copy them).
        if let k = workspaces.firstIndex(where: { $0.conic.hasStructure(of: conic) }) {
            if k > 0 { workspaces.swapAt(0, k) }
            workspaces[0].load(conic)
        } else {
            guard let system = ReducedKKTSystem(conic) else { return nil }
            if workspaces.count == Self.keptStructures { workspaces.removeLast() }
            workspaces.insert(RadialIPMIterate(conic: conic, system: system), at: 0)
        }
        let warm = warmStart && workspaces[0].holdsSolution
        var status = workspaces[0].run(tolerance: tolerance, maximumIterations: maximumIterations, warm: warm)
        var iterations = workspaces[0].iterations
        if warm && status != .optimal && status != .infeasible {
            status = workspaces[0].run(tolerance: tolerance, maximumIterations: maximumIterations, warm: false)
            iterations += workspaces[0].iterations
        }
        let iterate = workspaces[0]
        let program = model.program
        var values = [Double](repeating: 0, count: program.constraintCount)
        program.constraints(at: iterate.x, into: &values)
        let multipliers = conic.ipoptMultipliers(y: iterate.y, z: iterate.z, s: iterate.s, constraintCount: program.constraintCount)
        let elapsed = ContinuousClock.now - start
        return IpoptSolution(status: status, returnCode: Self.returnCode(status), x: iterate.x, objective: program.objective(at: iterate.x),
                             constraintValues: values, constraintMultipliers: multipliers.constraints,
                             lowerBoundMultipliers: multipliers.lower, upperBoundMultipliers: multipliers.upper,
                             iterations: iterations,
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

