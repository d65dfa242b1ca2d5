import Foundation

/// A checkpoint evaluated on a dataset file, as `p2pgrid evaluate` and the
/// pipeline's `validate` stage do it: on the data the model was trained on
/// (same fingerprint) its held-out test split, on any other file (an
/// out-of-distribution split) every solved sample.
public enum ModelEvaluation {
    /// Reads the checkpoint at `model` and the dataset at `data` and evaluates.
    /// - Returns: the model's kind name (`transformer`, `mlp`, `ridge`) and its metrics.
    public static func evaluate(model: String, data: String, toleranceKW: Double = EvaluationMetrics.defaultToleranceKW,
                                threads: Int = ProcessInfo.processInfo.activeProcessorCount)
        throws(LearningError) -> (kind: String, metrics: EvaluationMetrics) {
        let checkpoint = try ModelCheckpoint.read(from: model)
        let dataset = try TrainingData.load(path: data)
        try checkpoint.checkCompatible(with: dataset, file: data)
        let predictor = checkpoint.model.predictor(threadCount: threads)
        guard predictor.tokenCount == dataset.tokenCount, predictor.featureCount == dataset.featureCount,
              predictor.targetCount == dataset.targetCount else {
            throw .shapeMismatch(file: data, dataset: "/inputs", expected: "[N, \(predictor.tokenCount), \(predictor.featureCount)] as in \(model)",
                                 found: "[\(dataset.sampleCount), \(dataset.tokenCount), \(dataset.featureCount)]")
        }
        let testSplit = checkpoint.model.split.test
        let samples = checkpoint.dataFingerprint == dataset.fingerprint && !testSplit.isEmpty ? testSplit : dataset.solvedIndices
        let metrics = try EvaluationMetrics.evaluate(predictor, on: dataset, samples: samples, toleranceKW: toleranceKW)
        return (checkpoint.model.kindName, metrics)
    }
}
