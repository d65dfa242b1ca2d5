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
        if gradientClipNorm < 0 { throw .invalidConfiguration(field: "gradientClipNorm", reason: "must be non-negative, got \(gradientClipNorm)") }
    }

    /// The learning-rate schedule for `stepsPerEpoch` optimizer steps per epoch.
    func schedule(stepsPerEpoch: Int) -> LearningRateSchedule {
        let total = epochs * stepsPerEpoch
        return LearningRateSchedule(peak: learningRate, minimum: minimumLearningRate,
                                    warmupSteps: Int((Double(total) * warmupFraction).rounded()), totalSteps: total)
    }
}

/// What one epoch did — the paper's Fig. 10 log line.
public struct EpochRecord: Codable, Sendable, Equatable {
    /// 1-based epoch number.
    public var epoch: Int
    /// Mean training loss over the epoch's batches (standardised MSE).
    public var trainLoss: Double
    /// Validation loss after the epoch (standardised MSE; NaN without a validation split).
    public var validationLoss: Double
    /// Learning rate of the epoch's last step.
    public var learningRate: Double
    /// Mean over the epoch's steps of the global gradient norm before clipping.
    public var gradientNorm: Double
    /// Mean per layer group (`ParameterLayout.groupNames`) of the gradient norm before clipping.
    public var groupGradientNorms: [Double]

    /// One progress line, e.g. `epoch 3/50  train 0.012300  val 0.015000  lr 9.80e-04  |g| 0.4100 (embedding 0.1000, layer0 0.3000, …)`.
    public func progressLine(totalEpochs: Int, groupNames: [String]) -> String {
        func loss(_ x: Double) -> String { x.isNaN ? "-" : String(format: "%.6f", x) }
        let groups = zip(groupNames, groupGradientNorms).map { "\($0) " + String(format: "%.4f", $1) }.joined(separator: ", ")
        return "epoch \(epoch)/\(totalEpochs)  train \(loss(trainLoss))  val \(loss(validationLoss))  " +
            String(format: "lr %.2e  |g| %.4f", learningRate, gradientNorm) + " (\(groups))"
    }
}
