import ArgumentParser
import Foundation
import Learning

/// `p2pgrid train`: fits the predictor (or a baseline) on a dataset file and
/// writes an HDF5 checkpoint after every epoch.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the transformer predictor or a baseline (mlp, ridge) on an OPF dataset.",
        discussion: """
        Splits the solved samples of --data into train/validation/test by a seeded permutation \
        (or uses the file's /split dataset), standardises with training-split statistics and trains \
        with Adam(W), warm-up + cosine learning rate, gradient clipping and early stopping. \
        One progress line per epoch goes to stderr; the checkpoint in --out is rewritten \
        atomically after every epoch, and --resume continues from it.
        """)

    @Option(name: .long, help: "Dataset file (HDF5, DESIGN.md §5 layout).")
    var data: String

    @Option(name: .long, help: "Checkpoint to write (HDF5).")
    var out: String

    @Option(name: .long, help: "transformer, mlp or ridge.")
    var model: String = "transformer"

    @Option(name: .long, help: "Maximum number of epochs.")
    var epochs: Int = 100

    @Option(name: .long, help: "Seed of the split, the initialisation and the shuffles.")
    var seed: UInt64 = 0

    @Option(name: .long, help: "Samples per optimizer step.")
    var batchSize: Int = 256

    @Option(name: .long, help: "Peak learning rate.")
    var learningRate: Double = 1e-3

    @Option(name: .long, help: "AdamW decoupled weight decay (0 = Adam).")
    var weightDecay: Double = 0

    @Option(name: .long, help: "Epochs without validation improvement before stopping.")
    var patience: Int = 10

    @Option(name: .long, help: "Share of solved samples for validation (ignored if the file has /split).")
    var validationFraction: Double = 0.1

    @Option(name: .long, help: "Share of solved samples held out for testing (ignored if the file has /split).")
    var testFraction: Double = 0.1

    @Option(name: .long, help: "Worker threads (the result does not depend on it).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .long, help: "Continue the run saved in --out with its saved settings (the training options above are then ignored).")
    var resume = false

    func run() throws {
        do {
            try train()
        } catch {
            FileHandle.standardError.write(Data("p2pgrid train: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }

    private func train() throws(LearningError) {
        guard ["transformer", "mlp", "ridge"].contains(model) else {
            throw .invalidConfiguration(field: "--model", reason: "must be transformer, mlp or ridge, got '\(model)'")
        }
        let dataset = try TrainingData.load(path: data)
        let split: DataSplit
        if let stored = try TrainingData.storedSplit(path: data, data: dataset) {
            split = stored
        } else {
            split = try DataSplit.seeded(dataset, validationFraction: validationFraction, testFraction: testFraction, seed: seed)
        }
        guard !split.train.isEmpty else { throw .invalidData("\(data): no solved samples in the training split") }
        if model == "ridge" {
            let ridge = try RidgeRegression.fit(dataset, split: split)
            try ModelCheckpoint(model: .ridge(ridge, split), trainedOn: dataset).write(to: out)
            FileHandle.standardError.write(Data("ridge: λ = \(ridge.lambda), \(split.train.count) training samples → \(out)\n".utf8))
            return
        }
        let trainer = Trainer(threadCount: threads)
        var state: TrainingState
        if resume && FileManager.default.fileExists(atPath: out) {
            let checkpoint = try ModelCheckpoint.read(from: out)
            guard case .network(let saved) = checkpoint.model, checkpoint.dataFingerprint == dataset.fingerprint else {
                throw .invalidData("\(out) is not a \(model) checkpoint trained on \(data); cannot resume")
            }
            state = saved
            if state.isFinished {
                FileHandle.standardError.write(Data("\(out): the run already finished after \(state.epochsCompleted) epochs; nothing to resume\n".utf8))
            }
        } else {
            var config = TrainingConfig()
            config.epochs = epochs
            config.batchSize = batchSize
            config.learningRate = learningRate
            config.optimizer = AdamOptimizer(weightDecay: weightDecay)
            config.patience = patience
            config.seed = seed
            let (m, f, t) = (dataset.tokenCount, dataset.featureCount, dataset.targetCount)
            let architecture: ModelArchitecture = model == "mlp"
                ? .mlp(MLPConfig(featureCount: f, tokenCount: m, targetCount: t))
                : .transformer(TransformerConfig(featureCount: f, tokenCount: m, targetCount: t))
            state = try trainer.initialState(architecture: architecture, config: config, data: dataset, split: split)
        }
        let groupNames = state.architecture.layout.groupNames
        let totalEpochs = state.config.epochs
        var writeError: LearningError?
        while !state.isFinished && writeError == nil {
            try trainer.train(&state, data: dataset, untilEpoch: state.epochsCompleted + 1) { record in
                FileHandle.standardError.write(Data((record.progressLine(totalEpochs: totalEpochs, groupNames: groupNames) + "\n").utf8))
            }
            do { try ModelCheckpoint(model: .network(state), trainedOn: dataset).write(to: out) } catch { writeError = error }
        }
        if let writeError { throw writeError }
        if state.epochsCompleted == 0 {
            try ModelCheckpoint(model: .network(state), trainedOn: dataset).write(to: out)
        }
        let stop = state.stoppedEarly ? "stopped early after epoch \(state.epochsCompleted)" : "\(state.epochsCompleted) epochs"
        FileHandle.standardError.write(Data("\(model): \(stop), best validation loss \(state.bestValidationLoss) → \(out)\n".utf8))
    }
}
