import Foundation
import PortableMath

/// Temperature scaling (Guo et al., "On Calibration of Modern Neural
/// Networks", ICML 2017): a calibrated probability is `σ(z / T)` for the
/// network's logit `z`, with one temperature T > 0 fitted on the validation
/// split after training by minimising the negative log-likelihood. It
/// changes no ranking (AUC is unchanged), only how confident the
/// probabilities are — training with early stopping on a BCE term typically
/// leaves them over-confident (T > 1).
public struct Calibration: Codable, Sendable, Equatable {
    /// T of the per-MG curtailment logits (one for all tokens).
    public var tokenTemperature: Double
    /// T of the proposal acceptance logit.
    public var proposalTemperature: Double

    /// The given temperatures.
    public init(tokenTemperature: Double, proposalTemperature: Double) {
        self.tokenTemperature = tokenTemperature
        self.proposalTemperature = proposalTemperature
    }

    /// T = 1 for both: the raw probabilities (before calibration, and for
    /// models fitted by penalised maximum likelihood directly, such as the
    /// logistic baseline).
    public static let identity = Calibration(tokenTemperature: 1, proposalTemperature: 1)
}

/// Fits one temperature to logits and labels.
public enum TemperatureScaling {
    /// Range searched for T. Beyond 100 every probability is ≈ ½; below
    /// 0.01 a logit of 0.1 already gives 1 − e⁻¹⁰ — the optimum sits at a
    /// bound only when the validation labels are (almost) separable.
    public static let temperatureRange: ClosedRange<Double> = 0.01...100

    /// Mean negative log-likelihood of `labels` under `σ(logits / T)`, in nats (Double).
    public static func negativeLogLikelihood(logits: [Double], labels: [Bool], temperature: Double) -> Double {
        guard !logits.isEmpty else { return .nan }
        var sum = 0.0
        for (z, y) in zip(logits, labels) { sum += binaryCrossEntropy(logit: z / temperature, label: y ? 1 : 0) }
        return sum / Double(logits.count)
    }

    /// The T in `temperatureRange` minimising the NLL of `labels` under
    /// `σ(logits / T)`; 1 without data.
    ///
    /// The NLL is convex in β = 1/T (a one-parameter logistic regression
    /// without intercept), hence unimodal in u = log T, so a golden-section
    /// search on u converges to the minimum; 80 steps shrink the bracket
    /// (ln 10⁴ ≈ 9.2 wide) below 10⁻¹⁵. All in Double, a fixed sequence of
    /// evaluations: the result is deterministic. T = 1 is kept whenever it is
    /// at least as good, so calibration never raises the validation NLL.
    public static func fit(logits: [Double], labels: [Bool]) -> Double {
        precondition(logits.count == labels.count, "\(logits.count) logits for \(labels.count) labels")
        guard !logits.isEmpty else { return 1 }
        func nll(_ u: Double) -> Double { negativeLogLikelihood(logits: logits, labels: labels, temperature: Portable.exp(u)) }
        let ratio = (5.0.squareRoot() - 1) / 2
        var (a, b) = (Portable.log(temperatureRange.lowerBound), Portable.log(temperatureRange.upperBound))
        var c = b - ratio * (b - a), d = a + ratio * (b - a)
        var fc = nll(c), fd = nll(d)
        for _ in 0..<80 {
            if fc <= fd {
                (b, d, fd) = (d, c, fc)
                c = b - ratio * (b - a)
                fc = nll(c)
            } else {
                (a, c, fc) = (c, d, fd)
                d = a + ratio * (b - a)
                fd = nll(d)
            }
        }
        let u = fc <= fd ? c : d
        return min(fc, fd) < nll(0) ? Portable.exp(u) : 1
    }
}
