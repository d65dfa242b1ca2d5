import Foundation

/// Which model a training run fits: the predictor or one of its baselines.
public enum ModelKind: String, Sendable, CaseIterable {
    /// The transformer predictor (DESIGN.md §6).
    case transformer
    /// The per-token MLP with the same heads.
    case mlp
    /// The linear baseline: ridge regression for `P_acc` + logistic regression for the probabilities (`LinearBaseline`).
    case ridge
}

/// Everything a training run needs besides the files (DESIGN.md §6 defaults).
public struct TrainingRequest: Sendable {
    public var model: ModelKind = .transformer
    public var epochs = 100
    public var batchSize = 256
    public var learningRate = 1e-3
    /// AdamW decoupled weight decay (0 = Adam).
    public var weightDecay = 0.0
    public var patience = 10
    /// Input features to train on, by name (nil = all of the file's); see `TrainingConfig.featureNames`.
    public var featureNames: [String]? = nil
    /// w of the loss `MSE + w · (token BCE + proposal BCE)`; see `TrainingConfig.classificationLossWeight`.
    public var classificationLossWeight = TrainingConfig().classificationLossWeight
    /// Shares of the solved samples held out (ignored when the file has `/split`).
    public var validationFraction = 0.1
    public var testFraction = 0.1
    public var seed: UInt64 = 0
    /// Worker threads; the result does not depend on it.
    public var threads = ProcessInfo.processInfo.activeProcessorCount

    public init() {}
}

/// One training run from a dataset file to a checkpoint file, as the
/// `train` command and the pipeline's `train` stage run it: split, fit,
/// write the checkpoint atomically after every epoch, optionally resume.
public enum TrainingRun {
    /// Trains `request.model` on the dataset at `data` and writes the checkpoint to `out`.
    /// - Parameters:
    ///   - resume: continue the run saved in `out` with its saved settings.
    ///   - isCancelled: polled between epochs; a cancelled run throws `LearningError.cancelled`
    ///     after writing the checkpoint of the last finished epoch.
    ///   - log: one line per epoch and a closing line.
    public static func train(_ request: TrainingRequest, data: String, out: String, resume: Bool = false,
                             isCancelled: (() -> Bool)? = nil, log: (String) -> Void) throws(LearningError) {
        let dataset = try TrainingData.load(path: data)
        let split: DataSplit
        if let stored = try TrainingData.storedSplit(path: data, data: dataset) {
            split = stored
        } else {
            split = try DataSplit.seeded(dataset, validationFraction: request.validationFraction,
                                         testFraction: request.testFraction, seed: request.seed)
        }
        guard !split.train.isEmpty else { throw .invalidData("\(data): no solved samples in the training split") }
        // Checked here so that a missing feature is reported with the file's name.
        if let names = request.featureNames { _ = try dataset.selectingFeatures(names, file: data) }
        if request.model == .ridge {
            let baseline = try LinearBaseline.fit(dataset, split: split, featureNames: request.featureNames)
            try ModelCheckpoint(model: .linear(baseline, split), trainedOn: dataset).write(to: out)
            let lambdas = baseline.curtailment.map { "\($0.lambda)" }.joined(separator: ", ")
            log("ridge: λ = \(baseline.ridge.lambda); logistic λ curtailment [\(lambdas)], acceptance \(baseline.acceptance.lambda); " +
                "\(split.train.count) training samples → \(out)")
            return
        }
        let trainer = Trainer(threadCount: request.threads)
        var state: TrainingState
        if resume && FileManager.default.fileExists(atPath: out) {
            let checkpoint = try ModelCheckpoint.read(from: out)
            guard case .network(let saved) = checkpoint.model, checkpoint.dataFingerprint == dataset.fingerprint else {
                throw .invalidData("\(out) is not a \(request.model.rawValue) checkpoint trained on \(data); cannot resume")
            }
            state = saved
            if state.isFinished {
                log("\(out): the run already finished after \(state.epochsCompleted) epochs; nothing to resume")
            }
        } else {
            var config = TrainingConfig()
            config.epochs = request.epochs
            config.batchSize = request.batchSize
            config.learningRate = request.learningRate
            config.optimizer = AdamOptimizer(weightDecay: request.weightDecay)
            config.patience = request.patience
            config.seed = request.seed
            config.featureNames = request.featureNames
            config.classificationLossWeight = request.classificationLossWeight
            let (m, f) = (dataset.tokenCount, request.featureNames?.count ?? dataset.featureCount)
            let architecture: ModelArchitecture = request.model == .mlp
                ? .mlp(MLPConfig(featureCount: f, tokenCount: m))
                : .transformer(TransformerConfig(featureCount: f, tokenCount: m))
            state = try trainer.initialState(architecture: architecture, config: config, data: dataset, split: split)
        }
        let groupNames = state.architecture.layout.groupNames
        let totalEpochs = state.config.epochs
        if state.epochsCompleted == 0 {
            try ModelCheckpoint(model: .network(state), trainedOn: dataset).write(to: out)
        }
        while !state.isFinished {
            if isCancelled?() == true { throw .cancelled }
            try trainer.train(&state, data: dataset, untilEpoch: state.epochsCompleted + 1) { record in
                log(record.progressLine(totalEpochs: totalEpochs, groupNames: groupNames))
            }
            try ModelCheckpoint(model: .network(state), trainedOn: dataset).write(to: out)
        }
        let stop = state.stoppedEarly ? "stopped early after epoch \(state.epochsCompleted)" : "\(state.epochsCompleted) epochs"
        let temperatures = "temperatures token \(state.calibration.tokenTemperature), proposal \(state.calibration.proposalTemperature)"
        log("\(state.architecture.name): \(stop), best validation loss \(state.bestValidationLoss), \(temperatures) → \(out)")
    }
}
