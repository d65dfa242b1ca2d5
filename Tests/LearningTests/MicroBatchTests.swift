import Testing
@testable import Learning
import SeededRandom

/// The micro-batch runner: the batch gradient of the mean-squared error,
/// assembled from per-micro-batch pieces, against finite differences of the
/// batch loss and against a single-chunk run.
@Suite struct MicroBatchTests {
    static let config = TransformerConfig(featureCount: 3, tokenCount: 4, targetCount: 2, width: 8, headCount: 2,
                                          layerCount: 1, feedForwardWidth: 16)

    func setUp() -> (TransformerNetwork, FloatBuffer, FloatBuffer, FloatBuffer) {
        let network = TransformerNetwork(config: Self.config)
        var values = [Float](repeating: 0, count: network.layout.count)
        var generator = SeededGenerator(seed: 70)
        network.initialize(parameters: &values, generator: &generator)
        let inputs = FloatBuffer(GradientCheck.random(count: 7 * 4 * 3, seed: 71))
        let targets = FloatBuffer(GradientCheck.random(count: 7 * 4 * 2, seed: 72))
        return (network, FloatBuffer(values), inputs, targets)
    }

    @Test func batchGradientMatchesFiniteDifferencesOfTheBatchLoss() {
        let (network, parameters, inputs, targets) = setUp()
        let samples = [6, 0, 3, 5, 1]
        let runner = MicroBatchRunner(network: network, microBatch: 2, threadCount: 2, maximumBatch: 5)
        let gradients = FloatBuffer(count: network.layout.count)
        let loss = runner.gradient(parameters: parameters.pointer, samples: samples[...], inputs: inputs.pointer,
                                   targets: targets.pointer, into: gradients)
        func batchLoss() -> Double {
            runner.meanSquaredError(parameters: parameters.pointer, samples: samples, inputs: inputs.pointer, targets: targets.pointer)
        }
        #expect(abs(loss - batchLoss()) < 1e-6)
        let bad = GradientCheck.mismatches(of: parameters, analytic: gradients.array, loss: batchLoss)
        #expect(bad.count == 0, "\(bad.prefix(5))")
    }

    @Test func microBatchSizeChangesOnlyTheRoundingOfTheGradient() {
        let (network, parameters, inputs, targets) = setUp()
        let samples = Array(0..<7)
        let split = FloatBuffer(count: network.layout.count), whole = FloatBuffer(count: network.layout.count)
        _ = MicroBatchRunner(network: network, microBatch: 3, threadCount: 2, maximumBatch: 7)
            .gradient(parameters: parameters.pointer, samples: samples[...], inputs: inputs.pointer, targets: targets.pointer, into: split)
        _ = MicroBatchRunner(network: network, microBatch: 7, threadCount: 1, maximumBatch: 7)
            .gradient(parameters: parameters.pointer, samples: samples[...], inputs: inputs.pointer, targets: targets.pointer, into: whole)
        for i in 0..<split.count { #expect(abs(split[i] - whole[i]) <= 1e-5 * max(1, abs(whole[i]))) }
    }
}
