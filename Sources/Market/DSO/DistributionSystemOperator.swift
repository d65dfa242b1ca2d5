import Grid
import OPF

/// The DSO of DESIGN.md §4: checks P2P trade proposals against its feeder with
/// the branch-flow OPF. One instance per thread; it keeps its OPF solver so a
/// sequence of related proposals is warm-started.
public final class DistributionSystemOperator {
    public let network: Network
    /// Bus id of each MG's point of connection, in MG order.
    public let microgridBuses: [Int]
    public let formulation: OPFFormulation
    /// Value of lost load (Rs/kWh); nil → 50 × the import price.
    public let vollRsPerKWh: Double?
    private let solver: OPFSolver

    /// Every ordered pair goes to the OPF, so consecutive checks share one
    /// problem structure and warm-start; a pair proposing less than this (kW)
    /// has an undetermined α (curtailing nothing costs nothing), reported as 1.
    public static let negligibleTradeKW = 1e-6
    /// The acceptance threshold on every α (DESIGN.md §4).
    public static let acceptanceThreshold = 0.99

    public init(network: Network, microgridBuses: [Int], formulation: OPFFormulation = .socp,
                vollRsPerKWh: Double? = nil, options: IpoptOptions = IpoptOptions(), warmStart: Bool = true) {
        self.network = network
        self.microgridBuses = microgridBuses
        self.formulation = formulation
        self.vollRsPerKWh = vollRsPerKWh
        self.solver = OPFSolver(options: options, warmStart: warmStart)
    }

    /// Runs the DSO's OPF on `proposal`. Throws `OPFError` for invalid input.
    public func respond(to proposal: TradeProposal) throws -> DSOResponse {
        let n = microgridBuses.count
        guard proposal.tradesKW.count == n, proposal.tradesKW.allSatisfy({ $0.count == n }),
              proposal.powerFactors.count == n else {
            throw MarketError.proposalShape(microgrids: n)
        }
        let pairs = TradeProposal.tradePairs(microgridCount: n)
        var trades: [BilateralTrade] = []
        var slotOfTrade: [Int] = []  // pairs with a trade to report α for
        for (slot, pair) in pairs.enumerated() {
            let kW = proposal.tradesKW[pair.seller][pair.buyer]
            trades.append(BilateralTrade(seller: pair.seller, buyer: pair.buyer, powerKW: kW))
            if kW > Self.negligibleTradeKW || !kW.isFinite || kW < 0 { slotOfTrade.append(slot) }
        }
        let request = TradeCheckRequest(
            network: network,
            microgrids: zip(microgridBuses, proposal.powerFactors).map { MicrogridConnection(bus: $0, powerFactor: $1) },
            trades: trades, loadScale: proposal.loadScale,
            sheddingCostRsPerKW2: proposal.loadSheddingPriceRsPerKW2,
            correctionCostRsPerKW2: proposal.correctionPriceRsPerKW2,
            vollRsPerKWh: vollRsPerKWh, formulation: formulation)
        let check = try solver.check(request)
        var alpha = [Double](repeating: 1, count: pairs.count)
        for slot in slotOfTrade { alpha[slot] = check.alpha[slot] }
        let accepted = check.opf.status.hasSolution && alpha.allSatisfy { $0 >= Self.acceptanceThreshold }
        return DSOResponse(status: check.opf.status, alpha: alpha, acceptedInjectionKW: check.acceptedInjectionKW,
                           accepted: accepted, dlmpRsPerKWh: check.dlmpAtMicrogridsRsPerKWh,
                           vollRsPerKWh: check.vollRsPerKWh, opf: check.opf)
    }
}
