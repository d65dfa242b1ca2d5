import SeededRandom
/// A network trained by `Trainer` to predict the DSO's response (DESIGN.md
/// §6): it maps standardised inputs `[B, M, F]` to two outputs per token,
/// `[B, M, 2]` = (standardised `P̂_acc_n`, curtailment logit of MG n), and
/// one proposal-level acceptance logit per sample, `[B]` (logit of
/// P(no MG curtailed)).
///
/// Implementations are plain descriptions (configuration + parameter layout);
/// parameters, gradients and activations live in buffers the caller owns, so
/// one network value can serve many concurrent workers.
protocol ResponseNetwork: Sendable {
    /// Per-worker activation storage for up to `capacity` samples.
    associatedtype Activations: NetworkActivations

    /// Tokens (MGs) per sample, M.
    var tokenCount: Int { get }
    /// Input features per token, F.
    var featureCount: Int { get }
    /// Where every parameter sits in the flat buffer.
    var layout: ParameterLayout { get }

    /// Fills `parameters` with a seeded initialisation.
    func initialize(parameters: inout [Float], generator: inout SeededGenerator)

    /// Allocates activations for micro-batches of up to `capacity` samples.
    func makeActivations(capacity: Int) -> Activations

    /// Forward pass over `B` samples; leaves `[B, M, 2]` token outputs in
    /// `activations.tokenOutput` and `[B]` acceptance logits in `activations.proposalLogit`.
    func forward(parameters: FloatPointer, inputs: FloatPointer, keyMask: FloatPointer?,
                 samples B: Int, activations: Activations)

    /// Backward pass of the last `forward` on `activations`, given the loss
    /// gradients of both outputs (`[B, M, 2]` and `[B]`); accumulates into `gradients`.
    func backward(parameters: FloatPointer, gradients: FloatPointer, tokenOutputGradient: FloatPointer,
                  proposalLogitGradient: FloatPointer, inputs: FloatPointer, keyMask: FloatPointer?,
                  samples B: Int, activations: Activations)
}

/// Columns of a network's per-token output `[B, M, 2]`.
enum TokenOutput {
    /// Outputs per token.
    static let count = 2
    /// Standardised accepted injection `P̂_acc_n`.
    static let acceptedInjection = 0
    /// Logit of P(curtailed_n).
    static let curtailmentLogit = 1
}

/// Activation storage of one worker.
protocol NetworkActivations: AnyObject {
    /// Largest micro-batch (samples) the storage holds.
    var capacity: Int { get }
    /// Token outputs of the last forward pass, `[B, M, 2]` (see `TokenOutput`).
    var tokenOutput: FloatPointer { get }
    /// Proposal acceptance logits of the last forward pass, `[B]`.
    var proposalLogit: FloatPointer { get }
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
