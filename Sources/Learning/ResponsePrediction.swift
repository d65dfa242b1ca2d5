/// A predicted DSO response to one proposal (DESIGN.md §6): per MG, the
/// accepted injection and the calibrated probability that the DSO curtails
/// it, and the calibrated probability that it accepts the whole proposal.
public struct ResponsePrediction: Sendable, Equatable {
    /// `[M]` predicted accepted injection `P̂_acc_n`, kW (positive = export).
    public var acceptedInjectionKW: [Float]
    /// `[M]` calibrated P(curtailed_n): the DSO curtails some trade of MG n.
    public var curtailmentProbability: [Double]
    /// Calibrated `p̂_acc` = P(no MG curtailed): the DSO accepts the proposal as it is.
    public var acceptanceProbability: Double

    /// A zero prediction for `tokenCount` MGs, to be filled by `Predictor.predict(_:into:)`.
    public init(tokenCount: Int) {
        acceptedInjectionKW = [Float](repeating: 0, count: tokenCount)
        curtailmentProbability = [Double](repeating: 0, count: tokenCount)
        acceptanceProbability = 0
    }

    /// The given values.
    public init(acceptedInjectionKW: [Float], curtailmentProbability: [Double], acceptanceProbability: Double) {
        self.acceptedInjectionKW = acceptedInjectionKW
        self.curtailmentProbability = curtailmentProbability
        self.acceptanceProbability = acceptanceProbability
    }
}

/// Predicted responses to `sampleCount` proposals, in flat arrays.
public struct ResponsePredictions: Sendable, Equatable {
    /// Proposals N and MGs per proposal M.
    public let sampleCount: Int, tokenCount: Int
    /// `[N, M]` predicted accepted injection, kW.
    public var acceptedInjectionKW: [Float]
    /// `[N, M]` calibrated P(curtailed_n).
    public var curtailmentProbability: [Double]
    /// `[N]` calibrated `p̂_acc`.
    public var acceptanceProbability: [Double]

    /// All-zero predictions for `sampleCount` proposals of `tokenCount` MGs.
    init(sampleCount: Int, tokenCount: Int) {
        self.sampleCount = sampleCount
        self.tokenCount = tokenCount
        acceptedInjectionKW = [Float](repeating: 0, count: sampleCount * tokenCount)
        curtailmentProbability = [Double](repeating: 0, count: sampleCount * tokenCount)
        acceptanceProbability = [Double](repeating: 0, count: sampleCount)
    }

    /// The prediction for proposal `sample`.
    public subscript(sample: Int) -> ResponsePrediction {
        let tokens = (sample * tokenCount)..<((sample + 1) * tokenCount)
        return ResponsePrediction(acceptedInjectionKW: Array(acceptedInjectionKW[tokens]),
                                  curtailmentProbability: Array(curtailmentProbability[tokens]),
                                  acceptanceProbability: acceptanceProbability[sample])
    }
}
