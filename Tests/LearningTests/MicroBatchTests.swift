import Testing
@testable import Learning
import SeededRandom

/// The micro-batch runner: the batch gradient of the full loss
/// `MSE + w · (token BCE + proposal BCE)`, assembled from per-micro-batch
/// pieces, against finite differences of the batch loss and against a
/// single-chunk run.
@Suite struct MicroBatchTests {
    static let config = TransformerConfig(featureCount: 3, tokenCount: 4, width: 8, headCount: 2,
                                          layerCount: 1, feedForwardWidth: 16)
    static let weight = 0.7

    func setUp() throws -> (TransformerNetwork, FloatBuffer, StandardizedData) {
        let network = TransformerNetwork(config: Self.config)
        var values = [Float](repeating: 0, count: network.layout.count)
        var generator = SeededGenerator(seed: 70)
        network.initialize(parameters: &values, generator: &generator)
        // About 15 % of the MGs curtailed, so about half of the proposals are accepted.
        let curtailed = GradientCheck.random(count: 7 * 4, seed: 73).map { $0 > 0.7 }
        let data = try TrainingData(sampleCount: 7, tokenCount: 4, featureCount: 3, inputs: GradientCheck.random(count: 7 * 4 * 3, seed: 71),
                                    acceptedInjectionKW: GradientCheck.random(count: 7 * 4, seed: 72), curtailed: curtailed)
        // Identity statistics: the data are used as they are.
        let identity = Standardization(featureMean: [0, 0, 0], featureStd: [1, 1, 1], targetMean: 0, targetStd: 1)
        return (network, FloatBuffer(values), StandardizedData(data, standardization: identity))
    }

    @Test func batchGradientMatchesFiniteDifferencesOfTheBatchLoss() throws {
        let (network, parameters, data) = try setUp()
        #expect((0..<7).contains { data.accepted[$0] == 1 } && (0..<7).contains { data.accepted[$0] == 0 })
        let samples = [6, 0, 3, 5, 1]
        let runner = MicroBatchRunner(network: network, microBatch: 2, threadCount: 2, maximumBatch: 5)
        let gradients = FloatBuffer(count: network.layout.count)
        let heads = runner.gradient(parameters: parameters.pointer, samples: samples[...], data: data,
                                    classificationWeight: Self.weight, into: gradients)
        func batchLoss() -> Double {
            runner.losses(parameters: parameters.pointer, samples: samples, data: data).total(classificationWeight: Self.weight)
        }
        #expect(abs(heads.total(classificationWeight: Self.weight) - batchLoss()) < 1e-6)
        #expect(heads.mse > 0 && heads.tokenBCE > 0 && heads.proposalBCE > 0)
        let bad = GradientCheck.mismatches(of: parameters, analytic: gradients.array, loss: batchLoss)
        #expect(bad.count == 0, "\(bad.prefix(5))")
    }

    @Test func microBatchSizeChangesOnlyTheRoundingOfTheGradient() throws {
        let (network, parameters, data) = try setUp()
        let samples = Array(0..<7)
        let split = FloatBuffer(count: network.layout.count), whole = FloatBuffer(count: network.layout.count)
        _ = MicroBatchRunner(network: network, microBatch: 3, threadCount: 2, maximumBatch: 7)
            .gradient(parameters: parameters.pointer, samples: samples[...], data: data, classificationWeight: Self.weight, into: split)
        _ = MicroBatchRunner(network: network, microBatch: 7, threadCount: 1, maximumBatch: 7)
            .gradient(parameters: parameters.pointer, samples: samples[...], data: data, classificationWeight: Self.weight, into: whole)
        for i in 0..<split.count { #expect(abs(split[i] - whole[i]) <= 1e-5 * max(1, abs(whole[i]))) }
    }
}
