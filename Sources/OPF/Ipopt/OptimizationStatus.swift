/// How an optimisation ended, grouped from Ipopt's `ApplicationReturnStatus`
/// into the outcomes a caller acts on.
public enum OptimizationStatus: String, Sendable, Equatable, CaseIterable {
    /// Converged to the requested tolerances.
    case optimal
    /// Converged only to Ipopt's "acceptable" tolerances.
    case acceptable
    /// Ipopt proved the constraints locally infeasible.
    case infeasible
    /// The iteration limit was reached first.
    case iterationLimit = "iteration_limit"
    /// The CPU-time limit was reached first.
    case timeLimit = "time_limit"
    /// The iterates diverged or the step computation failed (restoration failure,
    /// tiny search direction, NaN/Inf in an evaluation).
    case numericalFailure = "numerical_failure"
    /// The problem or an option was rejected before iterating.
    case invalidProblem = "invalid_problem"
    /// An internal error, exception or memory exhaustion inside Ipopt.
    case solverError = "solver_error"

    /// Maps Ipopt's return code (the `ApplicationReturnStatus` enum of `IpReturnCodes_inc.h`).
    public init(ipoptReturnCode code: Int) {
        switch code {
        case 0: self = .optimal
        case 1, 6: self = .acceptable
        case 2: self = .infeasible
        case -1: self = .iterationLimit
        case -4: self = .timeLimit
        case 3, 4, -2, -3, -13: self = .numericalFailure
        case -10, -11, -12: self = .invalidProblem
        default: self = .solverError
        }
    }

    /// Whether the returned point is a usable (locally) optimal solution.
    public var hasSolution: Bool { self == .optimal || self == .acceptable }
}
