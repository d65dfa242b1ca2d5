import CIpopt
import Foundation

/// Debian's sequential MUMPS keeps global state in its Fortran modules: two
/// solves at once in one process crash inside `DMUMPS_LOAD_INIT`. SparseLDL is
/// re-entrant, but MUMPS stays selectable, so every call into Ipopt holds this
/// process-wide lock; parallel work that must scale runs in separate processes.
private let ipoptLibraryLock = NSLock()

/// Where a solve starts: a primal point, and for a primal-dual warm start the
/// multipliers of a previous solution as well.
public struct IpoptStartPoint: Sendable, Equatable {
    /// Initial primal point (length `n`).
    public var x: [Double]
    /// Constraint multipliers `λ` (length `m`).
    public var constraintMultipliers: [Double]?
    /// Lower-bound multipliers `z_L` (length `n`).
    public var lowerBoundMultipliers: [Double]?
    /// Upper-bound multipliers `z_U` (length `n`).
    public var upperBoundMultipliers: [Double]?

    /// A primal start point; Ipopt initialises the multipliers itself.
    public init(x: [Double]) {
        self.x = x
    }

    /// A primal-dual warm start from a previous solution.
    public init(solution: IpoptSolution) {
        x = solution.x
        constraintMultipliers = solution.constraintMultipliers
        lowerBoundMultipliers = solution.lowerBoundMultipliers
        upperBoundMultipliers = solution.upperBoundMultipliers
    }

    /// Whether every multiplier is given, so Ipopt can start from them (`warm_start_init_point yes`).
    var isPrimalDual: Bool {
        constraintMultipliers != nil && lowerBoundMultipliers != nil && upperBoundMultipliers != nil
    }
}

/// What Ipopt returned: the grouped status with its raw code, the final
/// point, all multipliers (Ipopt's sign convention: the Lagrangian is
/// `f + λᵀg − z_Lᵀ(x − xL) + z_Uᵀ(x − xU)`), iterations and wall time.
public struct IpoptSolution: Sendable, Equatable {
    /// The grouped outcome.
    public var status: OptimizationStatus
    /// Ipopt's `ApplicationReturnStatus` value.
    public var returnCode: Int
    /// Final primal point.
    public var x: [Double]
    /// `f(x)` at the final point.
    public var objective: Double
    /// `g(x)` at the final point.
    public var constraintValues: [Double]
    /// Final constraint multipliers `λ`.
    public var constraintMultipliers: [Double]
    /// Final lower-bound multipliers `z_L`.
    public var lowerBoundMultipliers: [Double]
    /// Final upper-bound multipliers `z_U`.
    public var upperBoundMultipliers: [Double]
    /// Ipopt iterations (from the per-iteration callback).
    public var iterations: Int
    /// Wall-clock time of `IpoptSolve` (seconds).
    public var solveSeconds: Double
}

/// A reusable Ipopt session. It keeps Ipopt's problem object between solves
/// whose programs have the same shape (sizes, bounds, sparsity patterns), so a
/// sequence of related problems — the same feeder under different loads and
/// trades — pays Ipopt's set-up once. Not thread-safe: use one per thread.
public final class IpoptSolver {
    /// Options applied, all of them, on every solve.
    public var options: IpoptOptions

    private var handle: IpoptProblem?
    private var shape: ProgramShape?

    /// A session applying `options` to every solve.
    public init(options: IpoptOptions = IpoptOptions()) {
        self.options = options
    }

    deinit {
        if let handle {
            ipoptLibraryLock.withLock { FreeIpoptProblem(handle) }
        }
    }

    /// Solves `program` from `start`; a start point with multipliers makes a primal-dual warm start.
    public func solve(_ program: any NonlinearProgram, from start: IpoptStartPoint) -> IpoptSolution {
        ipoptLibraryLock.withLock { solveHoldingLock(program, from: start) }
    }

