import CBLAS

/// Ridge regression baseline: one linear map from all MGs' standardised
/// features of a sample (M·F values plus a bias) to all its standardised
/// targets (M·T values), in closed form through LAPACK.
///
/// Solves `(XᵀX + λ·I') W = XᵀY` by Cholesky (`LAPACKE_dposv`) in Double,
/// where `I'` leaves the bias unpenalised. λ is picked from a fixed grid by
/// the lowest validation MSE (or the given λ when there is no validation split).
public struct RidgeRegression: Codable, Sendable, Equatable {
    /// Input/target statistics of the training split.
    public var standardization: Standardization
    /// Tokens, features and targets per sample.
    public var tokenCount: Int, featureCount: Int, targetCount: Int
    /// Chosen regularisation strength (on standardised features).
    public var lambda: Double
    /// Weights `[M·F + 1, M·T]` row-major; the last row is the bias.
    public var weights: [Double]

    /// λ values tried when a validation split exists.
    public static let lambdaGrid: [Double] = [1e-4, 1e-3, 1e-2, 1e-1, 1, 10, 100, 1000]

    /// Fits on `split.train`, choosing λ on `split.validation` (or using `lambda` without one).
    public static func fit(_ data: TrainingData, split: DataSplit, lambda: Double = 1) throws(LearningError) -> RidgeRegression {
        let standardization = try Standardization(fitting: data, samples: split.train)
        let inWidth = data.tokenCount * data.featureCount, outWidth = data.tokenCount * data.targetCount
        let d = inWidth + 1
        let (x, y) = standardizedRows(data, standardization, split.train)
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
            var a = gram, b = cross
            for i in 0..<inWidth { a[i * d + i] += candidate }
            let info = LAPACKE_dposv(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "U")), Int32(d), Int32(outWidth), &a, Int32(d), &b, Int32(outWidth))
            if info != 0 { continue }
            let model = RidgeRegression(standardization: standardization, tokenCount: data.tokenCount,
                                        featureCount: data.featureCount, targetCount: data.targetCount, lambda: candidate, weights: b)
            let error = split.validation.isEmpty ? 0 : model.standardizedMSE(data, samples: split.validation)
            if error < bestError { bestError = error; best = model }
        }
        guard let best else {
            throw .invalidData("ridge normal equations are singular for every λ (\(data.featureCount) features, \(split.train.count) training samples)")
        }
        return best
    }

    /// Standardised design rows `[n, M·F + 1]` (bias last) and targets `[n, M·T]`.
    private static func standardizedRows(_ data: TrainingData, _ s: Standardization, _ samples: [Int]) -> ([Double], [Double]) {
        let M = data.tokenCount, F = data.featureCount, T = data.targetCount
        var x = [Double](), y = [Double]()
        x.reserveCapacity(samples.count * (M * F + 1))
        y.reserveCapacity(samples.count * M * T)
        for sample in samples {
            for m in 0..<M { for f in 0..<F {
                x.append(Double((data.inputs[(sample * M + m) * F + f] - s.featureMean[f]) / s.featureStd[f]))
            } }
            x.append(1)
            for m in 0..<M { for t in 0..<T {
                y.append(Double((data.targets[(sample * M + m) * T + t] - s.targetMean[t]) / s.targetStd[t]))
            } }
        }
        return (x, y)
    }

    private func standardizedMSE(_ data: TrainingData, samples: [Int]) -> Double {
        let (x, y) = RidgeRegression.standardizedRows(data, standardization, samples)
        let d = tokenCount * featureCount + 1, outWidth = tokenCount * targetCount
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

    /// Predictions in dataset units `[M, T]` for one sample's raw features `[M, F]`.
    func predict(input: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>) {
        let d = tokenCount * featureCount + 1, outWidth = tokenCount * targetCount
        for k in 0..<outWidth {
            var sum = weights[(d - 1) * outWidth + k]
            for m in 0..<tokenCount { for f in 0..<featureCount {
                let x = (input[m * featureCount + f] - standardization.featureMean[f]) / standardization.featureStd[f]
                sum += Double(x) * weights[(m * featureCount + f) * outWidth + k]
            } }
            let t = k % targetCount
            output[k] = Float(sum) * standardization.targetStd[t] + standardization.targetMean[t]
        }
    }
}
