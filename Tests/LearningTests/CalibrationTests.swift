import Foundation
import Testing
@testable import Learning
import SeededRandom

/// Probability metrics against brute force and hand-computed values, and
/// temperature scaling against a known temperature.
@Suite struct CalibrationTests {
    /// AUC by definition: over all (positive, negative) pairs, 1 if the positive scores higher, ½ on a tie.
    func bruteForceAUC(_ scores: [Double], _ labels: [Bool]) -> Double {
        var wins = 0.0, pairs = 0.0
        for i in scores.indices where labels[i] {
            for j in scores.indices where !labels[j] {
                pairs += 1
                wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0
            }
        }
        return wins / pairs
    }

    @Test(arguments: [1, 2, 3])
    func aucEqualsThePairCountOnRandomScoresWithTies(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        // Scores on a coarse grid of 8 values so that many tie, within and across the classes.
        let n = 150
        let labels = (0..<n).map { _ in generator.nextUnit() < 0.4 }
        let scores = labels.map { positive in (Double(Int(generator.nextUnit() * 6)) + (positive ? 2 : 0)) / 8 }
        let auc = ProbabilityMetrics.rocAUC(scores: scores, labels: labels)
        #expect(abs(auc - bruteForceAUC(scores, labels)) < 1e-12)
        #expect(auc > 0.5 && auc < 1)
    }

    @Test func aucOfConstantScoresIsOneHalfAndUndefinedForOneClass() {
        #expect(ProbabilityMetrics.rocAUC(scores: [0.3, 0.3, 0.3], labels: [true, false, false]) == 0.5)
        #expect(ProbabilityMetrics.rocAUC(scores: [0.1, 0.9], labels: [true, true]).isNaN)
        #expect(ProbabilityMetrics.rocAUC(scores: [0.9, 0.1], labels: [false, true]) == 0)
    }

    @Test func brierAndCalibrationErrorMatchHandComputedValues() {
        let p = [0.05, 0.25, 0.28, 0.7, 0.72, 1.0]
        let y = [false, true, false, true, false, true]
        // (0.05² + 0.75² + 0.28² + 0.3² + 0.72² + 0) / 6
        #expect(abs(ProbabilityMetrics.brierScore(probabilities: p, labels: y) - (0.0025 + 0.5625 + 0.0784 + 0.09 + 0.5184) / 6) < 1e-12)
        let bins = ProbabilityMetrics.reliabilityBins(probabilities: p, labels: y)
        #expect(bins.map(\.count) == [1, 0, 2, 0, 0, 0, 0, 2, 0, 1])
        #expect(abs(bins[2].meanPredicted - 0.265) < 1e-12 && bins[2].observedRate == 0.5)
        #expect(abs(bins[7].meanPredicted - 0.71) < 1e-12 && bins[7].observedRate == 0.5)
        #expect(bins[9].meanPredicted == 1 && bins[9].observedRate == 1, "p = 1 falls in the last bin")
        // ECE = (1·0.05 + 2·|0.265 − 0.5| + 2·|0.71 − 0.5| + 1·0) / 6
        #expect(abs(ProbabilityMetrics.expectedCalibrationError(bins) - (0.05 + 0.47 + 0.42) / 6) < 1e-12)
        #expect(ProbabilityMetrics.expectedCalibrationError(ProbabilityMetrics.reliabilityBins(probabilities: [], labels: [])).isNaN)
    }

    /// Labels drawn from σ(s), logits reported as T₀·s: the right temperature is T₀.
    func overconfident(samples: Int, temperature: Double, seed: UInt64) -> (logits: [Double], labels: [Bool]) {
        var generator = SeededGenerator(seed: seed)
        var logits: [Double] = [], labels: [Bool] = []
        for _ in 0..<samples {
            let s = 2 * generator.nextNormal()
            labels.append(generator.nextUnit() < 1 / (1 + exp(-s)))
            logits.append(temperature * s)
        }
        return (logits, labels)
    }

    @Test(arguments: [0.4, 2.5])
    func temperatureScalingRecoversAKnownTemperature(truth: Double) {
        let fit = overconfident(samples: 20_000, temperature: truth, seed: 80)
        let temperature = TemperatureScaling.fit(logits: fit.logits, labels: fit.labels)
        // With 20,000 samples the maximum-likelihood estimate is within a few per cent.
        #expect(abs(temperature / truth - 1) < 0.05, "fitted \(temperature), truth \(truth)")
        #expect(TemperatureScaling.fit(logits: fit.logits, labels: fit.labels) == temperature, "deterministic")
        // On fresh data from the same source the calibrated NLL is lower than the raw one.
        let fresh = overconfident(samples: 5_000, temperature: truth, seed: 81)
        let raw = TemperatureScaling.negativeLogLikelihood(logits: fresh.logits, labels: fresh.labels, temperature: 1)
        let calibrated = TemperatureScaling.negativeLogLikelihood(logits: fresh.logits, labels: fresh.labels, temperature: temperature)
        #expect(calibrated < raw)
    }

    @Test func temperatureScalingNeverRaisesTheNLLItIsFittedOn() {
        // Already calibrated logits: the fit stays at (or improves on) T = 1.
        let fit = overconfident(samples: 2_000, temperature: 1, seed: 82)
        let temperature = TemperatureScaling.fit(logits: fit.logits, labels: fit.labels)
        #expect(TemperatureScaling.negativeLogLikelihood(logits: fit.logits, labels: fit.labels, temperature: temperature)
                <= TemperatureScaling.negativeLogLikelihood(logits: fit.logits, labels: fit.labels, temperature: 1))
        #expect(abs(temperature - 1) < 0.1)
        #expect(TemperatureScaling.fit(logits: [], labels: []) == 1)
    }
}
