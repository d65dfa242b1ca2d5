/// The per-trade upper bounds `[seller][buyer]` (kW) MGs re-clear under in
/// case studies 2 and 3. Caps only tighten: every rule takes the minimum of
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

    /// Lowers the cap of pair `(seller, buyer)` to `kW` if that is tighter; returns whether it changed.
    @discardableResult
    public mutating func tighten(seller: Int, buyer: Int, to kW: Double) -> Bool {
        let bound = max(0, kW)
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

    /// Case 3's rule: an MG predicted to be curtailed (|P̂_acc − P_net| above
    /// the tolerance) keeps the share `r = P̂_acc / P_net`, clamped to [0, 1],
    /// of every trade it takes part in — scaling all its trades by r moves its
    /// net position exactly to the predicted acceptance. A trade between two
    /// such MGs takes the smaller share. An MG with a negligible net position
    /// has nothing to scale.
    /// - Returns: whether any cap changed (if none did, re-clearing would
    ///   propose the same trades again).
    @discardableResult
    public mutating func applyPrediction(acceptedInjectionKW predicted: [Double], tradesKW: [[Double]],
                                         toleranceKW: Double) -> Bool {
        let net = TradeProposal.netPositionsKW(of: tradesKW)
        let share = net.indices.map { n -> Double in
            guard abs(predicted[n] - net[n]) > toleranceKW, abs(net[n]) > DistributionSystemOperator.negligibleTradeKW else { return 1 }
            return min(1, max(0, predicted[n] / net[n]))
        }
        var changed = false
        for pair in TradeProposal.tradePairs(microgridCount: tradesKW.count) {
            let r = min(share[pair.seller], share[pair.buyer])
            guard r < 1 else { continue }
            if tighten(seller: pair.seller, buyer: pair.buyer, to: r * tradesKW[pair.seller][pair.buyer]) { changed = true }
        }
        return changed
    }

    /// Whether a predicted response accepts the proposal: every MG within the tolerance.
    public static func predictedAccepted(_ predicted: [Double], tradesKW: [[Double]], toleranceKW: Double) -> Bool {
        zip(predicted, TradeProposal.netPositionsKW(of: tradesKW)).allSatisfy { abs($0 - $1) <= toleranceKW }
    }
}
