import Foundation

/// One case's hour in progress (DESIGN.md §8): the hour's conditions, the
/// market the MGs re-clear with, the caps in force, and what the case has
/// done so far — re-clearings, predictions and their wall time — which the
/// simulator reports in the `HourOutcome`. Cases change it only through
/// its methods, so every clearing and prediction is counted and timed.
public struct HourSession {
    /// 0-based day and hour (for error messages).
    public let day: Int, hour: Int
    /// The hour's exogenous conditions.
    public let scenario: HourScenario
    /// The MGs' view of the hour, batteries at their current SOC.
    public let hours: [MicrogridHour]
    /// The first clearing, without caps.
    public let unconstrained: MarketClearing
    /// The caps the last clearing ran under (they only tighten).
    public var caps: TradeCaps
    /// The last proposal the DSO answered (set by the simulator on each submission).
    public internal(set) var lastProposal: MarketClearing
    /// Market clearings run, the first one included (the simulator adds the re-dispatch around α-scaled trades).
    public private(set) var clearings = 1
    /// Local re-clearings before the first submission (cases 3 and 4).
    public private(set) var localRounds = 0
    /// Predictor calls.
    public private(set) var predictions = 0
    /// p̂_acc of the first submission, for a case that predicts it.
    public private(set) var predictedAcceptance: Double?
    /// Whether a locally refined submission was curtailed and case 2's rounds followed.
    public var fallback = false
    /// What the hour's clearings cost in messages (ADMM rounds, offers, flags; zero when central).
    public private(set) var communication = ClearingCommunication()
    /// Wall time of the MG side: clearings and predictions (s).
    public internal(set) var microgridSeconds = 0.0
    let market: P2PMarket

    init(day: Int, hour: Int, scenario: HourScenario, microgrids: [Microgrid], market: P2PMarket) throws {
        self.day = day
        self.hour = hour
        self.scenario = scenario
        self.market = market
        hours = scenario.microgridHours(for: microgrids)
        caps = TradeCaps(microgridCount: microgrids.count)
        var seconds = 0.0
        let hours = hours
        unconstrained = try Self.timed(&seconds) { try Self.clear(market, hours, caps: nil, step: "case study day \(day), hour \(hour)") }
        microgridSeconds = seconds
        lastProposal = unconstrained
        communication = unconstrained.communication
    }

    /// Clears the market under `caps` (and keeps them as the caps in force).
    public mutating func reclear(under caps: TradeCaps, step: String) throws -> MarketClearing {
        self.caps = caps
        let (market, hours) = (market, hours)
        let clearing = try Self.timed(&microgridSeconds) {
            try Self.clear(market, hours, caps: caps, step: "day \(day), hour \(hour), \(step)")
        }
        clearings += 1
        communication = communication + clearing.communication
        return clearing
    }

    /// Case 3's local loop from the unconstrained clearing with `predictor`
    /// (`LocalRefinement`); counts its clearings and predictions and records
    /// the submitted proposal's p̂_acc.
    public mutating func refineLocally(with predictor: any ResponsePredictor, policy: RefinementPolicy) throws -> LocalRefinement {
        let (market, hours, start, caps, scenario) = (market, hours, unconstrained, caps, scenario)
        let refined = try Self.timed(&microgridSeconds) {
            try LocalRefinement.run(hours: hours, start: start, caps: caps, proposal: scenario.proposal, market: market,
                                    predictor: predictor, policy: policy)
        }
        self.caps = refined.caps
        clearings += refined.reclearings
        communication = communication + refined.communication
        localRounds += refined.reclearings
        predictions += refined.predictions
        predictedAcceptance = refined.prediction.acceptanceProbability
        return refined
    }

    /// The re-dispatch around fixed (α-scaled) trades, counted and timed.
    mutating func redispatch(around tradesKW: [[Double]]) throws -> MarketClearing {
        let (market, hours) = (market, hours)
        let clearing = try Self.timed(&microgridSeconds) { try market.clear(hours, fixedTradesKW: tradesKW) }
        clearings += 1
        guard clearing.status.hasSolution else {
            throw MarketError.caseStudyStepFailed(step: "day \(day), hour \(hour): re-dispatch around the α-scaled trades",
                                                  status: "\(clearing.status)")
        }
        return clearing
    }

    private static func clear(_ market: P2PMarket, _ hours: [MicrogridHour], caps: TradeCaps?, step: String) throws -> MarketClearing {
        let clearing = try market.clear(hours, tradeCapsKW: caps?.isCapped == true ? caps?.capsKW : nil)
        guard clearing.status.hasSolution else {
            throw MarketError.caseStudyStepFailed(step: "\(step): market clearing", status: "\(clearing.status)")
        }
        return clearing
    }

    /// Adds the wall-clock seconds of `body` to `seconds`.
    static func timed<T>(_ seconds: inout Double, _ body: () throws -> T) rethrows -> T {
        let start = ContinuousClock.now
        defer {
            let elapsed = ContinuousClock.now - start
            seconds += Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        }
        return try body()
    }
}
