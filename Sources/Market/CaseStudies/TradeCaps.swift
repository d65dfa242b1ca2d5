/// The per-trade upper bounds `[seller][buyer]` (kW) MGs re-clear under in
/// case studies 2–4. Caps only tighten: every rule takes the minimum of
/// the present cap and the new bound, so a round never re-opens a trade an
/// earlier round curtailed.
public struct TradeCaps: Sendable, Equatable {
    /// The bounds; `.infinity` where a pair is not capped.
    public private(set) var capsKW: [[Double]]

    /// No caps for `microgridCount` MGs.
    public init(microgridCount n: Int) {
        capsKW = Array(repeating: Array(repeating: .infinity, count: n), count: n)
    }

    /// Whether any pair is capped.
    public var isCapped: Bool { capsKW.contains { $0.contains { $0.isFinite } } }

    /// The smallest cap that leaves a pair open (kW); a tighter one closes it (cap 0). Repeated tightening drives
    /// the caps of curtailed pairs towards zero without reaching it (1e-61 kW was seen), and a pair capped at a few
    /// watts stalls the ADMM clearing: its two copies sit at opposite ends of [0, cap] and the pair's price moves by
    /// at most ρ·cap/2 per round (a stressed case-study day ran into the 20,000-round limit at a 4.9 W cap). MG
    /// trades are tens to hundreds of kW; less than 1 kW on a pair is no trade.
    public static let smallestOpenCapKW = 1.0

    /// Lowers the cap of pair `(seller, buyer)` to `kW` (0 below `smallestOpenCapKW`) if that is tighter; returns
    /// whether it changed.
    @discardableResult
    public mutating func tighten(seller: Int, buyer: Int, to kW: Double) -> Bool {
        let bound = kW >= Self.smallestOpenCapKW ? kW : 0  // NaN closes the pair, as max(0, NaN) did
        guard bound < capsKW[seller][buyer] else { return false }
        capsKW[seller][buyer] = bound
        return true
    }

    /// Case 2's rule: every trade the DSO curtailed (α_k below the acceptance
    /// threshold) is capped at what it accepted, `α_k t_k`.
    /// - Parameter alpha: the response's α in `TradeProposal.tradePairs` order.
    public mutating func applyDSOResponse(alpha: [Double], tradesKW: [[Double]]) {
        for (k, pair) in TradeProposal.tradePairs(microgridCount: tradesKW.count).enumerated()
        where alpha[k] < DistributionSystemOperator.acceptanceThreshold {
            tighten(seller: pair.seller, buyer: pair.buyer, to: max(0, alpha[k]) * tradesKW[pair.seller][pair.buyer])
        }
    }

    /// Case 3's rule (DESIGN.md §8): every MG predicted curtailed
    /// (`PredictedResponse.predictedCurtailed`) keeps the share
    /// `r = min(1, P̂_acc / P_net) − δ`, floored at 0, of every trade it takes
    /// part in — scaling all its trades by `r + δ` would move its net position
    /// exactly to the predicted acceptance, and δ is the safety margin below it.
    /// A trade between two such MGs takes the smaller share; a pair that does
    /// not trade is capped at 0, so a curtailed MG cannot route the energy it
    /// gives up through a new partner. An MG whose trades
    /// cancel out (|P_net| below `DistributionSystemOperator.negligibleTradeKW`)
    /// has no predicted share and keeps `1 − δ`.
    /// - Returns: whether any cap changed (if none did, re-clearing would
    ///   propose the same trades again); with δ > 0 one always does while a
    ///   predicted-curtailed MG trades at all.
    @discardableResult
    public mutating func applyPrediction(_ predicted: PredictedResponse, tradesKW: [[Double]], safetyMargin: Double) -> Bool {
        let net = TradeProposal.netPositionsKW(of: tradesKW)
        let curtailed = predicted.predictedCurtailed
        let share = net.indices.map { n -> Double in
            guard curtailed[n] else { return 1 }
            let predictedShare = abs(net[n]) > DistributionSystemOperator.negligibleTradeKW
                ? min(1, max(0, predicted.acceptedInjectionKW[n] / net[n])) : 1
            return max(0, predictedShare - safetyMargin)
        }
        var changed = false
        for pair in TradeProposal.tradePairs(microgridCount: tradesKW.count) {
            let r = min(share[pair.seller], share[pair.buyer])
            guard r < 1 else { continue }
            if tighten(seller: pair.seller, buyer: pair.buyer, to: r * tradesKW[pair.seller][pair.buyer]) { changed = true }
        }
        return changed
    }
}
