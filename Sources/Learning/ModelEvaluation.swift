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
        let metrics = try EvaluationMetrics.evaluate(predictor, on: inputs, samples: samples, file: data)
        return (checkpoint.model.kindName, metrics)
    }
}
