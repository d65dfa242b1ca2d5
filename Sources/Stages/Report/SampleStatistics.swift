import SeededRandom

/// The few estimators the report states its spreads with.
enum SampleStatistics {
    /// The p-quantile of ascending `sorted` by linear interpolation between
    /// order statistics (Hyndman & Fan type 7, as `BoxStatistics` and NumPy).
    static func quantile(sorted: [Double], _ p: Double) -> Double {
        precondition(!sorted.isEmpty, "quantile of no samples")
        let h = Double(sorted.count - 1) * p
        let below = Int(h.rounded(.down))
        guard below + 1 < sorted.count else { return sorted[below] }
        return sorted[below] + (h - Double(below)) * (sorted[below + 1] - sorted[below])
    }

    /// 95 % Wilson score interval of a binomial proportion `successes / trials`:
    /// `(p̂ + z²/2n ± z √(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n)`, z = 1.96. Unlike
    /// the normal approximation it stays inside [0, 1] and is not degenerate
    /// at 0 or n successes, which is where acceptance ratios often sit.
    static func wilsonInterval(successes: Int, trials: Int) -> ClosedRange<Double> {
        precondition(trials > 0 && (0...trials).contains(successes), "Wilson interval of \(successes)/\(trials)")
        let z = 1.959963984540054
        let n = Double(trials), p = Double(successes) / n
        let centre = p + z * z / (2 * n)
        let half = z * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()
        let denominator = 1 + z * z / n
        return max(0, (centre - half) / denominator)...min(1, (centre + half) / denominator)
    }

    /// 95 % percentile-bootstrap interval of a ratio of sums `Σ numerator / Σ
    /// denominator` over clusters (days), resampling whole clusters with
    /// replacement so the hour-to-hour dependence within a day is kept.
    /// Resamples whose denominator is zero are skipped; nil when none remain.
    static func bootstrapRatioInterval(numerators: [Double], denominators: [Double], resamples: Int,
                                       seed: UInt64) -> ClosedRange<Double>? {
        precondition(numerators.count == denominators.count && !numerators.isEmpty, "bootstrap of unequal or empty clusters")
        var generator = SeededGenerator(seed: seed)
        var ratios: [Double] = []
        ratios.reserveCapacity(resamples)
        let count = numerators.count
        for _ in 0..<resamples {
            var top = 0.0, bottom = 0.0
            for _ in 0..<count {
                let cluster = Int(generator.next() % UInt64(count))
                top += numerators[cluster]
                bottom += denominators[cluster]
            }
            if bottom > 0 { ratios.append(top / bottom) }
        }
        guard !ratios.isEmpty else { return nil }
        ratios.sort()
        return quantile(sorted: ratios, 0.025)...quantile(sorted: ratios, 0.975)
    }

    /// 95 % percentile-bootstrap interval of the mean paired difference `value − baseline` per hour over
    /// hours grouped by day: whole days resampled (`bootstrapRatioInterval` of the per-day sums of
    /// differences over the per-day hour counts), days in ascending order, hours summed in the given order.
    static func pairedDifferenceInterval(_ hours: [(day: Int, value: Double, baseline: Double)], resamples: Int,
                                         seed: UInt64) -> ClosedRange<Double> {
        let days = Set(hours.map(\.day)).sorted()
        let byDay = Dictionary(grouping: hours, by: \.day)
        let sums = days.map { byDay[$0]!.reduce(0) { $0 + $1.value - $1.baseline } }
        return bootstrapRatioInterval(numerators: sums, denominators: days.map { Double(byDay[$0]!.count) },
                                      resamples: resamples, seed: seed)!
    }
}
