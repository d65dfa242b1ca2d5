import SeededRandom
/// A per-token regression network trained by `Trainer`: maps standardised
/// inputs `[B, M, F]` to standardised predictions `[B, M, T]`.
///
/// Implementations are plain descriptions (configuration + parameter layout);
/// parameters, gradients and activations live in buffers the caller owns, so
/// one network value can serve many concurrent workers.
protocol RegressionNetwork: Sendable {
    /// Per-worker activation storage for up to `capacity` samples.
    associatedtype Activations: NetworkActivations

    /// Tokens (MGs) per sample, M.
    var tokenCount: Int { get }
    /// Input features per token, F.
    var featureCount: Int { get }
    /// Targets per token, T.
    var targetCount: Int { get }
    /// Where every parameter sits in the flat buffer.
    var layout: ParameterLayout { get }

    /// Fills `parameters` with a seeded initialisation.
    func initialize(parameters: inout [Float], generator: inout SeededGenerator)

    /// Allocates activations for micro-batches of up to `capacity` samples.
    func makeActivations(capacity: Int) -> Activations

    /// Forward pass over `B` samples; the predictions `[B, M, T]` are left in `activations.output`.
    func forward(parameters: FloatPointer, inputs: FloatPointer, keyMask: FloatPointer?,
                 samples B: Int, activations: Activations)

    /// Backward pass of the last `forward` on `activations`; accumulates into `gradients`.
    func backward(parameters: FloatPointer, gradients: FloatPointer, outputGradient: FloatPointer,
                  inputs: FloatPointer, keyMask: FloatPointer?, samples B: Int, activations: Activations)
}

/// Activation storage of one worker.
protocol NetworkActivations: AnyObject {
    /// Largest micro-batch (samples) the storage holds.
    var capacity: Int { get }
    /// Predictions of the last forward pass, `[B, M, T]`.
    var output: FloatPointer { get }
}

extension ParameterLayout {
    /// PyTorch's default `nn.Linear` initialisation: weight and bias uniform in
    /// ±1/√fan_in, so a model initialised here matches the reference's scale.
    func initializeLinear(_ parameters: inout [Float], weightOffset: Int, biasOffset: Int,
                          inputs: Int, outputs: Int, generator: inout SeededGenerator) {
        let bound = 1 / Double(inputs).squareRoot()
        for i in 0..<(inputs * outputs) { parameters[weightOffset + i] = Float((2 * generator.nextUnit() - 1) * bound) }
        for i in 0..<outputs { parameters[biasOffset + i] = Float((2 * generator.nextUnit() - 1) * bound) }
    }
}
