import Foundation

/// Hyper-parameters of a training run (DESIGN.md §6). Saved in the checkpoint.
public struct TrainingConfig: Codable, Sendable, Equatable {
    /// Maximum number of epochs.
    public var epochs: Int = 100
    /// Samples per optimizer step.
    public var batchSize: Int = 256
    /// Samples per micro-batch, the unit of parallel work. Fixed independently
    /// of the thread count so results are bit-identical for any number of
    /// threads; changing it changes the summation order (last bits only).
    public var microBatchSize: Int = 64
    /// Peak learning rate, reached after warm-up.
    public var learningRate: Double = 1e-3
    /// Learning rate at the end of the cosine decay.
    public var minimumLearningRate: Double = 1e-5
    /// Share of all optimizer steps spent warming up (linear).
    public var warmupFraction: Double = 0.05
    /// Adam or AdamW.
    public var optimizer = AdamOptimizer()
    /// Maximum global gradient norm; 0 disables clipping.
    public var gradientClipNorm: Double = 1.0
    /// Epochs without a lower validation loss before training stops early;
    /// the best epoch's weights are restored.
    public var patience: Int = 10
    /// Seed of the initialisation and of every epoch's shuffle.
    public var seed: UInt64 = 0
    /// The input features to train on, picked from the data by name, in this
    /// order (e.g. the paper's five out of an extended file); nil = all of
    /// the data's features.
    public var featureNames: [String]? = nil
    /// w in the loss `MSE(P_acc) + w · (mean token BCE + proposal BCE)`.
    /// 1 because the terms start on the same scale — standardised MSE ≈ 1,
    /// each cross-entropy ≈ ln 2 ≈ 0.69 — so neither head starves the other
    /// of gradient; raise it when acceptance matters more than kW accuracy.
    public var classificationLossWeight: Double = 1

    /// The defaults above.
    public init() {}

    /// Checks ranges, naming the offending field.
    public func validate() throws(LearningError) {
        if epochs < 1 { throw .invalidConfiguration(field: "epochs", reason: "must be at least 1, got \(epochs)") }
        if batchSize < 1 { throw .invalidConfiguration(field: "batchSize", reason: "must be at least 1, got \(batchSize)") }
        if microBatchSize < 1 { throw .invalidConfiguration(field: "microBatchSize", reason: "must be at least 1, got \(microBatchSize)") }
        if !(learningRate > 0) { throw .invalidConfiguration(field: "learningRate", reason: "must be positive, got \(learningRate)") }
        if !(0..<1).contains(warmupFraction) { throw .invalidConfiguration(field: "warmupFraction", reason: "must be in [0, 1), got \(warmupFraction)") }
        if patience < 1 { throw .invalidConfiguration(field: "patience", reason: "must be at least 1, got \(patience)") }
        if !(classificationLossWeight >= 0) || !classificationLossWeight.isFinite {
            throw .invalidConfiguration(field: "classificationLossWeight", reason: "must be finite and non-negative, got \(classificationLossWeight)")
        }
        if let featureNames, featureNames.isEmpty || Set(featureNames).count != featureNames.count {
            throw .invalidConfiguration(field: "featureNames", reason: "must name at least one feature, each once, got \(featureNames)")
        }
        if gradientClipNorm < 0 { throw .invalidConfiguration(field: "gradientClipNorm", reason: "must be non-negative, got \(gradientClipNorm)") }
    }

    /// The learning-rate schedule for `stepsPerEpoch` optimizer steps per epoch.
    func schedule(stepsPerEpoch: Int) -> LearningRateSchedule {
        let total = epochs * stepsPerEpoch
        return LearningRateSchedule(peak: learningRate, minimum: minimumLearningRate,
                                    warmupSteps: Int((Double(total) * warmupFraction).rounded()), totalSteps: total)
    }
}
