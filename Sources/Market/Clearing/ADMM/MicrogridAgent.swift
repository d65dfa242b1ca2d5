/// One microgrid in the distributed clearing (DESIGN.md §13): it keeps its
/// devices, utility, battery and PV to itself (`hour` is private) and takes part
/// in the consensus ADMM through trade offers only. For every bilateral pair it
/// is a party to — seller of `t_nm` or buyer of `t_mn` — it holds its own copy of
/// the trade, the pair's consensus value, its dual (the pair price) and the
/// pair's penalty ρ; the peer holds the same numbers for its copy, and both
/// update them from the same two offers, so they agree without a coordinator.
///
/// Its local problem, with z the consensus trades, y its duals and ρ the penalties:
///
///     min  C(g) − U(d) + wear − stored-energy value + Σ_pairs [ (f/2) x + (f₂/2) x² ] h
///          + Σ_pairs [ y x + ρ/2 (x − z)² ]
///     s.t. pv + g + dis − ch − d − Σ_sold x + Σ_bought x = 0, device bounds, 0 ≤ x ≤ cap,
///
/// half of each pair's fee on each side, so the sum over MGs at consensus is the
/// central clearing's objective (`MarketClearingProgram`, with its regularisation).
public struct MicrogridAgent: Sendable {
    /// Index of the MG among the market's microgrids.
    public let index: Int
    /// Private: the MG's devices and the hour's PV. Nothing outside this type reads it.
    private let hour: MicrogridHour
    private let parameters: MarketParameters
    private var sides: [PairSide]
    /// The last local solve: the MG's dispatch and its balance multiplier.
    private var local: (dispatch: MicrogridDispatch, multiplier: Double)?

    /// This MG's side of one bilateral pair.
    struct PairSide: Sendable {
        /// Index of the pair in `TradeProposal.tradePairs` order.
        let pair: Int
        let peer: Int
        /// −1 as the seller (the trade leaves this MG), +1 as the buyer.
        let coefficient: Double
        /// Upper bound on the trade (kW): the DSO's cap, or infinity.
        let capKW: Double
        var offerKW = 0.0
        var consensusKW = 0.0
        /// y: the dual of `own copy = consensus`, the pair price this side sees (Rs per kW of the period).
        var dual = 0.0
        var penalty: Double
        /// Whether the pair can carry anything; a pair capped at zero needs no messages.
        var isOpen: Bool { capKW > 0 }
    }

    /// The agent of MG `index` among `microgridCount`, with the DSO's caps `[seller][buyer]` (kW) if any.
    public init(index: Int, hour: MicrogridHour, microgridCount: Int, parameters: MarketParameters,
                tradeCapsKW: [[Double]]?, initialPenalty: Double) {
        self.index = index
        self.hour = hour
        self.parameters = parameters
        sides = TradeProposal.tradePairs(microgridCount: microgridCount).enumerated().compactMap { k, pair in
            guard pair.seller == index || pair.buyer == index else { return nil }
            let seller = pair.seller == index
            return PairSide(pair: k, peer: seller ? pair.buyer : pair.seller, coefficient: seller ? -1 : 1,
                            capKW: max(0, tradeCapsKW?[pair.seller][pair.buyer] ?? .infinity), penalty: initialPenalty)
        }
    }

    /// The dispatch of the last local solve.
    public var dispatch: MicrogridDispatch? { local?.dispatch }
    /// The MG's price (Rs/kWh) from its last local solve: its marginal utility, the dual of its balance.
    public var priceRsPerKWh: Double? { local.map { -$0.multiplier / parameters.periodHours } }
    /// The consensus trade of every pair this MG is a party to (kW), by pair index.
    var consensusKW: [(pair: Int, kW: Double)] { sides.map { ($0.pair, $0.consensusKW) } }

    /// Solves the local problem for the current consensus, duals and penalties and returns the offers to send,
    /// one per open pair; nil when the MG cannot balance within its bounds and caps.
    public mutating func offers() -> [TradeOffer]? {
        let h = parameters.periodHours
        let devices = MarketClearingProgram.deviceTerms(hour, parameters: parameters)
        var qp = SingleBalanceQP(quadratic: devices.quadratic, linear: devices.linear, coefficients: devices.coefficients,
                                 lower: devices.lower, upper: devices.upper)
        for side in sides {
            qp.quadratic.append(parameters.tradeFeeQuadraticRsPerKW2 * h + side.penalty)
            qp.linear.append(0.5 * parameters.tradeFeeRsPerKWh * h + side.dual - side.penalty * side.consensusKW)
            qp.coefficients.append(side.coefficient)
            qp.lower.append(0)
            qp.upper.append(side.capKW)
        }
        guard let solution = qp.solve() else { return nil }
        let x = solution.x
        local = (MicrogridDispatch(pvKW: x[0], dieselKW: x[1], chargeKW: x[2], dischargeKW: x[3], demandKW: x[4]), solution.multiplier)
        for s in sides.indices { sides[s].offerKW = x[5 + s] }
        return sides.filter(\.isOpen).map { TradeOffer(pair: $0.pair, from: index, to: $0.peer, kW: $0.offerKW) }
    }

    /// Takes the peers' offers for this MG's open pairs and does the pair updates both parties do alike:
    /// consensus `z = (x_seller + x_buyer)/2`, dual `y += ρ (x_own − z)`, then residual balancing of ρ
    /// (`ADMMOptions`) during the first `penaltyAdaptationRounds` rounds. Returns the largest primal residual |x_seller − x_buyer| and consensus change |Δz| (kW)
    /// over this MG's pairs — the agent's one-line status report.
    public mutating func receive(_ offers: [TradeOffer], round: Int, options: ADMMOptions) -> (primalKW: Double, consensusChangeKW: Double) {
        var primal = 0.0, change = 0.0
        for offer in offers where offer.to == index {
            guard let s = sides.firstIndex(where: { $0.pair == offer.pair }) else { continue }
            var side = sides[s]
            // Over-relaxation (Boyd et al. 2011, §3.4.3): both parties relax toward the same previous consensus.
            let a = options.overRelaxation
            let own = a * side.offerKW + (1 - a) * side.consensusKW, peer = a * offer.kW + (1 - a) * side.consensusKW
            let consensus = 0.5 * (own + peer)
            let r = abs(side.offerKW - offer.kW), dz = abs(consensus - side.consensusKW)
            side.dual += side.penalty * (own - consensus)
            side.consensusKW = consensus
            // Residual balancing (Boyd et al. 2011, §3.4.1) per pair, on numbers both parties share.
            let dualResidual = side.penalty * dz
            if round > options.penaltyAdaptationRounds {
                // ρ fixed from here on.
            } else if r > options.balancingRatio * dualResidual {
                side.penalty = min(side.penalty * options.penaltyFactor, options.maximumPenalty)
            } else if dualResidual > options.balancingRatio * r {
                side.penalty = max(side.penalty / options.penaltyFactor, options.minimumPenalty)
            }
            sides[s] = side
            primal = max(primal, r)
            change = max(change, dz)
        }
        return (primal, change)
    }
}

/// The one message of the distributed clearing: an MG's offer for one bilateral trade, sent to the pair's other party.
public struct TradeOffer: Sendable, Equatable {
    /// Index of the pair in `TradeProposal.tradePairs` order.
    public var pair: Int
    public var from: Int
    public var to: Int
    /// The sender's copy of the trade (kW).
    public var kW: Double
    /// Bytes on the wire: the pair index (4) and the offer (8); sender and receiver are the channel's.
    public static let wireBytes = 12
}
