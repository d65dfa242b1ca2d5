import Testing
@testable import Learning
import SeededRandom

/// Baselines, inference and metrics against answers known in closed form.
@Suite struct EvaluationTests {
    @Test func ridgeRecoversAKnownLinearMap() throws {
        // y_m = 2 x_m0 − x_(m+1 mod 4),1 + 3: linear in the flattened features, so ridge with small λ recovers it.
        var generator = SeededGenerator(seed: 60)
        let n = 200, M = 4, F = 2
        var inputs = [Float](), targets = [Float]()
        for _ in 0..<n {
            let x = (0..<(M * F)).map { _ in Float(generator.nextNormal()) }
            inputs += x
            targets += (0..<M).map { 2 * x[$0 * F] - x[(($0 + 1) % M) * F + 1] + 3 }
        }
        let data = try TrainingData(sampleCount: n, tokenCount: M, featureCount: F, targetCount: 1, inputs: inputs, targets: targets)
        let ridge = try RidgeRegression.fit(data, split: DataSplit(train: Array(0..<150), validation: Array(150..<200), test: []))
        #expect(ridge.lambda <= 1e-2)
        let predictor = Predictor(ridge: ridge)
        var output = [Float]()
        predictor.predict([1, 0, 0, 0.5, 0, 0, -1, 2], into: &output)
        let expected: [Float] = [2 - 0.5 + 3, 0 - 0 + 3, 0 - 2 + 3, -2 - 0 + 3]
        for (a, b) in zip(output, expected) { #expect(abs(a - b) < 1e-2) }
    }

    @Test func singleAndBatchPredictionAgreeToRounding() throws {
        let data = try SyntheticData.crossToken(samples: 300, seed: 61)
        let split = DataSplit(train: Array(0..<250), validation: Array(250..<300), test: [])
        var config = TrainingConfig()
        config.epochs = 2
        let trainer = Trainer(threadCount: 1)
        var state = try trainer.initialState(architecture: .transformer(TrainingTests.tiny), config: config, data: data, split: split)
        try trainer.train(&state, data: data)
        let predictor = Predictor(state: state, threadCount: 2)
        let batch = predictor.predictBatch(Array(data.inputs[0..<(300 * 8)]))
        var single = [Float](repeating: 0, count: 4)
        for sample in [0, 77, 299] {
            predictor.predict(Array(data.inputs[(sample * 8)..<((sample + 1) * 8)]), into: &single)
            // Same weights and arithmetic, but sgemm blocks a 4-row product
            // differently from a 1,024-row one, so the sums round differently in the last bits.
            for (a, b) in zip(single, batch[(sample * 4)..<((sample + 1) * 4)]) { #expect(abs(a - b) <= 1e-5 * max(1, abs(b))) }
        }
    }

    /// A predictor that returns fixed outputs, to check the metric arithmetic by hand.
    func metrics(predictions: [Float], data: TrainingData, tolerance: Double) throws -> EvaluationMetrics {
        let ridge = RidgeRegression(
            standardization: Standardization(featureMean: [Float](repeating: 0, count: 5), featureStd: [Float](repeating: 1, count: 5),
                                             targetMean: [0], targetStd: [1]),
            tokenCount: 4, featureCount: 5, targetCount: 1, lambda: 0,
            // Output = P_net feature (index 2 of each token) + per-token offset, via the bias row.
            weights: (0..<21).flatMap { row in (0..<4).map { k -> Double in
                if row == 20 { return Double(predictions[k]) }
                return row == k * 5 + 2 ? 1 : 0
            } })
        return try EvaluationMetrics.evaluate(Predictor(ridge: ridge), on: data, samples: Array(0..<data.sampleCount), toleranceKW: tolerance)
    }

    @Test func metricsMatchHandComputedValues() throws {
        // Two samples, P_net = [1, −1, 2, −2] kW in both; targets equal P_net (sample 0, accepted)
        // or P_net − [1, 0, 0, 0] (sample 1, rejected). Predictions: P_net + [0.2, 0, 0, 0].
        let token: (Float) -> [Float] = { net in [30, 0.9, net, 0.5, 0.5] }
        let nets: [Float] = [1, -1, 2, -2]
        let inputs = (0..<2).flatMap { _ in nets.flatMap(token) }
        let targets: [Float] = nets + [0, -1, 2, -2]
        let data = try TrainingData(sampleCount: 2, tokenCount: 4, featureCount: 5, targetCount: 1, inputs: inputs, targets: targets,
                                    accepted: [true, false], featureNames: SyntheticData.tableIIIFeatures, targetNames: ["P_acc_n"])
        let m = try metrics(predictions: [0.2, 0, 0, 0], data: data, tolerance: 0.5)
        // Errors: sample 0 → [0.2, 0, 0, 0]; sample 1 → [1.2, 0, 0, 0].
        #expect(m.n == 2)
        #expect(abs(m.rmseKW - ((0.04 + 1.44) / 8).squareRoot()) < 1e-6)
        #expect(abs(m.maeKW - 1.4 / 8) < 1e-6)
        let mean = targets.map(Double.init).reduce(0, +) / 8
        let total = targets.map { (Double($0) - mean) * (Double($0) - mean) }.reduce(0, +)
        #expect(abs(m.r2 - (1 - 1.48 / total)) < 1e-6)
        // Both predicted accepted (|0.2| ≤ 0.5): one right, one false positive → accuracy ½, F1 = 2/(2+1).
        #expect(m.acceptAccuracy == 0.5)
        #expect(abs(m.acceptF1 - 2.0 / 3) < 1e-12)
        // Precision: 1 of the 2 predicted accepted is; recall: the 1 accepted sample is found.
        #expect(m.acceptPrecision == 0.5 && m.acceptRecall == 1)
        // With a 0.1 kW tolerance both are predicted rejected: accuracy ½, no true positive → F1 0.
        let strict = try metrics(predictions: [0.2, 0, 0, 0], data: data, tolerance: 0.1)
        #expect(strict.acceptAccuracy == 0.5 && strict.acceptF1 == 0)
        #expect(strict.acceptPrecision == 0 && strict.acceptRecall == 0)
    }

    @Test func evaluationNeedsTheNetPositionFeature() throws {
        let data = try SyntheticData.crossToken(samples: 4, seed: 62)
        let ridge = try RidgeRegression.fit(data, split: DataSplit(train: [0, 1, 2, 3], validation: [], test: []))
        #expect(throws: LearningError.self) { try EvaluationMetrics.evaluate(Predictor(ridge: ridge), on: data, samples: [0]) }
    }
}
