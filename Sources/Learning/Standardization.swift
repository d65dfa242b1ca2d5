/// Per-feature mean and standard deviation, and those of the regression
/// target `P_acc_n`, fitted on the training split only (so validation and
/// test data never leak into the model) and saved with it. The curtailment
/// labels are 0/1 and are not standardised.
public struct Standardization: Codable, Sendable, Equatable {
    /// Mean of each feature over training samples and tokens, `[F]`.
    public var featureMean: [Float]
    /// Standard deviation of each feature (1 for a constant feature), `[F]`.
    public var featureStd: [Float]
    /// Mean of `P_acc_n` over training samples and tokens, kW.
    public var targetMean: Float
    /// Standard deviation of `P_acc_n` (1 for a constant target), kW.
    public var targetStd: Float

    /// Statistics as given (e.g. read from a checkpoint).
    public init(featureMean: [Float], featureStd: [Float], targetMean: Float, targetStd: Float) {
        self.featureMean = featureMean
        self.featureStd = featureStd
        self.targetMean = targetMean
        self.targetStd = targetStd
    }

    /// Fits the statistics on the samples `indices` of `data` (population
    /// standard deviation, accumulated in Double).
    public init(fitting data: TrainingData, samples indices: [Int]) throws(LearningError) {
        guard !indices.isEmpty else { throw .invalidData("the training split is empty: nothing to fit the standardisation on") }
        func statistics(_ values: [Float], width: Int) -> ([Float], [Float]) {
            var sum = [Double](repeating: 0, count: width), squares = [Double](repeating: 0, count: width)
            let rowsPerSample = data.tokenCount
            for sample in indices {
                for token in 0..<rowsPerSample {
                    let base = (sample * rowsPerSample + token) * width
                    for j in 0..<width { let v = Double(values[base + j]); sum[j] += v; squares[j] += v * v }
                }
            }
            let n = Double(indices.count * rowsPerSample)
            let mean = sum.map { $0 / n }
            let std = (0..<width).map { j -> Float in
                let variance = max(squares[j] / n - mean[j] * mean[j], 0)
                return variance > 1e-12 ? Float(variance.squareRoot()) : 1
            }
            return (mean.map(Float.init), std)
        }
        (featureMean, featureStd) = statistics(data.inputs, width: data.featureCount)
        let (targetMeans, targetStds) = statistics(data.acceptedInjectionKW, width: 1)
        (targetMean, targetStd) = (targetMeans[0], targetStds[0])
        for value in featureMean + featureStd + [targetMean, targetStd] where !value.isFinite {
            throw .invalidData("the training split contains non-finite inputs or targets")
        }
    }

    /// Standardises `[rows, F]` features in place.
    func standardizeFeatures(_ values: FloatPointer, rows: Int) {
        let width = featureMean.count
        for row in 0..<rows { for j in 0..<width { values[row * width + j] = (values[row * width + j] - featureMean[j]) / featureStd[j] } }
    }

    /// A `P_acc_n` value in kW, standardised.
    func standardizeTarget(_ kW: Float) -> Float { (kW - targetMean) / targetStd }

    /// A standardised `P_acc_n` prediction back in kW.
    func destandardizeTarget(_ value: Float) -> Float { value * targetStd + targetMean }
}
