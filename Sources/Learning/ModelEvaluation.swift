import Foundation

/// A checkpoint evaluated on a dataset file, as `p2pgrid evaluate` and the
/// pipeline's `validate` stage do it: on the data the model was trained on
/// (same fingerprint) its held-out test split, on any other file (an
/// out-of-distribution split) every solved sample. The model's features are
/// picked from the file by name.
public enum ModelEvaluation {
    /// Reads the checkpoint at `model` and the dataset at `data` and evaluates.
    /// - Returns: the model's kind name (`transformer`, `mlp`, `ridge`) and its metrics.
    /// - Throws: `LearningError.missingFeature` naming `data` when it lacks a feature of the model.
    public static func evaluate(model: String, data: String, threads: Int = ProcessInfo.processInfo.activeProcessorCount)
        throws(LearningError) -> (kind: String, metrics: EvaluationMetrics) {
        let evaluation = try evaluateSamples(model: model, data: data, threads: threads)
        return (evaluation.kind, evaluation.metrics)
    }

    /// `evaluate(model:data:threads:)` with the per-sample predictions and targets behind the metrics.
    public static func evaluateSamples(model: String, data: String, threads: Int = ProcessInfo.processInfo.activeProcessorCount)
        throws(LearningError) -> SampleEvaluation {
        let checkpoint = try ModelCheckpoint.read(from: model)
        let dataset = try TrainingData.load(path: data)
        let inputs = try checkpoint.inputs(from: dataset, file: data)
        let predictor = checkpoint.model.predictor(threadCount: threads)
        guard predictor.tokenCount == dataset.tokenCount else {
            throw .shapeMismatch(file: data, dataset: "/inputs", expected: "[N, \(predictor.tokenCount), F] (the MGs of \(model))",
                                 found: "[\(dataset.sampleCount), \(dataset.tokenCount), \(dataset.featureCount)]")
        }
        let testSplit = checkpoint.model.split.test
        let samples = checkpoint.dataFingerprint == dataset.fingerprint && !testSplit.isEmpty ? testSplit : dataset.solvedIndices
        let (predictions, metrics) = try EvaluationMetrics.predictAndEvaluate(predictor, on: inputs, samples: samples, file: data)
        let M = dataset.tokenCount
        return SampleEvaluation(
            kind: checkpoint.model.kindName, samples: samples, predictions: predictions, metrics: metrics,
            targetAcceptedInjectionKW: samples.flatMap { dataset.acceptedInjectionKW[($0 * M)..<(($0 + 1) * M)] },
            targetCurtailed: samples.flatMap { dataset.curtailed[($0 * M)..<(($0 + 1) * M)] },
            targetAccepted: samples.map { dataset.accepted[$0] })
    }
}

/// A model evaluated sample by sample: which samples of the file, what it predicted for each,
/// the targets, and the metrics computed from them.
public struct SampleEvaluation: Sendable {
    /// The model's kind name (`transformer`, `mlp`, `ridge`).
    public var kind: String
    /// The dataset's sample indices evaluated (the test split, or every solved sample), in order.
    public var samples: [Int]
    /// The predictions, in the order of `samples`.
    public var predictions: ResponsePredictions
    public var metrics: EvaluationMetrics
    /// `[n, M]` the stored `P_acc_n`, kW.
    public var targetAcceptedInjectionKW: [Float]
    /// `[n, M]` the stored `curtailed_n`.
    public var targetCurtailed: [Bool]
    /// `[n]` the stored `/opf/accepted`.
    public var targetAccepted: [Bool]
}
