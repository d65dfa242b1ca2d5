import Foundation

/// L2-regularised logistic regression on standardised design rows
/// (`standardizedDesign`: M·F features and a bias), fitted by Newton's
/// method (IRLS) in Double — the probability half of the linear baseline.
///
/// Minimises the penalised mean log-loss
///
///     J(w) = (1/n) Σᵢ [log(1 + e^(zᵢ)) − yᵢ zᵢ] + (λ/2) Σ_{j<D−1} w_j² + (β/2) w_{D−1}²,   zᵢ = w·xᵢ,
///
/// with the bias w_{D−1} penalised only by the tiny β = `biasPenalty`, so
/// that a label that never occurs in training (an MG that is never
/// curtailed) still has a finite optimum. Each Newton step solves
/// `(XᵀSX/n + Λ) Δ = ∇J` (S = diag(p(1 − p)), Cholesky, `CholeskyFactor`)
/// and halves the step until J decreases; J is strictly convex, so the
/// iteration converges to the unique minimiser from w = 0 deterministically,
/// and with every sum in a fixed order the weights are the same bits on
/// every machine.
public struct LogisticRegression: Codable, Sendable, Equatable {
    /// The L2 strength λ of the feature weights (on the mean log-loss's scale).
    public var lambda: Double
    /// Weights `[D]` = `[M·F + 1]`; the last is the bias.
    public var weights: [Double]

    /// λ values tried, choosing the lowest validation log-loss.
    public static let lambdaGrid: [Double] = [1e-4, 1e-3, 1e-2, 1e-1, 1]
    /// λ used without a validation split.
    public static let defaultLambda = 1e-2
    /// β, the bias's penalty (see the type's documentation).
    public static let biasPenalty = 1e-8

    /// The given fit.
    public init(lambda: Double, weights: [Double]) {
        self.lambda = lambda
        self.weights = weights
    }

    /// The logit `w·x` of one design row `x[D]`.
    func logit(_ x: UnsafeBufferPointer<Double>) -> Double {
        var z = 0.0
        for j in 0..<weights.count { z += weights[j] * x[j] }
        return z
    }

    /// Mean log-loss of `labels` on design rows `x` `[n, D]` (unpenalised).
    func logLoss(design x: [Double], labels y: [Double]) -> Double {
        let D = weights.count, n = y.count
        var sum = 0.0
        x.withUnsafeBufferPointer { rows in
            for i in 0..<n { sum += binaryCrossEntropy(logit: logit(UnsafeBufferPointer(rebasing: rows[(i * D)..<((i + 1) * D)])), label: y[i]) }
        }
        return sum / Double(n)
    }

    /// Fits on `train` for every λ of `lambdaGrid` and keeps the lowest
    /// log-loss on `validation` (the first on ties); without validation rows
    /// it fits `defaultLambda`. Design rows are `[n, D]`, labels 0/1.
    static func fit(train: (design: [Double], labels: [Double]), validation: (design: [Double], labels: [Double]),
                    width D: Int, what: String) throws(LearningError) -> LogisticRegression {
        var best: LogisticRegression?
        var bestLoss = Double.infinity
        for lambda in validation.labels.isEmpty ? [defaultLambda] : lambdaGrid {
            guard let model = fit(design: train.design, labels: train.labels, width: D, lambda: lambda) else { continue }
            let loss = validation.labels.isEmpty ? 0 : model.logLoss(design: validation.design, labels: validation.labels)
            if loss < bestLoss { bestLoss = loss; best = model }
        }
        guard let best else {
            throw .invalidData("logistic regression for \(what): Newton's method failed for every λ (\(train.labels.count) training samples)")
        }
        return best
    }

    /// Newton's method for one λ; nil when the Hessian is not positive
    /// definite (cannot happen for λ > 0 in exact arithmetic) or the
    /// objective turns non-finite.
    static func fit(design x: [Double], labels y: [Double], width D: Int, lambda: Double) -> LogisticRegression? {
        let n = y.count
        guard n > 0 else { return nil }
        var w = [Double](repeating: 0, count: D)
        var current = objective(design: x, labels: y, width: D, lambda: lambda, weights: w)
        var scaled = [Double](repeating: 0, count: n * D)
        for _ in 0..<100 {
            // Gradient and Hessian of J at w.
            var gradient = [Double](repeating: 0, count: D)
            for i in 0..<n {
                var z = 0.0
                for j in 0..<D { z += w[j] * x[i * D + j] }
                let p = logistic(z), s = (p * (1 - p) / Double(n)).squareRoot()
                for j in 0..<D {
                    gradient[j] += (p - y[i]) * x[i * D + j] / Double(n)
                    scaled[i * D + j] = s * x[i * D + j]
                }
            }
            var hessian = upperGram(scaled, rows: n, width: D)
            for j in 0..<D {
                let penalty = j == D - 1 ? biasPenalty : lambda
                gradient[j] += penalty * w[j]
                hessian[j * D + j] += penalty
            }
            guard let factor = try? CholeskyFactor(factoring: hessian, dimension: D, what: "logistic regression's Hessian") else {
                return nil
            }
            let step = factor.solve(gradient, columns: 1)
            // Newton decrement λ² = ∇Jᵀ Δ: half of it estimates J − min J.
            let decrement = zip(gradient, step).map { $0 * $1 }.reduce(0, +)
            if decrement < 1e-20 { break }
            var t = 1.0, candidate = w, value = Double.infinity
            for _ in 0..<40 {
                for j in 0..<D { candidate[j] = w[j] - t * step[j] }
                value = objective(design: x, labels: y, width: D, lambda: lambda, weights: candidate)
                if value <= current { break }
                t /= 2
            }
            guard value.isFinite else { return nil }
            if value > current { break }
            w = candidate
            current = value
        }
        return LogisticRegression(lambda: lambda, weights: w)
    }

    /// The upper triangle of `XᵀX` for rows `x` `[n, D]` (the lower triangle
    /// left zero), adding rows i = 0, 1, … in order.
    static func upperGram(_ x: [Double], rows n: Int, width D: Int) -> [Double] {
        var gram = [Double](repeating: 0, count: D * D)
        x.withUnsafeBufferPointer { x in
            gram.withUnsafeMutableBufferPointer { gram in
                for i in 0..<n {
                    let row = x.baseAddress! + i * D
                    for j in 0..<D {
                        let xj = row[j]
                        for k in j..<D { gram[j * D + k] += xj * row[k] }
                    }
                }
            }
        }
        return gram
    }

    /// J(w), the penalised mean log-loss of the type's documentation.
    static func objective(design x: [Double], labels y: [Double], width D: Int, lambda: Double, weights w: [Double]) -> Double {
        var sum = 0.0
        for i in 0..<y.count {
            var z = 0.0
            for j in 0..<D { z += w[j] * x[i * D + j] }
            sum += binaryCrossEntropy(logit: z, label: y[i])
        }
        var penalty = 0.0
        for j in 0..<(D - 1) { penalty += w[j] * w[j] }
        return sum / Double(y.count) + lambda / 2 * penalty + biasPenalty / 2 * w[D - 1] * w[D - 1]
    }
}
