import Foundation
import Learning
import OPFDataset
import Pipeline

/// `train` (DESIGN.md §6): the transformer predictor and its baselines (MLP,
/// ridge + logistic regression) on the in-distribution dataset of one
/// `generate` stage, all on the same seeded split. Outputs one checkpoint per
/// model, `<model>.h5`. `features: paper` trains on the paper's five inputs
/// (Table III) out of a dataset with more, so one dataset serves both feature
/// sets and their comparison.
public struct TrainStage: StageKind {
    public init() {}

    public let name = "train"
    public let codeVersion = "train/3"
    public let summary = "transformer predictor and baselines (mlp, ridge) on the generated dataset"

    public var parameters: [ParameterSpec] {
        [
            ParameterSpec("models", .list(of: .choice(ModelKind.allCases.map(\.rawValue)), count: 1...3),
                          default: .list(ModelKind.allCases.map { .string($0.rawValue) }), summary: "models to train"),
            ParameterSpec("epochs", .int(1...100_000), default: .int(100), summary: "maximum epochs"),
            ParameterSpec("batchSize", .int(1...65_536), default: .int(256), summary: "samples per optimizer step"),
            ParameterSpec("learningRate", .double(1e-7...1), default: .double(1e-3), summary: "peak learning rate"),
            ParameterSpec("weightDecay", .double(0...1), default: .double(0), summary: "AdamW weight decay (0 = Adam)"),
            ParameterSpec("patience", .int(1...100_000), default: .int(10), summary: "epochs without improvement before stopping"),
            ParameterSpec("validationFraction", .double(0.01...0.5), default: .double(0.1), summary: "share of samples for validation"),
            ParameterSpec("testFraction", .double(0.01...0.5), default: .double(0.1), summary: "share of samples held out for testing"),
            ParameterSpec("features", .choice(["dataset", FeatureSet.paper.rawValue]), default: .string("dataset"),
                          summary: "input features: every feature of the dataset, or the paper's five (Table III)"),
            ParameterSpec("classificationWeight", .double(0...1000), default: .double(1),
                          summary: "w: weight of the curtailment and acceptance cross-entropies next to the P_acc MSE"),
        ]
    }

    public var inputs: [InputSlot] { [InputSlot("dataset", accepts: ["generate"])] }

    public func outputs(for parameters: ParameterValues) -> [String] {
        Self.models(parameters).map { "\($0.rawValue).h5" }
    }

    public func run(_ context: StageContext) throws {
        let data = try context.input("dataset").file("dataset.h5")
        let p = context.parameters
        let models = Self.models(p)
        for (index, model) in models.enumerated() {
            var request = TrainingRequest()
            request.model = model
            request.epochs = p.int("epochs")
            request.batchSize = p.int("batchSize")
            request.learningRate = p.double("learningRate")
            request.weightDecay = p.double("weightDecay")
            request.patience = p.int("patience")
            request.validationFraction = p.double("validationFraction")
            request.testFraction = p.double("testFraction")
            request.seed = context.seed
            request.classificationLossWeight = p.double("classificationWeight")
            if p.string("features") == FeatureSet.paper.rawValue {
                // The paper's names do not depend on the number of MGs.
                request.featureNames = FeatureSet.paper.names(microgridCount: 1)
            }
            var epoch = 0
            try TrainingRun.train(request, data: data, out: try context.outputPath("\(model.rawValue).h5"),
                                  isCancelled: { context.isCancelled }) { line in
                epoch += 1
                let fraction = (Double(index) + min(1, Double(epoch) / Double(request.epochs))) / Double(models.count)
                context.reportProgress(fraction: fraction, message: line)
            }
        }
    }

    /// The requested models, each once, in the order given.
    static func models(_ parameters: ParameterValues) -> [ModelKind] {
        var models: [ModelKind] = []
        for value in parameters.list("models") {
            if case let .string(name) = value, let model = ModelKind(rawValue: name), !models.contains(model) { models.append(model) }
        }
        return models
    }
}