    private func solveHoldingLock(_ program: any NonlinearProgram, from start: IpoptStartPoint) -> IpoptSolution {
        let n = program.variableCount, m = program.constraintCount
        precondition(start.x.count == n, "start point has \(start.x.count) entries, the program \(n) variables")
        let context = CallbackContext(program: program)
        guard let handle = problemHandle(for: program, context: context) else {
            return IpoptSolution(status: .invalidProblem, returnCode: -11, x: start.x, objective: .nan,
                                 constraintValues: Array(repeating: .nan, count: m),
                                 constraintMultipliers: Array(repeating: 0, count: m),
                                 lowerBoundMultipliers: Array(repeating: 0, count: n),
                                 upperBoundMultipliers: Array(repeating: 0, count: n),
                                 iterations: 0, solveSeconds: 0)
        }
        if options.linearSolver == .sparseLDL { IpoptLinearSolver.registerSparseLDL() }
        let warm = start.isPrimalDual
        let accepted = apply(options.settings(warmStart: warm), to: handle)
        precondition(accepted, "Ipopt 3.11 rejected an option p2pgrid sets; see IpoptOptions.settings")

        var x = start.x
        var g = [Double](repeating: 0, count: m)
        var objective = 0.0
        var lambda = start.constraintMultipliers ?? [Double](repeating: 0, count: m)
        var zL = start.lowerBoundMultipliers ?? [Double](repeating: 0, count: n)
        var zU = start.upperBoundMultipliers ?? [Double](repeating: 0, count: n)
        let user = Unmanaged.passUnretained(context).toOpaque()
        let clock = ContinuousClock()
        var code: Int32 = 0
        let elapsed = clock.measure {
            code = x.withUnsafeMutableBufferPointer { xp in
                g.withUnsafeMutableBufferPointer { gp in
                    lambda.withUnsafeMutableBufferPointer { lp in
                        zL.withUnsafeMutableBufferPointer { zlp in
                            zU.withUnsafeMutableBufferPointer { zup in
                                Int32(IpoptSolve(handle, xp.baseAddress, gp.baseAddress, &objective, lp.baseAddress,
                                                 zlp.baseAddress, zup.baseAddress, user).rawValue)
                            }
                        }
                    }
                }
            }
        }
        withExtendedLifetime(context) {}
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return IpoptSolution(status: OptimizationStatus(ipoptReturnCode: Int(code)), returnCode: Int(code),
                             x: x, objective: objective, constraintValues: g, constraintMultipliers: lambda,
                             lowerBoundMultipliers: zL, upperBoundMultipliers: zU,
                             iterations: context.iterations, solveSeconds: seconds)
    }

    /// The cached Ipopt problem when the program's shape is unchanged, otherwise a new one.
    private func problemHandle(for program: any NonlinearProgram, context: CallbackContext) -> IpoptProblem? {
        let newShape = ProgramShape(program)
        if let handle, shape == newShape { return handle }
        if let handle { FreeIpoptProblem(handle) }
        handle = nil
        shape = nil
        var xL = newShape.variableLower.map(Self.finite), xU = newShape.variableUpper.map(Self.finite)
        var gL = newShape.constraintLower.map(Self.finite), gU = newShape.constraintUpper.map(Self.finite)
        let created = xL.withUnsafeMutableBufferPointer { xl in
            xU.withUnsafeMutableBufferPointer { xu in
                gL.withUnsafeMutableBufferPointer { gl in
                    gU.withUnsafeMutableBufferPointer { gu in
                        CreateIpoptProblem(IpoptIndex(newShape.n), xl.baseAddress, xu.baseAddress,
                                           IpoptIndex(newShape.m), gl.baseAddress, gu.baseAddress,
                                           IpoptIndex(newShape.jacobian.count), IpoptIndex(newShape.hessian.count), 0,
                                           evaluateObjective, evaluateConstraints, evaluateGradient,
                                           evaluateJacobian, evaluateHessian)
                    }
                }
            }
        }
        guard let created else { return nil }
        SetIntermediateCallback(created, recordIteration)
        handle = created
        shape = newShape
        return created
    }

    private func apply(_ settings: (integers: [(String, Int)], reals: [(String, Double)], strings: [(String, String)]),
                       to handle: IpoptProblem) -> Bool {
        var ok = true
        for (key, value) in settings.integers {
            ok = ok && key.withCString { k in AddIpoptIntOption(handle, UnsafeMutablePointer(mutating: k), IpoptInt(value)) != 0 }
        }
        for (key, value) in settings.reals {
            ok = ok && key.withCString { k in AddIpoptNumOption(handle, UnsafeMutablePointer(mutating: k), value) != 0 }
        }
        for (key, value) in settings.strings {
            ok = ok && key.withCString { k in
                value.withCString { v in
                    AddIpoptStrOption(handle, UnsafeMutablePointer(mutating: k), UnsafeMutablePointer(mutating: v)) != 0
                }
            }
        }
        return ok
    }

    /// Ipopt reads bounds beyond ±1e19 (`nlp_*_bound_inf`) as infinite.
    private static func finite(_ bound: Double) -> Double {
        bound == .infinity ? 1e20 : (bound == -.infinity ? -1e20 : bound)
    }
}

/// The parts of a program Ipopt copies when its problem object is created.
private struct ProgramShape: Equatable {
    var n: Int, m: Int
    var variableLower: [Double], variableUpper: [Double]
    var constraintLower: [Double], constraintUpper: [Double]
    var jacobian: SparsityPattern, hessian: SparsityPattern

    init(_ program: any NonlinearProgram) {
        n = program.variableCount
        m = program.constraintCount
        variableLower = program.variableLowerBounds
        variableUpper = program.variableUpperBounds
        constraintLower = program.constraintLowerBounds
        constraintUpper = program.constraintUpperBounds
        jacobian = program.jacobianPattern
        hessian = program.hessianPattern
    }
}

/// State the C callbacks reach through Ipopt's `user_data`: the program and scratch arrays.
private final class CallbackContext {
    let program: any NonlinearProgram
    let jacobian: SparsityPattern
    let hessian: SparsityPattern
    var x: [Double]
    var multipliers: [Double]
    var iterations = 0

