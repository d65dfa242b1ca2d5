import Grid

/// The DSO's reconfiguration lever (DESIGN.md §12): before it curtails a
/// proposal, the DSO also checks it on its K best loss-minimising radial
/// alternatives to the case's topology and answers with the cheapest solved
/// OPF. The alternatives are found by branch exchange
/// (`LossMinimisingReconfiguration.heuristic`) on the feeder's own loads,
/// once per load level (the request's load scale rounded to
/// `alternativeLoadStep`), and cached. K = 0 is the plain trade check.
/// One instance per thread: it keeps one warm-started OPF solver per topology.
public final class ReconfiguringTradeCheck {
    /// The feeder in the case's own topology; every request is checked on it first.
    public let network: Network
    /// K: how many alternative topologies a curtailed proposal is re-checked on.
    public let alternatives: Int
    /// Load levels of the cache: the load scale rounded to this step.
    public static let alternativeLoadStep = 0.1
    private let solver: OPFSolver
    private let alternativeSolvers: [OPFSolver]
    private var alternativesByLevel: [Int: [[Bool]]] = [:]

    /// A lever with `alternatives` (K ≥ 0) topologies for `network`, its solvers built with `options` and
    /// solving the SOCP relaxation with `socpSolver`.
    public init(network: Network, alternatives: Int, options: IpoptOptions = IpoptOptions(), warmStart: Bool = true,
                socpSolver: SOCPSolverKind = .radialIPM) {
        self.network = network
        self.alternatives = max(0, alternatives)
        solver = OPFSolver(options: options, warmStart: warmStart, socpSolver: socpSolver)
        alternativeSolvers = (0..<max(0, alternatives)).map { _ in
            OPFSolver(options: options, warmStart: warmStart, socpSolver: socpSolver)
        }
    }

    /// In-service states of the K best loss-minimising radial topologies other than the case's
    /// own at `loadScale`'s level, best first (fewer when the feeder has fewer), cached.
    public func alternativeTopologies(loadScale: Double) throws -> [[Bool]] {
        let level = Int((loadScale / Self.alternativeLoadStep).rounded())
        if let known = alternativesByLevel[level] { return known }
        let own = network.branches.map(\.inService)
        var found: [[Bool]] = []
        if alternatives > 0 {
            let search = try LossMinimisingReconfiguration(network: network, loadScale: Double(level) * Self.alternativeLoadStep)
            found = Array(try search.heuristic(keep: alternatives + 1).best.map(\.inService)
                .filter { $0 != own }.prefix(alternatives))
        }
        alternativesByLevel[level] = found
        return found
    }

    /// The DSO's answer to `request` (whose network is replaced by `network`, the case's
    /// topology): the plain check, or — when it curtails and K > 0 — the cheapest solved
    /// check among it and the K alternatives. Throws `OPFError` for invalid input.
    public func check(_ request: TradeCheckRequest) throws -> ReconfiguredTradeCheck {
        var request = request
        request.network = network
        var best = try solver.check(request)
        let own = network.branches.map(\.inService)
        var topology = own, solves = 1
        if alternatives > 0, !best.accepted {
            for (i, state) in try alternativeTopologies(loadScale: request.loadScale).enumerated() {
                request.network = network.withSwitches(state)
                let candidate = try alternativeSolvers[i].check(request)
                solves += 1
                if candidate.opf.status.hasSolution, !best.opf.status.hasSolution || candidate.opf.objective < best.opf.objective {
                    best = candidate
                    topology = state
                }
            }
        }
        return ReconfiguredTradeCheck(result: best, inService: topology, reconfigured: topology != own, opfSolves: solves)
    }
}

/// A reconfiguring DSO's answer: the trade check that answered and the topology it holds for.
public struct ReconfiguredTradeCheck: Sendable {
    /// The answering check (the case's topology unless `reconfigured`).
    public var result: TradeCheckResult
    /// In-service state of every branch in the answer's topology.
    public var inService: [Bool]
    /// Whether an alternative topology answered.
    public var reconfigured: Bool
    /// OPFs the answer took: 1, or 1 + the alternatives checked before curtailing.
    public var opfSolves: Int
    /// Out-of-service branches of the answer's topology (indices into the feeder's branches).
    public var openBranches: [Int] { inService.indices.filter { !inService[$0] } }
}
