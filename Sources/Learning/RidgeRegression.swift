/// Ridge regression for `P_acc`, the regression half of the linear baseline
/// (`LinearBaseline`): one linear map from all MGs' standardised features of
/// a sample (M·F values plus a bias) to all its standardised `P_acc_n` (M
/// values), in closed form.
///
/// Solves `(XᵀX + λ·I') W = XᵀY` by Cholesky (`CholeskyFactor`) in Double,
/// where `I'` leaves the bias unpenalised; the normal equations add the
/// training rows in order, so the weights are the same bits on every
/// machine. λ is picked from a fixed grid by the lowest validation MSE (or
/// the given λ when there is no validation split).
public struct RidgeRegression: Codable, Sendable, Equatable {
    /// Feature and `P_acc` statistics of the training split.
    public var standardization: Standardization
    /// Tokens and features per sample.
    public var tokenCount: Int, featureCount: Int
    /// Chosen regularisation strength (on standardised features).
    public var lambda: Double
    /// Weights `[M·F + 1, M]` row-major; the last row is the bias.
    public var weights: [Double]

    /// λ values tried when a validation split exists.
    public static let lambdaGrid: [Double] = [1e-4, 1e-3, 1e-2, 1e-1, 1, 10, 100, 1000]

    /// The given fit.
    public init(standardization: Standardization, tokenCount: Int, featureCount: Int, lambda: Double, weights: [Double]) {
        self.standardization = standardization
        self.tokenCount = tokenCount
        self.featureCount = featureCount
        self.lambda = lambda
        self.weights = weights
    }

    /// Fits on `split.train`, choosing λ on `split.validation` (or using `lambda` without one).
    public static func fit(_ data: TrainingData, split: DataSplit, lambda: Double = 1) throws(LearningError) -> RidgeRegression {
        let standardization = try Standardization(fitting: data, samples: split.train)
        return try fit(data, split: split, standardization: standardization, lambda: lambda)
    }

    /// Fits with given statistics (those the logistic halves of `LinearBaseline` share).
    static func fit(_ data: TrainingData, split: DataSplit, standardization: Standardization,
                    lambda: Double) throws(LearningError) -> RidgeRegression {
        let inWidth = data.tokenCount * data.featureCount, outWidth = data.tokenCount
        let d = inWidth + 1
        let x = standardizedDesign(data, standardization, split.train)
        let y = standardizedTargets(data, standardization, split.train)
        // Normal equations accumulated in Double.
        var gram = [Double](repeating: 0, count: d * d), cross = [Double](repeating: 0, count: d * outWidth)
        for row in 0..<split.train.count {
            let xr = x[(row * d)..<(row * d + d)], yr = y[(row * outWidth)..<(row * outWidth + outWidth)]
            for (i, xi) in zip(0..., xr) {
                for (j, xj) in zip(0..., xr) { gram[i * d + j] += xi * xj }
                for (k, yk) in zip(0..., yr) { cross[i * outWidth + k] += xi * yk }
            }
        }
        var best: RidgeRegression?
        var bestError = Double.infinity
        for candidate in split.validation.isEmpty ? [lambda] : lambdaGrid {
            var a = gram
            for i in 0..<inWidth { a[i * d + i] += candidate }
            guard let factor = try? CholeskyFactor(factoring: a, dimension: d, what: "ridge normal equations") else { continue }
            let model = RidgeRegression(standardization: standardization, tokenCount: data.tokenCount,
                                        featureCount: data.featureCount, lambda: candidate,
                                        weights: factor.solve(cross, columns: outWidth))
            let error = split.validation.isEmpty ? 0 : model.standardizedMSE(data, samples: split.validation)
            if error < bestError { bestError = error; best = model }
        }
        guard let best else {
            throw .invalidData("ridge normal equations are singular for every λ (\(data.featureCount) features, \(split.train.count) training samples)")
        }
        return best
    }

    /// Standardised `P_acc_n` `[n, M]` of `samples`.
    private static func standardizedTargets(_ data: TrainingData, _ s: Standardization, _ samples: [Int]) -> [Double] {
        let M = data.tokenCount
        return samples.flatMap { sample in (0..<M).map { Double(s.standardizeTarget(data.acceptedInjectionKW[sample * M + $0])) } }
    }

    private func standardizedMSE(_ data: TrainingData, samples: [Int]) -> Double {
        let x = standardizedDesign(data, standardization, samples), y = Self.standardizedTargets(data, standardization, samples)
        let d = tokenCount * featureCount + 1, outWidth = tokenCount
        var sum = 0.0
        for row in 0..<samples.count {
            for k in 0..<outWidth {
                var prediction = 0.0
                for i in 0..<d { prediction += x[row * d + i] * weights[i * outWidth + k] }
                let e = prediction - y[row * outWidth + k]
                sum += e * e
            }
        }
        return sum / Double(samples.count * outWidth)
    }

    /// `P̂_acc_n` in kW `[M]` from one sample's standardised design row `[M·F + 1]`.
    func predict(design x: UnsafeBufferPointer<Double>, output: UnsafeMutableBufferPointer<Float>) {
        let d = tokenCount * featureCount + 1, outWidth = tokenCount
        for k in 0..<outWidth {
            var sum = 0.0
            for i in 0..<d { sum += x[i] * weights[i * outWidth + k] }
            output[k] = standardization.destandardizeTarget(Float(sum))
        }
    }
}

/// Standardised design rows `[n, M·F + 1]` of `samples` (the M tokens' F
/// features, flattened, then a bias 1), the input of every linear baseline.
func standardizedDesign(_ data: TrainingData, _ s: Standardization, _ samples: [Int]) -> [Double] {
    let M = data.tokenCount, F = data.featureCount
    var x = [Double]()
    x.reserveCapacity(samples.count * (M * F + 1))
    for sample in samples {
        for m in 0..<M { for f in 0..<F {
            x.append(Double((data.inputs[(sample * M + m) * F + f] - s.featureMean[f]) / s.featureStd[f]))
        } }
        x.append(1)
    }
    return x
}
