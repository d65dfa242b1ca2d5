/// Accuracy of a predictor on a set of samples, in dataset units (DESIGN.md §7).
public struct EvaluationMetrics: Codable, Sendable, Equatable {
    /// Number of samples evaluated.
    public var n: Int
    /// Root-mean-square error over every MG and target, kW.
    public var rmseKW: Double
    /// Mean absolute error, kW.
    public var maeKW: Double
    /// Coefficient of determination over every MG and target (pooled).
    public var r2: Double
    /// Share of samples whose acceptance is predicted correctly.
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
        case n, rmseKW = "rmse_kw", maeKW = "mae_kw", r2, acceptAccuracy = "accept_accuracy",
             acceptPrecision = "accept_precision", acceptRecall = "accept_recall", acceptF1 = "accept_f1"
    }

    /// Default acceptance tolerance, kW: a proposal is predicted accepted when
    /// every MG's predicted accepted power is within this of its proposed net
    /// position. 0.5 kW is 5 % of one MG's 10 kW PV rating (paper Table II).
    public static let defaultToleranceKW: Double = 0.5

    /// Evaluates `predictor` on `samples` of `data`.
    ///
    /// Acceptance is predicted as `|P_acc_pred − P_net| ≤ toleranceKW` for
    /// every MG, where `P_net` is the input feature named `P_net_n` and
    /// `P_acc` is the first target; it is compared with `/opf/accepted`.
    public static func evaluate(_ predictor: Predictor, on data: TrainingData, samples: [Int],
                                toleranceKW: Double = defaultToleranceKW) throws(LearningError) -> EvaluationMetrics {
        guard !samples.isEmpty else { throw .invalidData("no samples to evaluate") }
        guard let netFeature = data.featureNames.firstIndex(of: "P_net_n") else {
            throw .invalidData("no input feature named 'P_net_n' (features: \(data.featureNames.joined(separator: ", "))); it is needed to predict acceptance")
        }
        let M = data.tokenCount, F = data.featureCount, T = data.targetCount
        var inputs = [Float]()
        inputs.reserveCapacity(samples.count * M * F)
        for sample in samples { inputs += data.inputs[(sample * M * F)..<((sample + 1) * M * F)] }
        let predictions = predictor.predictBatch(inputs)
        var squares = 0.0, absolutes = 0.0, sum = 0.0, sumSquares = 0.0
        var truePositive = 0, falsePositive = 0, falseNegative = 0, correct = 0
        for (position, sample) in samples.enumerated() {
            var predictedAccepted = true
            for m in 0..<M {
                for t in 0..<T {
                    let truth = Double(data.targets[(sample * M + m) * T + t])
                    let predicted = Double(predictions[(position * M + m) * T + t])
                    squares += (predicted - truth) * (predicted - truth)
                    absolutes += abs(predicted - truth)
                    sum += truth
                    sumSquares += truth * truth
                }
                let net = Double(data.inputs[(sample * M + m) * F + netFeature])
                if abs(Double(predictions[(position * M + m) * T]) - net) > toleranceKW { predictedAccepted = false }
            }
            let accepted = data.accepted[sample]
            if predictedAccepted == accepted { correct += 1 }
            if predictedAccepted && accepted { truePositive += 1 }
            if predictedAccepted && !accepted { falsePositive += 1 }
            if !predictedAccepted && accepted { falseNegative += 1 }
        }
        let count = Double(samples.count * M * T)
        let totalVariance = sumSquares - sum * sum / count
        let f1Denominator = 2 * truePositive + falsePositive + falseNegative
        return EvaluationMetrics(n: samples.count, rmseKW: (squares / count).squareRoot(), maeKW: absolutes / count,
                                 r2: totalVariance > 0 ? 1 - squares / totalVariance : .nan,
                                 acceptAccuracy: Double(correct) / Double(samples.count),
                                 acceptPrecision: truePositive + falsePositive > 0
                                     ? Double(truePositive) / Double(truePositive + falsePositive) : 0,
                                 acceptRecall: truePositive + falseNegative > 0
                                     ? Double(truePositive) / Double(truePositive + falseNegative) : 0,
                                 acceptF1: f1Denominator > 0 ? Double(2 * truePositive) / Double(f1Denominator) : 0)
    }
}
