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
        with Adam(W), warm-up + cosine learning rate, gradient clipping and early stopping on the loss \
        MSE(P_acc) + w·(curtailment BCE + acceptance BCE); the probabilities are then calibrated on the \
        validation split (temperature scaling). \
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

    @Option(name: .long, help: "Comma-separated input features to train on, by name, e.g. P_load_n,pf,P_net_n,c_ls,lambda_corr (default: all of the file's).")
    var features: String?

    @Option(name: .long, help: "w, the weight of the cross-entropy terms in the loss MSE + w·(token BCE + proposal BCE).")
    var classificationWeight: Double = TrainingConfig().classificationLossWeight

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
        guard let kind = ModelKind(rawValue: model) else {
            throw .invalidConfiguration(field: "--model", reason: "must be transformer, mlp or ridge, got '\(model)'")
        }
        var request = TrainingRequest()
        request.model = kind
        request.epochs = epochs
        request.batchSize = batchSize
        request.learningRate = learningRate
        request.weightDecay = weightDecay
        request.patience = patience
        request.validationFraction = validationFraction
        request.testFraction = testFraction
        request.seed = seed
        request.threads = threads
        request.classificationLossWeight = classificationWeight
        if let features {
            let names = features.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard !names.isEmpty, !names.contains("") else {
                throw .invalidConfiguration(field: "--features", reason: "must be a comma-separated list of feature names, got '\(features)'")
            }
            request.featureNames = names
        }
        try TrainingRun.train(request, data: data, out: out, resume: resume) { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }
}
