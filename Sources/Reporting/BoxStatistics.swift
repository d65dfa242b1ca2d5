/// The five-number summary and Tukey whiskers of one sample, as drawn in a box plot.
///
/// Quartiles are linear interpolations between order statistics (Hyndman &
/// Fan type 7, the default of R's `quantile` and NumPy's `percentile`): for
/// sorted x₀ … xₙ₋₁ the p-quantile is x_⌊h⌋ + (h − ⌊h⌋)(x_⌊h⌋₊₁ − x_⌊h⌋) with
/// h = (n − 1)p. Whiskers reach the most extreme samples within 1.5 IQR of
/// the box (Tukey); samples beyond are outliers.
public struct BoxStatistics: Sendable, Hashable {
    /// Number of samples.
    public let count: Int
    /// Arithmetic mean.
    public let mean: Double
    /// Smallest sample.
    public let minimum: Double
    /// Smallest sample not below q1 − 1.5 IQR.
    public let lowerWhisker: Double
    /// First quartile (25th percentile).
    public let lowerQuartile: Double
    /// Median.
    public let median: Double
    /// Third quartile (75th percentile).
    public let upperQuartile: Double
    /// Largest sample not above q3 + 1.5 IQR.
    public let upperWhisker: Double
    /// Largest sample.
    public let maximum: Double
    /// Samples outside the whiskers, ascending.
    public let outliers: [Double]

    /// Summarises `samples`; nil when there are none or one is NaN or infinite,
    /// since a box of such a sample would silently misstate it.
    public init?(samples: [Double]) {
        guard !samples.isEmpty, samples.allSatisfy(\.isFinite) else { return nil }
        let sorted = samples.sorted()
        func quantile(_ p: Double) -> Double {
            let h = Double(sorted.count - 1) * p
            let below = Int(h.rounded(.down))
            guard below + 1 < sorted.count else { return sorted[below] }
            return sorted[below] + (h - Double(below)) * (sorted[below + 1] - sorted[below])
        }
        count = sorted.count
        mean = sorted.reduce(0, +) / Double(sorted.count)
        minimum = sorted[0]
        maximum = sorted[sorted.count - 1]
        let q1 = quantile(0.25), q3 = quantile(0.75)
        let lowerFence = q1 - 1.5 * (q3 - q1), upperFence = q3 + 1.5 * (q3 - q1)
        let inside = sorted.filter { $0 >= lowerFence && $0 <= upperFence }
        lowerQuartile = q1
        median = quantile(0.5)
        upperQuartile = q3
        // The quartiles lie within the data, so at least the samples nearest them are inside.
        lowerWhisker = inside[0]
        upperWhisker = inside[inside.count - 1]
        outliers = sorted.filter { $0 < lowerFence || $0 > upperFence }
    }
}