    init(program: any NonlinearProgram) {
        self.program = program
        jacobian = program.jacobianPattern
        hessian = program.hessianPattern
        x = [Double](repeating: 0, count: program.variableCount)
        multipliers = [Double](repeating: 0, count: program.constraintCount)
    }

    func load(_ pointer: UnsafeMutablePointer<IpoptNumber>?) {
        guard let pointer else { return }
        for i in 0..<x.count { x[i] = pointer[i] }
    }

    static func from(_ user: UserDataPtr?) -> CallbackContext {
        Unmanaged<CallbackContext>.fromOpaque(user!).takeUnretainedValue()
    }
}

private func copy(_ values: [Double], to pointer: UnsafeMutablePointer<IpoptNumber>) {
    for i in 0..<values.count { pointer[i] = values[i] }
}

private func evaluateObjective(n: IpoptIndex, x: UnsafeMutablePointer<IpoptNumber>?, newX: IpoptBool,
                               value: UnsafeMutablePointer<IpoptNumber>?, user: UserDataPtr?) -> IpoptBool {
    let context = CallbackContext.from(user)
    context.load(x)
    value?.pointee = context.program.objective(at: context.x)
    return 1
}

private func evaluateGradient(n: IpoptIndex, x: UnsafeMutablePointer<IpoptNumber>?, newX: IpoptBool,
                              gradient: UnsafeMutablePointer<IpoptNumber>?, user: UserDataPtr?) -> IpoptBool {
    let context = CallbackContext.from(user)
    context.load(x)
    var values = [Double](repeating: 0, count: Int(n))
    context.program.objectiveGradient(at: context.x, into: &values)
    if let gradient { copy(values, to: gradient) }
    return 1
}

private func evaluateConstraints(n: IpoptIndex, x: UnsafeMutablePointer<IpoptNumber>?, newX: IpoptBool, m: IpoptIndex,
                                 g: UnsafeMutablePointer<IpoptNumber>?, user: UserDataPtr?) -> IpoptBool {
    let context = CallbackContext.from(user)
    context.load(x)
    var values = [Double](repeating: 0, count: Int(m))
    context.program.constraints(at: context.x, into: &values)
    if let g { copy(values, to: g) }
    return 1
}

/// Ipopt's first call of a matrix callback asks for the positions of the entries, not their values.
private func fillStructure(_ pattern: SparsityPattern, rows: UnsafeMutablePointer<IpoptIndex>?,
                           columns: UnsafeMutablePointer<IpoptIndex>?, count: IpoptIndex) -> IpoptBool {
    guard let rows, let columns else { return 0 }
    for k in 0..<Int(count) {
        rows[k] = pattern.rows[k]
        columns[k] = pattern.columns[k]
    }
    return 1
}

private func evaluateJacobian(n: IpoptIndex, x: UnsafeMutablePointer<IpoptNumber>?, newX: IpoptBool, m: IpoptIndex,
                              count: IpoptIndex, rows: UnsafeMutablePointer<IpoptIndex>?,
                              columns: UnsafeMutablePointer<IpoptIndex>?, values: UnsafeMutablePointer<IpoptNumber>?,
                              user: UserDataPtr?) -> IpoptBool {
    let context = CallbackContext.from(user)
    guard let values else { return fillStructure(context.jacobian, rows: rows, columns: columns, count: count) }
    context.load(x)
    var entries = [Double](repeating: 0, count: Int(count))
    context.program.jacobianValues(at: context.x, into: &entries)
    copy(entries, to: values)
    return 1
}

private func evaluateHessian(n: IpoptIndex, x: UnsafeMutablePointer<IpoptNumber>?, newX: IpoptBool,
                             objectiveFactor: IpoptNumber, m: IpoptIndex, lambda: UnsafeMutablePointer<IpoptNumber>?,
                             newLambda: IpoptBool, count: IpoptIndex, rows: UnsafeMutablePointer<IpoptIndex>?,
                             columns: UnsafeMutablePointer<IpoptIndex>?, values: UnsafeMutablePointer<IpoptNumber>?,
                             user: UserDataPtr?) -> IpoptBool {
    let context = CallbackContext.from(user)
    guard let values else { return fillStructure(context.hessian, rows: rows, columns: columns, count: count) }
    context.load(x)
    if let lambda {
        for i in 0..<Int(m) { context.multipliers[i] = lambda[i] }
    }
    var entries = [Double](repeating: 0, count: Int(count))
    context.program.hessianValues(at: context.x, objectiveFactor: objectiveFactor,
                                  multipliers: context.multipliers, into: &entries)
    copy(entries, to: values)
    return 1
}

private func recordIteration(mode: IpoptIndex, iteration: IpoptIndex, objective: IpoptNumber, primalInfeasibility: IpoptNumber,
                             dualInfeasibility: IpoptNumber, mu: IpoptNumber, stepNorm: IpoptNumber,
                             regularization: IpoptNumber, dualStep: IpoptNumber, primalStep: IpoptNumber,
                             lineSearchTrials: IpoptIndex, user: UserDataPtr?) -> IpoptBool {
    CallbackContext.from(user).iterations = Int(iteration)
    return 1
}
