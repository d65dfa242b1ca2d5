/// A trained model ready for inference: transformer, MLP or ridge, with its
/// standardisation. Takes raw features in dataset units and returns targets
/// in dataset units (kW).
///
/// Single-sample prediction reuses buffers allocated at construction, so a
/// call allocates nothing; a `Predictor` is therefore not safe to share
/// between threads — give each thread its own.
public final class Predictor {
    /// Tokens (MGs) per sample.
    public let tokenCount: Int
    /// Features per token.
    public let featureCount: Int
    /// Targets per token.
    public let targetCount: Int
    private let engine: any PredictionEngine

    /// The network of a training run, with the best epoch's weights.
    public convenience init(state: TrainingState, threadCount: Int = 1) {
        self.init(architecture: state.architecture, parameters: state.bestParameters,
                  standardization: state.standardization, threadCount: threadCount)
    }

    /// A network with the given weights; `threadCount` threads serve batch prediction.
    public init(architecture: ModelArchitecture, parameters: [Float], standardization: Standardization, threadCount: Int = 1) {
        (tokenCount, featureCount, targetCount) = architecture.shape
        switch architecture {
        case .transformer(let c):
            engine = NetworkPredictionEngine(network: TransformerNetwork(config: c), parameters: parameters,
                                             standardization: standardization, threadCount: threadCount)
        case .mlp(let c):
            engine = NetworkPredictionEngine(network: MLPNetwork(config: c), parameters: parameters,
                                             standardization: standardization, threadCount: threadCount)
        }
    }

    /// A fitted ridge regression.
    public init(ridge: RidgeRegression) {
        (tokenCount, featureCount, targetCount) = (ridge.tokenCount, ridge.featureCount, ridge.targetCount)
        engine = RidgePredictionEngine(model: ridge)
    }

    /// Predicts one proposal: `input` holds `[M, F]` raw features, `output`
    /// (resized only if its count is wrong) receives `[M, T]` targets.
    public func predict(_ input: [Float], into output: inout [Float]) {
        precondition(input.count == tokenCount * featureCount, "expected \(tokenCount * featureCount) input values, got \(input.count)")
        if output.count != tokenCount * targetCount { output = [Float](repeating: 0, count: tokenCount * targetCount) }
        input.withUnsafeBufferPointer { i in output.withUnsafeMutableBufferPointer { o in engine.predictOne(input: i, output: o) } }
    }

    /// Predicts `[count, M, T]` for raw `[count, M, F]` inputs.
    public func predictBatch(_ inputs: [Float]) -> [Float] {
        let perSample = tokenCount * featureCount
        precondition(inputs.count % perSample == 0, "input count \(inputs.count) is not a multiple of M·F = \(perSample)")
        let count = inputs.count / perSample
        var output = [Float](repeating: 0, count: count * tokenCount * targetCount)
        inputs.withUnsafeBufferPointer { i in output.withUnsafeMutableBufferPointer { o in engine.predictBatch(input: i, count: count, output: o) } }
        return output
    }
}

/// What a `Predictor` delegates to.
protocol PredictionEngine: AnyObject {
    func predictOne(input: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>)
    func predictBatch(input: UnsafeBufferPointer<Float>, count: Int, output: UnsafeMutableBufferPointer<Float>)
}

/// Inference for a trained network.
final class NetworkPredictionEngine<Network: RegressionNetwork>: PredictionEngine {
    private let network: Network
    private let parameters: FloatBuffer
    private let standardization: Standardization
    private let single: Network.Activations
    private let singleInput: FloatBuffer
    private let runner: MicroBatchRunner<Network>

    init(network: Network, parameters: [Float], standardization: Standardization, threadCount: Int) {
        precondition(parameters.count == network.layout.count, "parameter count does not match the architecture")
        self.network = network
        self.parameters = FloatBuffer(parameters)
        self.standardization = standardization
        single = network.makeActivations(capacity: 1)
        singleInput = FloatBuffer(count: network.tokenCount * network.featureCount)
        runner = MicroBatchRunner(network: network, microBatch: 256, threadCount: threadCount, maximumBatch: 256)
    }

    func predictOne(input: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>) {
        singleInput.pointer.update(from: input.baseAddress!, count: input.count)
        standardization.standardizeFeatures(singleInput.pointer, rows: network.tokenCount)
        network.forward(parameters: parameters.pointer, inputs: singleInput.pointer, keyMask: nil, samples: 1, activations: single)
        output.baseAddress!.update(from: single.output, count: output.count)
        standardization.destandardizeTargets(output.baseAddress!, rows: network.tokenCount)
    }

    func predictBatch(input: UnsafeBufferPointer<Float>, count: Int, output: UnsafeMutableBufferPointer<Float>) {
        guard count > 0 else { return }
        let standardized = FloatBuffer(count: input.count)
        standardized.pointer.update(from: input.baseAddress!, count: input.count)
        standardization.standardizeFeatures(standardized.pointer, rows: count * network.tokenCount)
        runner.predict(parameters: parameters.pointer, inputs: standardized.pointer, count: count, into: output.baseAddress!)
        standardization.destandardizeTargets(output.baseAddress!, rows: count * network.tokenCount)
    }
}

/// Inference for a ridge regression.
final class RidgePredictionEngine: PredictionEngine {
    private let model: RidgeRegression
    init(model: RidgeRegression) { self.model = model }

    func predictOne(input: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>) {
        model.predict(input: input, output: output)
    }

    func predictBatch(input: UnsafeBufferPointer<Float>, count: Int, output: UnsafeMutableBufferPointer<Float>) {
        let inStride = model.tokenCount * model.featureCount, outStride = model.tokenCount * model.targetCount
        for sample in 0..<count {
            model.predict(input: UnsafeBufferPointer(rebasing: input[(sample * inStride)..<((sample + 1) * inStride)]),
                          output: UnsafeMutableBufferPointer(rebasing: output[(sample * outStride)..<((sample + 1) * outStride)]))
        }
    }
}
