import Foundation
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
        let data = try TrainingData(sampleCount: n, tokenCount: M, featureCount: F, inputs: inputs, acceptedInjectionKW: targets,
                                    curtailed: targets.map { $0 < 2 })
        let baseline = try LinearBaseline.fit(data, split: DataSplit(train: Array(0..<150), validation: Array(150..<200), test: []))
        #expect(baseline.ridge.lambda <= 1e-2)
        let predictor = Predictor(baseline: baseline)
        var output = ResponsePrediction(tokenCount: 0)
        predictor.predict([1, 0, 0, 0.5, 0, 0, -1, 2], into: &output)
        let expected: [Float] = [2 - 0.5 + 3, 0 - 0 + 3, 0 - 2 + 3, -2 - 0 + 3]
        for (a, b) in zip(output.acceptedInjectionKW, expected) { #expect(abs(a - b) < 1e-2) }
        // curtailed_m ⇔ y_m < 2 is a linear threshold: MG 0 (y 4.5) is not curtailed, MG 2 (y 1) is.
        #expect(output.curtailmentProbability[0] < 0.5 && output.curtailmentProbability[2] > 0.5)
        #expect(output.curtailmentProbability.allSatisfy { (0...1).contains($0) } && (0...1).contains(output.acceptanceProbability))
    }

    @Test func logisticRegressionSatisfiesItsOptimalityConditions() throws {
        // KKT of the unconstrained penalised log-loss: its gradient vanishes at the fit.
        var generator = SeededGenerator(seed: 63)
        let n = 300, D = 5
        var x = [Double](), y = [Double]()
        for _ in 0..<n {
            let row = (0..<(D - 1)).map { _ in generator.nextNormal() } + [1]
            x += row
            let z = 1.5 * row[0] - row[1] + 0.3
            y.append(generator.nextUnit() < 1 / (1 + exp(-z)) ? 1 : 0)
        }
        for lambda in [1e-3, 0.1] {
            let model = try #require(LogisticRegression.fit(design: x, labels: y, width: D, lambda: lambda))
            // Brute-force gradient of J(w) = mean log-loss + λ/2 |w_features|² + β/2 w_bias², written out independently.
            var gradient = [Double](repeating: 0, count: D)
            for i in 0..<n {
                let z = (0..<D).map { model.weights[$0] * x[i * D + $0] }.reduce(0, +)
                let p = 1 / (1 + exp(-z))
                for j in 0..<D { gradient[j] += (p - y[i]) * x[i * D + j] / Double(n) }
            }
            for j in 0..<D { gradient[j] += (j == D - 1 ? LogisticRegression.biasPenalty : lambda) * model.weights[j] }
            #expect(gradient.allSatisfy { abs($0) < 1e-9 }, "λ \(lambda): gradient \(gradient)")
            // And it is a minimum: nudging any weight raises J.
            let best = LogisticRegression.objective(design: x, labels: y, width: D, lambda: lambda, weights: model.weights)
            for j in 0..<D {
                for h in [-1e-3, 1e-3] {
                    var w = model.weights
                    w[j] += h
                    #expect(LogisticRegression.objective(design: x, labels: y, width: D, lambda: lambda, weights: w) > best)
                }
            }
        }
    }

    @Test func logisticRegressionHasAFiniteOptimumForALabelThatNeverOccurs() throws {
        let x: [Double] = (0..<40).flatMap { i -> [Double] in [Double(i % 7) - 3, 1] }
        let model = try #require(LogisticRegression.fit(design: x, labels: [Double](repeating: 0, count: 40), width: 2, lambda: 0.01))
        #expect(model.weights.allSatisfy { $0.isFinite })
        #expect(1 / (1 + exp(-model.weights[1])) < 1e-6)
    }

    @Test func linearBaselineChoosesLambdaOnValidationLogLossAndSeparatesTheThresholdRule() throws {
        let data = try SyntheticData.thresholdCurtailment(samples: 1200, seed: 64)
        let split = DataSplit(train: Array(0..<800), validation: Array(800..<1000), test: Array(1000..<1200))
        let baseline = try LinearBaseline.fit(data, split: split)
        #expect(baseline.curtailment.count == 4)
        #expect(baseline.curtailment.allSatisfy { LogisticRegression.lambdaGrid.contains($0.lambda) })
        let metrics = try EvaluationMetrics.evaluate(Predictor(baseline: baseline), on: data, samples: split.test)
        // curtailed_n is a linear threshold of MG n's own feature; acceptance (no MG over it) is not linear, but monotone in each.
        #expect(metrics.curtailmentAUC > 0.99, "\(metrics)")
        #expect(metrics.auc > 0.85, "\(metrics)")
    }

    func trainedTiny(threads: Int = 1) throws -> (TrainingState, TrainingData) {
        let data = try SyntheticData.crossToken(samples: 300, seed: 61)
        let split = DataSplit(train: Array(0..<250), validation: Array(250..<300), test: [])
        var config = TrainingConfig()
        config.epochs = 2
        let trainer = Trainer(threadCount: 1)
        var state = try trainer.initialState(architecture: .transformer(TrainingTests.tiny), config: config, data: data, split: split)
        try trainer.train(&state, data: data)
        return (state, data)
    }

    @Test func singleAndBatchPredictionAgreeToRoundingAndBatchesDoNotDependOnThreads() throws {
        let (state, data) = try trainedTiny()
        let predictor = Predictor(state: state, threadCount: 2)
        let inputs = Array(data.inputs[0..<(300 * 8)])
        let batch = predictor.predictBatch(inputs)
        // 300 samples = two micro-batches of 256, so two threads really split them.
        let one = Predictor(state: state, threadCount: 1).predictBatch(inputs)
        #expect(one.acceptedInjectionKW.map(\.bitPattern) == batch.acceptedInjectionKW.map(\.bitPattern))
        #expect(one.curtailmentProbability.map(\.bitPattern) == batch.curtailmentProbability.map(\.bitPattern))
        #expect(one.acceptanceProbability.map(\.bitPattern) == batch.acceptanceProbability.map(\.bitPattern))
        var single = ResponsePrediction(tokenCount: 4)
        for sample in [0, 77, 299] {
            predictor.predict(Array(data.inputs[(sample * 8)..<((sample + 1) * 8)]), into: &single)
            // Same weights and arithmetic, but sgemm blocks a 4-row product
            // differently from a 1,024-row one, so the sums round differently in the last bits.
            let expected = batch[sample]
            for (a, b) in zip(single.acceptedInjectionKW, expected.acceptedInjectionKW) { #expect(abs(a - b) <= 1e-5 * max(1, abs(b))) }
            for (a, b) in zip(single.curtailmentProbability, expected.curtailmentProbability) { #expect(abs(a - b) <= 1e-5) }
            #expect(abs(single.acceptanceProbability - expected.acceptanceProbability) <= 1e-5)
        }
    }

    @Test func predictionsApplyTheStoredTemperatures() throws {
        var (state, data) = try trainedTiny()
        let input = Array(data.inputs[0..<8])
        state.calibration = .identity
        var raw = ResponsePrediction(tokenCount: 4)
        Predictor(state: state).predict(input, into: &raw)
        state.calibration = Calibration(tokenTemperature: 2, proposalTemperature: 0.5)
        var calibrated = ResponsePrediction(tokenCount: 4)
        Predictor(state: state).predict(input, into: &calibrated)
        func logit(_ p: Double) -> Double { log(p / (1 - p)) }
        for (a, b) in zip(raw.curtailmentProbability, calibrated.curtailmentProbability) { #expect(abs(logit(a) / 2 - logit(b)) < 1e-6) }
        #expect(abs(logit(raw.acceptanceProbability) / 0.5 - logit(calibrated.acceptanceProbability)) < 1e-6)
        #expect(raw.acceptedInjectionKW == calibrated.acceptedInjectionKW)
    }

    @Test func metricsMatchHandComputedValues() throws {
        // Two MGs, four samples. P_acc truth and prediction per MG; curtailed labels; accepted ⇔ none curtailed.
        let truth: [Float] = [1, -1, 0, 2, 3, -3, 1, 1]
        let curtailed = [false, false, true, false, false, true, false, false]
        let data = try TrainingData(sampleCount: 4, tokenCount: 2, featureCount: 1, inputs: [Float](repeating: 0, count: 8),
                                    acceptedInjectionKW: truth, curtailed: curtailed)
        #expect(data.accepted == [true, false, false, true])
        var predictions = ResponsePredictions(sampleCount: 4, tokenCount: 2)
        predictions.acceptedInjectionKW = [1.5, -1, 0, 2, 3, -2, 1, 1]
        predictions.curtailmentProbability = [0.1, 0.2, 0.9, 0.3, 0.3, 0.6, 0.05, 0.2]
        predictions.acceptanceProbability = [0.82, 0.55, 0.15, 0.85]
        let m = EvaluationMetrics.metrics(predictions, data: data, samples: [0, 1, 2, 3])
        // Errors: 0.5 on one MG, 1 on another, 0 elsewhere (8 MG values).
        #expect(m.n == 4)
        #expect(abs(m.rmseKW - (1.25 / 8).squareRoot()) < 1e-12)
        #expect(abs(m.maeKW - 1.5 / 8) < 1e-12)
        let mean = truth.map(Double.init).reduce(0, +) / 8
        let total = truth.map { (Double($0) - mean) * (Double($0) - mean) }.reduce(0, +)
        #expect(abs(m.r2 - (1 - 1.25 / total)) < 1e-12)
        // Acceptance: positives score 0.82, 0.85; negatives 0.55, 0.15 → every pair ordered, AUC 1.
        #expect(m.auc == 1)
        // Brier: (0.18² + 0.55² + 0.15² + 0.15²) / 4.
        #expect(abs(m.brier - (0.0324 + 0.3025 + 0.0225 + 0.0225) / 4) < 1e-12)
        // Bins: 0.15 → bin 1 (observed 0), 0.55 → bin 5 (0), 0.82 and 0.85 → bin 8 (both 1, mean 0.835).
        #expect(m.reliability.map(\.count) == [0, 1, 0, 0, 0, 1, 0, 0, 2, 0])
        #expect(abs(m.reliability[8].meanPredicted - 0.835) < 1e-12 && m.reliability[8].observedRate == 1)
        #expect(m.reliability[0].meanPredicted.isNaN)
        // ECE = (1·0.15 + 1·0.55 + 2·0.165) / 4.
        #expect(abs(m.ece - (0.15 + 0.55 + 0.33) / 4) < 1e-12)
        // At 0.5: predicted accepted = samples 0, 1, 3 → TP 2, FP 1, FN 0, TN 1.
        #expect(m.acceptAccuracy == 0.75)
        #expect(abs(m.acceptPrecision - 2.0 / 3) < 1e-12 && m.acceptRecall == 1)
        #expect(abs(m.acceptF1 - 4.0 / 5) < 1e-12)
        // Curtailment: positives 0.9, 0.6; negatives 0.1, 0.2, 0.3, 0.3, 0.05, 0.2 → AUC 1.
        #expect(m.curtailmentAUC == 1)
    }
}
