import Grid
import OPF

/// The DSO of DESIGN.md §4: checks P2P trade proposals against its feeder with
/// the branch-flow OPF. One instance per thread; it keeps its OPF solver so a
/// sequence of related proposals is warm-started.
public final class DistributionSystemOperator {
    /// The feeder, with generator costs in Rs/h (P in MW).
    public let network: Network
    /// Bus id of each MG's point of connection, in MG order.
    public let microgridBuses: [Int]
    /// The formulation solved first (the SOCP answer is re-solved exactly when its gap is too large).
    public let formulation: OPFFormulation
    /// Value of lost load (Rs/kWh); nil → 50 × the import price.
    public let vollRsPerKWh: Double?
    /// Linear curtailment price `π_curt` (Rs/kWh); nil → 10 × the import price.
    public let curtailmentPriceRsPerKWh: Double?
    /// K: before it curtails a proposal, the DSO also checks it on its K best loss-minimising
    /// alternative topologies and answers with the cheapest OPF (DESIGN.md §12); 0 never reconfigures.
    public let reconfigurationAlternatives: Int
    /// The alternatives are computed once per load level: the proposal's load scale rounded to this step.
    public static let alternativeLoadStep = 0.1
    private let solver: OPFSolver
    /// One solver per alternative, so each keeps its own warm start.
    private let alternativeSolvers: [OPFSolver]
    /// In-service states of the alternatives, by load level (`alternativeLoadStep` units).
    private var alternativesByLevel: [Int: [[Bool]]] = [:]

    /// Every ordered pair goes to the OPF, so consecutive checks share one
    /// problem structure and warm-start; a pair proposing less than this (kW)
    /// has an undetermined α (curtailing nothing costs nothing), reported as 1.
    public static let negligibleTradeKW = TradeCheckResult.negligibleTradeKW
    /// The acceptance threshold on every α (DESIGN.md §4); the trade check's own.
    public static let acceptanceThreshold = TradeCheckResult.acceptanceThreshold

    /// A DSO for `network` with MGs at `microgridBuses`; nil prices default to multiples of the import price.
    public init(network: Network, microgridBuses: [Int], formulation: OPFFormulation = .socp,
                vollRsPerKWh: Double? = nil, curtailmentPriceRsPerKWh: Double? = nil,
                options: IpoptOptions = IpoptOptions(), warmStart: Bool = true, reconfigurationAlternatives: Int = 0) {
        self.network = network
        self.microgridBuses = microgridBuses
        self.formulation = formulation
        self.vollRsPerKWh = vollRsPerKWh
        self.curtailmentPriceRsPerKWh = curtailmentPriceRsPerKWh
        self.solver = OPFSolver(options: options, warmStart: warmStart)
        self.reconfigurationAlternatives = max(0, reconfigurationAlternatives)
        alternativeSolvers = (0..<max(0, reconfigurationAlternatives)).map { _ in OPFSolver(options: options, warmStart: warmStart) }
    }

    /// The K best loss-minimising radial topologies other than the case's own at `loadScale`'s level
    /// (branch exchange, `LossMinimisingReconfiguration.heuristic`, on the feeder's own loads), cached.
    public func alternativeTopologies(loadScale: Double) throws -> [[Bool]] {
        let level = Int((loadScale / Self.alternativeLoadStep).rounded())
        if let known = alternativesByLevel[level] { return known }
        let own = network.branches.map(\.inService)
        let search = try LossMinimisingReconfiguration(network: network, loadScale: Double(level) * Self.alternativeLoadStep)
        let found = Array(try search.heuristic(keep: reconfigurationAlternatives + 1).best.map(\.inService)
            .filter { $0 != own }.prefix(reconfigurationAlternatives))
        alternativesByLevel[level] = found
        return found
    }

    /// Runs the DSO's OPF on `proposal`. Throws `OPFError` for invalid input.
    public func respond(to proposal: TradeProposal) throws -> DSOResponse {
        let n = microgridBuses.count
        guard proposal.tradesKW.count == n, proposal.tradesKW.allSatisfy({ $0.count == n }),
              proposal.powerFactors.count == n else {
            throw MarketError.proposalShape(microgrids: n)
        }
        let trades = TradeProposal.tradePairs(microgridCount: n).map { pair in
            BilateralTrade(seller: pair.seller, buyer: pair.buyer, powerKW: proposal.tradesKW[pair.seller][pair.buyer])
        }
        var request = TradeCheckRequest(
            network: network,
            microgrids: zip(microgridBuses, proposal.powerFactors).map { MicrogridConnection(bus: $0, powerFactor: $1) },
            trades: trades, loadScale: proposal.loadScale,
            sheddingCostRsPerKW2: proposal.loadSheddingPriceRsPerKW2,
            correctionCostRsPerKW2: proposal.correctionPriceRsPerKW2,
            vollRsPerKWh: vollRsPerKWh, curtailmentPriceRsPerKWh: curtailmentPriceRsPerKWh, formulation: formulation)
        var check = try solver.check(request)
        let own = network.branches.map(\.inService)
        var topology = own, solves = 1
        if reconfigurationAlternatives > 0, !check.accepted {
            // Before curtailing: the same proposal on each alternative topology; the cheapest solved OPF answers.
            for (i, state) in try alternativeTopologies(loadScale: proposal.loadScale).enumerated() {
                request.network = network.withSwitches(state)
                let candidate = try alternativeSolvers[i].check(request)
                solves += 1
                if candidate.opf.status.hasSolution, !check.opf.status.hasSolution || candidate.opf.objective < check.opf.objective {
                    check = candidate
                    topology = state
                }
            }
        }
        return DSOResponse(status: check.opf.status, alpha: check.alpha, curtailedKW: check.curtailedKW,
                           acceptedInjectionKW: check.acceptedInjectionKW, curtailedMicrogrids: check.curtailedMicrogrids,
                           accepted: check.accepted, dlmpRsPerKWh: check.dlmpAtMicrogridsRsPerKWh,
                           networkChargeRsPerH: check.networkChargeRsPerH, binding: check.binding,
                           formulation: check.answeredBy, exactResolve: check.exactResolve,
                           vollRsPerKWh: check.vollRsPerKWh, curtailmentPriceRsPerKWh: check.curtailmentPriceRsPerKWh,
                           opf: check.opf, openBranches: topology.indices.filter { !topology[$0] }, reconfigured: topology != own,
                           opfSolves: solves)
    }
}
