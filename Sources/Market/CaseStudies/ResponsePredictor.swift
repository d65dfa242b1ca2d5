/// The MGs' local model of the DSO (case studies 3 and 4, DESIGN.md §8): it
/// predicts the DSO's response to a proposal without the DSO seeing it.
/// Market knows only this protocol: the trained transformer is adapted to it
/// in the Stages module, and `OracleResponsePredictor` answers with the
/// DSO's own OPF.
///
/// Implementations may keep scratch buffers or a warm-started solver, so one
/// instance serves one thread.
public protocol ResponsePredictor: AnyObject {
    /// The predicted response to `proposal`.
    /// - Parameter demandKW: each MG's cleared demand behind the proposal (its load this hour).
    func predictResponse(to proposal: TradeProposal, demandKW: [Double]) throws -> PredictedResponse
}

/// A predicted DSO response (DESIGN.md §6): per MG the accepted injection and
/// the probability that the DSO curtails it, and the probability that it
/// accepts the whole proposal (every α ≥ 0.999).
public struct PredictedResponse: Sendable, Equatable {
    /// `[M]` predicted accepted injection `P̂_acc_n`, kW (positive = export).
    public var acceptedInjectionKW: [Double]
    /// `[M]` P(curtailed_n): the DSO curtails some trade of MG n.
    public var curtailmentProbability: [Double]
    /// `p̂_acc` = P(no MG curtailed).
    public var acceptanceProbability: Double

    /// An MG counts as predicted curtailed from this probability on.
    public static let curtailedThreshold = 0.5

    /// The given values.
    public init(acceptedInjectionKW: [Double], curtailmentProbability: [Double], acceptanceProbability: Double) {
        self.acceptedInjectionKW = acceptedInjectionKW
        self.curtailmentProbability = curtailmentProbability
        self.acceptanceProbability = acceptanceProbability
    }

    /// The MGs predicted curtailed: P(curtailed_n) ≥ `curtailedThreshold`. A
    /// proposal predicted refused names at least one MG — the likeliest, when
    /// none reaches the threshold (the lowest index on ties) — because the
    /// proposal head and the per-MG head are calibrated separately and can
    /// disagree.
    public var predictedCurtailed: [Bool] {
        var curtailed = curtailmentProbability.map { $0 >= Self.curtailedThreshold }
        if !curtailed.contains(true), let likeliest = curtailmentProbability.indices.max(by: {
            curtailmentProbability[$0] < curtailmentProbability[$1] || (curtailmentProbability[$0] == curtailmentProbability[$1] && $0 > $1)
        }) {
            curtailed[likeliest] = true
        }
        return curtailed
    }
}
