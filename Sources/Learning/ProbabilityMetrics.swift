/// One bin of a reliability diagram: the samples whose predicted
/// probability falls in `[b/10, (b+1)/10)` (the last bin includes 1).
public struct ReliabilityBin: Codable, Sendable, Equatable {
    /// Samples in the bin.
    public var count: Int
    /// Mean predicted probability of the bin's samples (NaN for an empty bin).
    public var meanPredicted: Double
    /// Share of the bin's samples that are positive (NaN for an empty bin).
    public var observedRate: Double

    /// The given values.
    public init(count: Int, meanPredicted: Double, observedRate: Double) {
        self.count = count
        self.meanPredicted = meanPredicted
        self.observedRate = observedRate
    }

    enum CodingKeys: String, CodingKey {
        case count, meanPredicted = "mean_predicted", observedRate = "observed_rate"
    }
}

/// Scores of predicted probabilities against binary outcomes (DESIGN.md §7), in Double.
public enum ProbabilityMetrics {
    /// Bins of the reliability diagram and of the expected calibration error.
    public static let binCount = 10

    /// Area under the ROC curve: the probability that a random positive
    /// scores higher than a random negative, ties counting ½ — the
    /// Mann–Whitney U statistic `(R₊ − n₊(n₊+1)/2) / (n₊ n₋)`, with `R₊` the
    /// sum of the positives' ranks and tied scores given their mean rank
    /// (midranks). Exact, O(n log n). NaN when either class is absent.
    public static func rocAUC(scores: [Double], labels: [Bool]) -> Double {
        precondition(scores.count == labels.count, "\(scores.count) scores for \(labels.count) labels")
        let positives = labels.filter { $0 }.count, negatives = labels.count - positives
        guard positives > 0, negatives > 0 else { return .nan }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var positiveRankSum = 0.0
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && scores[order[end + 1]] == scores[order[start]] { end += 1 }
            // Ranks start + 1 … end + 1 share their mean.
            let midrank = Double(start + end + 2) / 2
            for position in start...end where labels[order[position]] { positiveRankSum += midrank }
            start = end + 1
        }
        let p = Double(positives)
        return (positiveRankSum - p * (p + 1) / 2) / (p * Double(negatives))
    }

    /// Brier score: mean of `(p − y)²`. NaN for no samples.
    public static func brierScore(probabilities: [Double], labels: [Bool]) -> Double {
        guard !probabilities.isEmpty else { return .nan }
        var sum = 0.0
        for (p, y) in zip(probabilities, labels) { let e = p - (y ? 1 : 0); sum += e * e }
        return sum / Double(probabilities.count)
    }

    /// The `binCount` equal-width reliability bins; bin b holds the
    /// probabilities with `⌊10 p⌋ = b` (p = 1 in the last bin).
    public static func reliabilityBins(probabilities: [Double], labels: [Bool]) -> [ReliabilityBin] {
        var counts = [Int](repeating: 0, count: binCount)
        var predicted = [Double](repeating: 0, count: binCount), positive = [Double](repeating: 0, count: binCount)
        for (p, y) in zip(probabilities, labels) {
            let bin = min(max(Int((p * Double(binCount)).rounded(.down)), 0), binCount - 1)
            counts[bin] += 1
            predicted[bin] += p
            if y { positive[bin] += 1 }
        }
        return (0..<binCount).map { b in
            counts[b] == 0 ? ReliabilityBin(count: 0, meanPredicted: .nan, observedRate: .nan)
                : ReliabilityBin(count: counts[b], meanPredicted: predicted[b] / Double(counts[b]),
                                 observedRate: positive[b] / Double(counts[b]))
        }
    }

    /// Expected calibration error over `bins`: `Σ_b (n_b / n) |mean predicted_b − observed_b|`. NaN for no samples.
    public static func expectedCalibrationError(_ bins: [ReliabilityBin]) -> Double {
        let total = bins.map(\.count).reduce(0, +)
        guard total > 0 else { return .nan }
        var sum = 0.0
        for bin in bins where bin.count > 0 { sum += Double(bin.count) * abs(bin.meanPredicted - bin.observedRate) }
        return sum / Double(total)
    }
}
