import OPF

/// The P2P market cleared by consensus ADMM among the microgrids (DESIGN.md §13,
/// seed 004): no MG reveals its costs, utility or devices. Each round every MG
/// solves its own problem (`MicrogridAgent.offers`) and sends its offer for each
/// open pair to the pair's other party; both parties then update the pair's
/// consensus trade, price and penalty alike (`MicrogridAgent.receive`) and each MG
/// reports one convergence flag, so a round costs two offers per open pair plus
/// a flag per MG and the stop/continue broadcast. It converges to the central
/// clearing's solution (`P2PMarket`); the tolerances are `ADMMOptions`'.
///
/// This type only routes messages. The `MarketClearing` it returns is assembled
/// the way an experimenter would: trades from the consensus, each MG's dispatch
/// and price from its own agent, and the welfare evaluated on all MGs' data.
public final class ADMMMarket {
    public let parameters: MarketParameters
    public let options: ADMMOptions

    public init(parameters: MarketParameters = MarketParameters(), options: ADMMOptions = ADMMOptions()) {
        self.parameters = parameters
        self.options = options
    }

    /// Clears one period; `tradeCapsKW` as in `P2PMarket.clear`.
    public func clear(_ hours: [MicrogridHour], tradeCapsKW: [[Double]]? = nil) throws -> (clearing: MarketClearing, trace: ADMMTrace) {
        try P2PMarket.validate(hours, tradeCapsKW: tradeCapsKW)
        let n = hours.count
        var agents = hours.enumerated().map { i, hour in
            MicrogridAgent(index: i, hour: hour, microgridCount: n, parameters: parameters, tradeCapsKW: tradeCapsKW,
                           initialPenalty: options.initialPenalty)
        }
        var trace = ADMMTrace()
        var status = OptimizationStatus.iterationLimit
        rounds: while trace.rounds < options.maximumRounds {
            var offers: [TradeOffer] = []
            for i in agents.indices {
                guard let sent = agents[i].offers() else { status = .infeasible; break rounds }
                offers += sent
            }
            trace.rounds += 1
            trace.offerMessages += offers.count
            var primal = 0.0, change = 0.0
            for i in agents.indices {
                let report = agents[i].receive(offers, round: trace.rounds, options: options)
                primal = max(primal, report.primalKW)
                change = max(change, report.consensusChangeKW)
            }
            trace.statusMessages += 2 * n
            trace.residuals.append(primalKW: primal, consensusChangeKW: change)
            if primal <= options.primalToleranceKW && change <= options.consensusToleranceKW {
                status = .optimal
                break
            }
        }
        // Out of rounds with every pair's copies agreeing: the balances and prices hold, but the split of trades
        // among pairs (fixed only by the nearly flat quadratic fee) may still be drifting.
        if status == .iterationLimit, let last = trace.residuals.primalKW.last, last <= options.primalToleranceKW { status = .acceptable }
        var trades = Array(repeating: Array(repeating: 0.0, count: n), count: n)
        let pairs = TradeProposal.tradePairs(microgridCount: n)
        for agent in agents {
            for side in agent.consensusKW where pairs[side.pair].seller == agent.index {
                trades[pairs[side.pair].seller][pairs[side.pair].buyer] = max(0, side.kW)
            }
        }
        let dispatch = agents.map { $0.dispatch ?? MicrogridDispatch(pvKW: 0, dieselKW: 0, chargeKW: 0, dischargeKW: 0, demandKW: 0) }
        let program = MarketClearingProgram(hours: hours, parameters: parameters, tradeCapsKW: tradeCapsKW)
        var x = dispatch.flatMap { [$0.pvKW, $0.dieselKW, $0.chargeKW, $0.dischargeKW, $0.demandKW] }
        x += program.tradePairs.map { trades[$0.seller][$0.buyer] }
        var clearing = MarketClearing(status: status, tradesKW: trades, dispatch: dispatch,
                                      pricesRsPerKWh: agents.map { $0.priceRsPerKWh ?? .nan },
                                      socialWelfareRs: -program.objective(at: x), iterations: trace.rounds)
        clearing.residuals = trace.residuals
        return (clearing, trace)
    }
}

/// What one ADMM clearing cost in communication, and how it converged.
public struct ADMMTrace: Sendable, Equatable {
    public var rounds = 0
    /// Trade offers sent, MG to MG (two per open pair and round).
    public var offerMessages = 0
    /// Convergence flags (one per MG and round) and the stop/continue broadcast (one per MG and round).
    public var statusMessages = 0
    /// Per round: the primal residual and the consensus change (kW).
    public var residuals = ADMMResiduals()

    public var messages: Int { offerMessages + statusMessages }
    /// Offers at `TradeOffer.wireBytes`, flags and broadcasts at one byte each.
    public var bytes: Int { offerMessages * TradeOffer.wireBytes + statusMessages }
}
