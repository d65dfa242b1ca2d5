/// Everything needed to continue or use a training run: the checkpoint's
/// contents. Resuming from a saved state gives the same final weights as an
/// uninterrupted run, because each epoch's shuffle is derived from the seed
/// and the epoch number alone, and the optimizer state is saved in full.
public struct TrainingState: Sendable, Equatable {
    /// The network and its shape.
    public var architecture: ModelArchitecture
    /// The run's hyper-parameters.
    public var config: TrainingConfig
    /// The input features the network reads, in order (`config.featureNames`,
    /// or all of the training data's); prediction picks them by name.
    public var featureNames: [String]
    /// Input/target statistics of the training split.
    public var standardization: Standardization
    /// The sample split the run uses.
    public var split: DataSplit
    /// Current weights (flat, `architecture.layout`).
    public var parameters: [Float]
    /// Adam first moments, same layout.
    public var firstMoment: [Float]
    /// Adam second moments, same layout.
    public var secondMoment: [Float]
    /// Optimizer steps taken.
    public var step: Int
    /// Epochs completed.
    public var epochsCompleted: Int
    /// Weights of the epoch with the lowest validation loss (what inference uses).
    public var bestParameters: [Float]
    /// Lowest validation loss so far (infinity before the first epoch).
    public var bestValidationLoss: Double
    /// Epochs since the validation loss last improved.
    public var epochsWithoutImprovement: Int
    /// Whether early stopping ended the run.
    public var stoppedEarly: Bool
    /// One record per completed epoch.
    public var history: [EpochRecord]
    /// Temperatures of the best weights' logits, fitted on the validation
    /// split when the run finishes (`Calibration.identity` until then).
    public var calibration: Calibration

    /// Whether no more epochs will run.
    public var isFinished: Bool { stoppedEarly || epochsCompleted >= config.epochs }
}
