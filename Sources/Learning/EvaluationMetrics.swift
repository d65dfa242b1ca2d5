/// Accuracy of a predictor on a set of samples (DESIGN.md §7): the
/// regression of `P_acc_n` in kW, and the proposal acceptance probability
/// `p̂_acc` as a classifier and as a probability.
public struct EvaluationMetrics: Codable, Sendable, Equatable {
    /// Number of samples (proposals) evaluated.
    public var n: Int
    /// Root-mean-square error of `P̂_acc_n` over every MG, kW.
    public var rmseKW: Double
    /// Mean absolute error of `P̂_acc_n`, kW.
    public var maeKW: Double
    /// Coefficient of determination of `P̂_acc_n` over every MG (pooled over the MGs).
    public var r2: Double
    /// ROC AUC of `p̂_acc` for the class "accepted" (NaN when the samples hold one class only).
    public var auc: Double
    /// Brier score of `p̂_acc`.
    public var brier: Double
    /// Expected calibration error of `p̂_acc` over the 10 `reliability` bins.
    public var ece: Double
    /// The reliability diagram of `p̂_acc`: 10 equal-width bins.
    public var reliability: [ReliabilityBin]
    /// ROC AUC of the per-MG curtailment probabilities for the class "curtailed", over every MG of every sample.
    public var curtailmentAUC: Double
    /// Share of samples whose acceptance is predicted correctly (accepted ⇔ `p̂_acc ≥ 0.5`).
    public var acceptAccuracy: Double
    /// Precision of the "accepted" class: of the samples predicted accepted, the
    /// share the DSO accepted (0 when none is predicted accepted, as scikit-learn does).
    public var acceptPrecision: Double
    /// Recall of the "accepted" class: of the samples the DSO accepted, the
    /// share predicted accepted (0 when there are none).
    public var acceptRecall: Double
    /// F1 score of the "accepted" class (0 when there are no accepted samples
    /// and none predicted, as scikit-learn does).
    public var acceptF1: Double

    enum CodingKeys: String, CodingKey {
        case n, rmseKW = "rmse_kw", maeKW = "mae_kw", r2, auc, brier, ece, reliability, curtailmentAUC = "curtailment_auc",
             acceptAccuracy = "accept_accuracy", acceptPrecision = "accept_precision", acceptRecall = "accept_recall",
             acceptF1 = "accept_f1"
    }

    /// A proposal is predicted accepted when `p̂_acc` is at least this.
    public static let acceptanceThreshold = 0.5

    /// Evaluates `predictor` on `samples` of `data`, whose features are picked
    /// by the predictor's `featureNames` (`file` names the data in the error).
    public static func evaluate(_ predictor: Predictor, on data: TrainingData, samples: [Int],
                                file: String = "the evaluation data") throws(LearningError) -> EvaluationMetrics {
        try predictAndEvaluate(predictor, on: data, samples: samples, file: file).metrics
    }

    /// `evaluate(_:on:samples:file:)` that also returns the predictions, in the order of `samples`.
    public static func predictAndEvaluate(_ predictor: Predictor, on data: TrainingData, samples: [Int],
                                          file: String = "the evaluation data")
        throws(LearningError) -> (predictions: ResponsePredictions, metrics: EvaluationMetrics) {
        guard !samples.isEmpty else { throw .invalidData("no samples to evaluate") }
        let data = try data.selectingFeatures(predictor.featureNames, file: file)
        guard predictor.tokenCount == data.tokenCount else {
            throw .shapeMismatch(file: file, dataset: "/inputs", expected: "[N, \(predictor.tokenCount), F] (the model's MGs)",
                                 found: "[\(data.sampleCount), \(data.tokenCount), \(data.featureCount)]")
        }
        let M = data.tokenCount, F = data.featureCount
        var inputs = [Float]()
        inputs.reserveCapacity(samples.count * M * F)
        for sample in samples { inputs += data.inputs[(sample * M * F)..<((sample + 1) * M * F)] }
        let predictions = predictor.predictBatch(inputs)
        return (predictions, metrics(predictions, data: data, samples: samples))
    }

    /// The metrics of `predictions` (in the order of `samples`) against `data`.
    static func metrics(_ predictions: ResponsePredictions, data: TrainingData, samples: [Int]) -> EvaluationMetrics {
        let M = data.tokenCount
        var squares = 0.0, absolutes = 0.0, sum = 0.0, sumSquares = 0.0
        var truePositive = 0, falsePositive = 0, falseNegative = 0, correct = 0
        var acceptance: [Double] = [], accepted: [Bool] = [], curtailment: [Double] = [], curtailed: [Bool] = []
        for (position, sample) in samples.enumerated() {
            for m in 0..<M {
                let truth = Double(data.acceptedInjectionKW[sample * M + m])
                let predicted = Double(predictions.acceptedInjectionKW[position * M + m])
                squares += (predicted - truth) * (predicted - truth)
                absolutes += abs(predicted - truth)
                sum += truth
                sumSquares += truth * truth
                curtailment.append(predictions.curtailmentProbability[position * M + m])
                curtailed.append(data.curtailed[sample * M + m])
            }
            let probability = predictions.acceptanceProbability[position], isAccepted = data.accepted[sample]
            acceptance.append(probability)
            accepted.append(isAccepted)
            let predictedAccepted = probability >= acceptanceThreshold
            if predictedAccepted == isAccepted { correct += 1 }
            if predictedAccepted && isAccepted { truePositive += 1 }
            if predictedAccepted && !isAccepted { falsePositive += 1 }
            if !predictedAccepted && isAccepted { falseNegative += 1 }
        }
        let count = Double(samples.count * M)
        let totalVariance = sumSquares - sum * sum / count
        let f1Denominator = 2 * truePositive + falsePositive + falseNegative
        let bins = ProbabilityMetrics.reliabilityBins(probabilities: acceptance, labels: accepted)
        return EvaluationMetrics(
            n: samples.count, rmseKW: (squares / count).squareRoot(), maeKW: absolutes / count,
            r2: totalVariance > 0 ? 1 - squares / totalVariance : .nan,
            auc: ProbabilityMetrics.rocAUC(scores: acceptance, labels: accepted),
            brier: ProbabilityMetrics.brierScore(probabilities: acceptance, labels: accepted),
            ece: ProbabilityMetrics.expectedCalibrationError(bins), reliability: bins,
            curtailmentAUC: ProbabilityMetrics.rocAUC(scores: curtailment, labels: curtailed),
            acceptAccuracy: Double(correct) / Double(samples.count),
            acceptPrecision: truePositive + falsePositive > 0 ? Double(truePositive) / Double(truePositive + falsePositive) : 0,
            acceptRecall: truePositive + falseNegative > 0 ? Double(truePositive) / Double(truePositive + falseNegative) : 0,
            acceptF1: f1Denominator > 0 ? Double(2 * truePositive) / Double(f1Denominator) : 0)
    }
}
