/// How case 3 refines a proposal locally before it submits it (DESIGN.md §8):
/// the acceptance target p*, the safety margin δ and the most local rounds L.
///
/// The defaults p* = 0.9, δ = 0.05, L = 2 were chosen by a calibration run on
/// days the case studies do not use (`CaseStudyStage`'s `daySet` ≥ 1): the
/// highest first-submission acceptance of case 3 among the settings that
/// execute at least 90 % of the unconstrained clearing's energy; the stage
/// documents the run.
public struct RefinementPolicy: Sendable, Equatable {
    /// p*: the MGs submit once the predicted acceptance probability p̂_acc reaches it.
    public var acceptanceTarget: Double
    /// δ: the share subtracted from each predicted-curtailed MG's predicted share `P̂_acc / P_net`.
    public var safetyMargin: Double
    /// L: the most local re-clearings before the MGs submit anyway.
    public var localRounds: Int

    public init(acceptanceTarget: Double = 0.9, safetyMargin: Double = 0.05, localRounds: Int = 2) {
        self.acceptanceTarget = acceptanceTarget
        self.safetyMargin = safetyMargin
        self.localRounds = localRounds
    }
}

/// Case 3's local loop (DESIGN.md §8): the MGs predict the DSO's response to
/// their proposal and, while the predicted acceptance probability is below
/// p*, cap the trades of the MGs predicted to be curtailed
/// (`TradeCaps.applyPrediction`), re-clear and predict again — at most L
/// times. No DSO call happens here; the DSO sees only the result.
public struct LocalRefinement: Sendable {
    /// The proposal to submit: the last clearing (the starting one when no round ran).
    public var clearing: MarketClearing
    /// The caps the last clearing ran under.
    public var caps: TradeCaps
    /// Local re-clearings run (≤ L).
    public var reclearings: Int
    /// What the re-clearings cost in messages (ADMM clearing).
    public var communication = ClearingCommunication()
    /// Predictor calls (re-clearings + 1).
    public var predictions: Int
    /// The prediction for `clearing`.
    public var prediction: PredictedResponse
    /// Whether the prediction reached p* (otherwise L ran out, or no cap could tighten).
    public var predictedAccepted: Bool

    /// Runs the loop from `start`.
    /// - Parameters:
    ///   - hours: the MGs' hour, for re-clearing.
    ///   - start: the clearing behind the starting proposal.
    ///   - caps: caps already in force (they only tighten).
    ///   - proposal: the `TradeProposal` of a trade matrix under this hour's conditions.
    ///   - predictor: called with each proposal and the cleared demand behind it.
    public static func run(hours: [MicrogridHour], start: MarketClearing, caps: TradeCaps, proposal: ([[Double]]) -> TradeProposal,
                           market: P2PMarket, predictor: any ResponsePredictor, policy: RefinementPolicy) throws -> LocalRefinement {
        func predict(_ clearing: MarketClearing) throws -> PredictedResponse {
            try predictor.predictResponse(to: proposal(clearing.tradesKW), demandKW: clearing.dispatch.map(\.demandKW))
        }
        var result = LocalRefinement(clearing: start, caps: caps, reclearings: 0, predictions: 1, prediction: try predict(start),
                                     predictedAccepted: false)
        while result.prediction.acceptanceProbability < policy.acceptanceTarget {
            guard result.reclearings < policy.localRounds,
                  result.caps.applyPrediction(result.prediction, tradesKW: result.clearing.tradesKW, safetyMargin: policy.safetyMargin)
            else { return result }
            let clearing = try market.clear(hours, tradeCapsKW: result.caps.capsKW)
            guard clearing.status.hasSolution else {
                throw MarketError.caseStudyStepFailed(step: "local re-clearing \(result.reclearings + 1)", status: "\(clearing.status)")
            }
            result.reclearings += 1
            result.communication = result.communication + clearing.communication
            result.clearing = clearing
            result.prediction = try predict(clearing)
            result.predictions += 1
        }
        result.predictedAccepted = true
        return result
    }
}
