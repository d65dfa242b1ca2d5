import Foundation

/// The three terms of the training loss (DESIGN.md §6), each a mean over its
/// own entries: MSE of the standardised `P_acc_n` over all tokens, binary
/// cross-entropy of the curtailment logits over all tokens, and binary
/// cross-entropy of the proposal acceptance logit over the samples.
public struct HeadLosses: Codable, Sendable, Equatable {
    /// Mean squared error of the standardised `P̂_acc_n`.
    public var mse: Double
    /// Mean binary cross-entropy of the per-MG curtailment logits (nats).
    public var tokenBCE: Double
    /// Mean binary cross-entropy of the proposal acceptance logit (nats).
    public var proposalBCE: Double

    /// The three terms as given.
    public init(mse: Double, tokenBCE: Double, proposalBCE: Double) {
        self.mse = mse
        self.tokenBCE = tokenBCE
        self.proposalBCE = proposalBCE
    }

    /// All zero, the start of a sum.
    public static let zero = HeadLosses(mse: 0, tokenBCE: 0, proposalBCE: 0)
    /// All NaN: no samples to measure on (no validation split).
    public static let unavailable = HeadLosses(mse: .nan, tokenBCE: .nan, proposalBCE: .nan)

    /// The training objective `mse + w · (tokenBCE + proposalBCE)`, `w` = `TrainingConfig.classificationLossWeight`.
    public func total(classificationWeight w: Double) -> Double { mse + w * (tokenBCE + proposalBCE) }

    static func + (a: HeadLosses, b: HeadLosses) -> HeadLosses {
        HeadLosses(mse: a.mse + b.mse, tokenBCE: a.tokenBCE + b.tokenBCE, proposalBCE: a.proposalBCE + b.proposalBCE)
    }

    static func * (a: HeadLosses, s: Double) -> HeadLosses {
        HeadLosses(mse: a.mse * s, tokenBCE: a.tokenBCE * s, proposalBCE: a.proposalBCE * s)
    }
}

/// What one epoch did — the paper's Fig. 10 log line.
public struct EpochRecord: Codable, Sendable, Equatable {
    /// 1-based epoch number.
    public var epoch: Int
    /// Mean training loss over the epoch's batches (`HeadLosses.total`).
    public var trainLoss: Double
    /// Validation loss after the epoch (`HeadLosses.total`; NaN without a validation split). Early stopping watches it.
    public var validationLoss: Double
    /// The training loss per head, sample-weighted means over the epoch's batches.
    public var trainHeads: HeadLosses
    /// The validation loss per head after the epoch (`HeadLosses.unavailable` without a validation split).
    public var validationHeads: HeadLosses
    /// Learning rate of the epoch's last step.
    public var learningRate: Double
    /// Mean over the epoch's steps of the global gradient norm before clipping.
    public var gradientNorm: Double
    /// Mean per layer group (`ParameterLayout.groupNames`) of the gradient norm before clipping.
    public var groupGradientNorms: [Double]

    /// One progress line, e.g. `epoch 3/50  train 0.912300 (mse 0.0123 bce_token 0.4000 bce_proposal 0.5000)
    /// val 0.950000 (…)  lr 9.80e-04  |g| 0.4100 (embedding 0.1000, layer0 0.3000, …)`.
    public func progressLine(totalEpochs: Int, groupNames: [String]) -> String {
        func loss(_ x: Double) -> String { x.isNaN ? "-" : String(format: "%.6f", x) }
        func heads(_ h: HeadLosses) -> String {
            h.mse.isNaN ? "" : String(format: " (mse %.4f bce_token %.4f bce_proposal %.4f)", h.mse, h.tokenBCE, h.proposalBCE)
        }
        let groups = zip(groupNames, groupGradientNorms).map { "\($0) " + String(format: "%.4f", $1) }.joined(separator: ", ")
        return "epoch \(epoch)/\(totalEpochs)  train \(loss(trainLoss))\(heads(trainHeads))  val \(loss(validationLoss))\(heads(validationHeads))  " +
            String(format: "lr %.2e  |g| %.4f", learningRate, gradientNorm) + " (\(groups))"
    }
}
