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
    public var reconfigurationAlternatives: Int { lever.alternatives }
    /// The trade check, with the reconfiguration lever and one warm-started solver per topology.
    private let lever: ReconfiguringTradeCheck

    /// Every ordered pair goes to the OPF, so consecutive checks share one
    /// problem structure and warm-start; a pair proposing less than this (kW)
    /// has an undetermined α (curtailing nothing costs nothing), reported as 1.
    public static let negligibleTradeKW = TradeCheckResult.negligibleTradeKW
    /// The acceptance threshold on every α (DESIGN.md §4); the trade check's own.
    public static let acceptanceThreshold = TradeCheckResult.acceptanceThreshold

    /// A DSO for `network` with MGs at `microgridBuses`; nil prices default to multiples of the import price.
    public init(network: Network, microgridBuses: [Int], formulation: OPFFormulation = .socp,
                vollRsPerKWh: Double? = nil, curtailmentPriceRsPerKWh: Double? = nil,
                options: IpoptOptions = IpoptOptions(), warmStart: Bool = true, reconfigurationAlternatives: Int = 0,
                socpSolver: SOCPSolverKind = .radialIPM) {
        self.network = network
        self.microgridBuses = microgridBuses
        self.formulation = formulation
        self.vollRsPerKWh = vollRsPerKWh
        self.curtailmentPriceRsPerKWh = curtailmentPriceRsPerKWh
        lever = ReconfiguringTradeCheck(network: network, alternatives: reconfigurationAlternatives,
                                        options: options, warmStart: warmStart, socpSolver: socpSolver)
    }

    /// The K alternative topologies the DSO checks a curtailed proposal at `loadScale` on
    /// (`ReconfiguringTradeCheck.alternativeTopologies`).
    public func alternativeTopologies(loadScale: Double) throws -> [[Bool]] {
        try lever.alternativeTopologies(loadScale: loadScale)
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
        let request = TradeCheckRequest(
            network: network,
            microgrids: zip(microgridBuses, proposal.powerFactors).map { MicrogridConnection(bus: $0, powerFactor: $1) },
            trades: trades, loadScale: proposal.loadScale,
            sheddingCostRsPerKW2: proposal.loadSheddingPriceRsPerKW2,
            correctionCostRsPerKW2: proposal.correctionPriceRsPerKW2,
            vollRsPerKWh: vollRsPerKWh, curtailmentPriceRsPerKWh: curtailmentPriceRsPerKWh, formulation: formulation)
        let answer = try lever.check(request)
        let check = answer.result
        return DSOResponse(status: check.opf.status, alpha: check.alpha, curtailedKW: check.curtailedKW,
                           acceptedInjectionKW: check.acceptedInjectionKW, curtailedMicrogrids: check.curtailedMicrogrids,
                           accepted: check.accepted, dlmpRsPerKWh: check.dlmpAtMicrogridsRsPerKWh,
                           networkChargeRsPerH: check.networkChargeRsPerH, binding: check.binding,
                           formulation: check.answeredBy, exactResolve: check.exactResolve,
                           vollRsPerKWh: check.vollRsPerKWh, curtailmentPriceRsPerKWh: check.curtailmentPriceRsPerKWh,
                           opf: check.opf, openBranches: answer.openBranches, reconfigured: answer.reconfigured,
                           opfSolves: answer.opfSolves)
    }
}
