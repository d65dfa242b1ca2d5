/// Case 3's local loop (DESIGN.md §8): the MGs predict the DSO's response to
/// their proposal with a `ResponsePredictor` and, while it predicts a
/// curtailment, re-clear with the trades of the MGs predicted to be
/// curtailed capped (`TradeCaps.applyPrediction`), at most `maxRounds`
/// times. No OPF runs here; the DSO sees only the result.
public struct LocalRefinement: Sendable {
    /// The proposal to submit (kW, `[seller][buyer]`).
    public var tradesKW: [[Double]]
    /// The last local clearing; nil when the starting proposal was kept.
    public var clearing: MarketClearing?
    /// The caps the last clearing ran under.
    public var caps: TradeCaps
    /// Local re-clearings run (≤ maxRounds).
    public var reclearings: Int
    /// Predictor calls.
    public var predictions: Int
    /// Whether the predictor accepts `tradesKW` (every MG within the tolerance).
    public var predictedAccepted: Bool

    /// Runs the loop from a proposal.
    /// - Parameters:
    ///   - hours: the MGs' hour, for re-clearing.
    ///   - tradesKW, demandKW: the starting proposal and the cleared demand behind it.
    ///   - caps: caps already in force (they only tighten).
    ///   - proposal: the `TradeProposal` of a trade matrix under this hour's conditions.
    ///   - maxRounds: L, the most re-clearings.
    public static func run(hours: [MicrogridHour], tradesKW: [[Double]], demandKW: [Double], caps: TradeCaps,
                           proposal: ([[Double]]) -> TradeProposal, market: P2PMarket, predictor: any ResponsePredictor,
                           toleranceKW: Double, maxRounds: Int) throws -> LocalRefinement {
        var result = LocalRefinement(tradesKW: tradesKW, clearing: nil, caps: caps, reclearings: 0, predictions: 0,
                                     predictedAccepted: false)
        var demand = demandKW
        while true {
            let predicted = try predictor.predictedAcceptedInjectionKW(for: proposal(result.tradesKW), demandKW: demand)
            result.predictions += 1
            if TradeCaps.predictedAccepted(predicted, tradesKW: result.tradesKW, toleranceKW: toleranceKW) {
                result.predictedAccepted = true
                return result
            }
            // With no caps left to tighten, re-clearing would propose the same trades again.
            guard result.reclearings < maxRounds,
                  result.caps.applyPrediction(acceptedInjectionKW: predicted, tradesKW: result.tradesKW, toleranceKW: toleranceKW)
            else { return result }
            let clearing = try market.clear(hours, tradeCapsKW: result.caps.capsKW)
            guard clearing.status.hasSolution else {
                throw MarketError.caseStudyStepFailed(step: "local re-clearing \(result.reclearings + 1)", status: "\(clearing.status)")
            }
            result.reclearings += 1
            result.clearing = clearing
            result.tradesKW = clearing.tradesKW
            demand = clearing.dispatch.map(\.demandKW)
        }
    }
}
