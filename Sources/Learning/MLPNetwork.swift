import SeededRandom
/// Shape of the MLP baseline: a per-token network
/// `Linear(F→h) → GELU → Linear(h→h) → GELU`, then the same heads as the
/// transformer: `Linear(h→2)` per token (`P̂_acc_n`, curtailment logit) and
/// `Linear(h→1)` on the mean of the tokens' last hidden states (acceptance logit).
///
/// It is the transformer with attention taken out: each MG's token outputs
/// come from its own features only, so comparing the two isolates what
/// attention (the other MGs' state) contributes. Only the proposal head sees
/// all MGs, through the mean, as it must to judge the whole proposal.
/// Trained by the same loop as the transformer.
public struct MLPConfig: Codable, Sendable, Equatable {
    /// Input features per MG token, F.
    public var featureCount: Int
    /// MG tokens per sample, M.
    public var tokenCount: Int
    /// Hidden width h of both hidden layers.
    public var hiddenWidth: Int

    /// A baseline with two hidden layers of `hiddenWidth` (default 128).
    public init(featureCount: Int, tokenCount: Int, hiddenWidth: Int = 128) {
        self.featureCount = featureCount
        self.tokenCount = tokenCount
        self.hiddenWidth = hiddenWidth
    }

    /// Checks that the shape is usable, naming the offending field.
    public func validate() throws(LearningError) {
        for (field, value) in [("featureCount", featureCount), ("tokenCount", tokenCount),
                               ("hiddenWidth", hiddenWidth)] where value < 1 {
            throw .invalidConfiguration(field: field, reason: "must be at least 1, got \(value)")
        }
    }

    /// Parameter layout; the whole network is one gradient-norm group per layer.
    public var layout: ParameterLayout {
        let h = hiddenWidth
        var layout = ParameterLayout()
        layout.beginGroup("input")
        layout.add("fc1.weight", [h, featureCount], decays: true)
        layout.add("fc1.bias", [h])
        layout.beginGroup("hidden")
        layout.add("fc2.weight", [h, h], decays: true)
        layout.add("fc2.bias", [h])
        layout.beginGroup("head")
        layout.add("head.weight", [TokenOutput.count, h], decays: true)
        layout.add("head.bias", [TokenOutput.count])
        layout.add("proposal_head.weight", [1, h], decays: true)
        layout.add("proposal_head.bias", [1])
        return layout
    }
}

/// Activations of one MLP worker.
final class MLPActivations: NetworkActivations, @unchecked Sendable {
    let capacity: Int
    let hidden1: FloatBuffer, activated1: FloatBuffer, hidden2: FloatBuffer, activated2: FloatBuffer
    /// Token outputs `[N, 2]`; mean hidden state `[B, h]` and acceptance logit `[B]`.
    let prediction: FloatBuffer, pooled: FloatBuffer, acceptanceLogit: FloatBuffer
    let dActivated: FloatBuffer, dHidden: FloatBuffer, dPooled: FloatBuffer
    var tokenOutput: FloatPointer { prediction.pointer }
    var proposalLogit: FloatPointer { acceptanceLogit.pointer }

    init(config: MLPConfig, capacity: Int) {
        self.capacity = capacity
        let n = capacity * config.tokenCount, h = config.hiddenWidth
        hidden1 = FloatBuffer(count: n * h)
        activated1 = FloatBuffer(count: n * h)
        hidden2 = FloatBuffer(count: n * h)
        activated2 = FloatBuffer(count: n * h)
        prediction = FloatBuffer(count: n * TokenOutput.count)
        pooled = FloatBuffer(count: capacity * h)
        acceptanceLogit = FloatBuffer(count: capacity)
        dActivated = FloatBuffer(count: n * h)
        dHidden = FloatBuffer(count: n * h)
        dPooled = FloatBuffer(count: capacity * h)
    }
}

/// Forward and backward passes of the MLP baseline.
struct MLPNetwork: ResponseNetwork {
    let config: MLPConfig
    let layout: ParameterLayout
    private let fc1Weight: Int, fc1Bias: Int, fc2Weight: Int, fc2Bias: Int, headWeight: Int, headBias: Int
    private let proposalHeadWeight: Int, proposalHeadBias: Int

    var tokenCount: Int { config.tokenCount }
    var featureCount: Int { config.featureCount }

    init(config: MLPConfig) {
        self.config = config
        let layout = config.layout
        self.layout = layout
        func offset(_ name: String) -> Int { layout.tensor(named: name)!.offset }
        fc1Weight = offset("fc1.weight"); fc1Bias = offset("fc1.bias")
        fc2Weight = offset("fc2.weight"); fc2Bias = offset("fc2.bias")
        headWeight = offset("head.weight"); headBias = offset("head.bias")
        proposalHeadWeight = offset("proposal_head.weight"); proposalHeadBias = offset("proposal_head.bias")
    }

    func initialize(parameters: inout [Float], generator: inout SeededGenerator) {
        let h = config.hiddenWidth
        layout.initializeLinear(&parameters, weightOffset: fc1Weight, biasOffset: fc1Bias, inputs: config.featureCount, outputs: h, generator: &generator)
        layout.initializeLinear(&parameters, weightOffset: fc2Weight, biasOffset: fc2Bias, inputs: h, outputs: h, generator: &generator)
        layout.initializeLinear(&parameters, weightOffset: headWeight, biasOffset: headBias, inputs: h, outputs: TokenOutput.count, generator: &generator)
        layout.initializeLinear(&parameters, weightOffset: proposalHeadWeight, biasOffset: proposalHeadBias, inputs: h, outputs: 1,
                                generator: &generator)
    }

    func makeActivations(capacity: Int) -> MLPActivations { MLPActivations(config: config, capacity: capacity) }

    func forward(parameters p: FloatPointer, inputs: FloatPointer, keyMask: FloatPointer?,
                 samples B: Int, activations a: MLPActivations) {
        let N = B * config.tokenCount, h = config.hiddenWidth
        linearForward(out: a.hidden1.pointer, inp: inputs, weight: p + fc1Weight, bias: p + fc1Bias, rows: N, inputs: config.featureCount, outputs: h)
        geluForward(out: a.activated1.pointer, inp: a.hidden1.pointer, count: N * h)
        linearForward(out: a.hidden2.pointer, inp: a.activated1.pointer, weight: p + fc2Weight, bias: p + fc2Bias, rows: N, inputs: h, outputs: h)
        geluForward(out: a.activated2.pointer, inp: a.hidden2.pointer, count: N * h)
        linearForward(out: a.prediction.pointer, inp: a.activated2.pointer, weight: p + headWeight, bias: p + headBias,
                      rows: N, inputs: h, outputs: TokenOutput.count)
        meanPoolForward(out: a.pooled.pointer, inp: a.activated2.pointer, keyMask: keyMask, batch: B, tokens: config.tokenCount, channels: h)
        linearForward(out: a.acceptanceLogit.pointer, inp: a.pooled.pointer, weight: p + proposalHeadWeight, bias: p + proposalHeadBias,
                      rows: B, inputs: h, outputs: 1)
    }

    func backward(parameters p: FloatPointer, gradients g: FloatPointer, tokenOutputGradient: FloatPointer,
                  proposalLogitGradient: FloatPointer, inputs: FloatPointer, keyMask: FloatPointer?,
                  samples B: Int, activations a: MLPActivations) {
        let N = B * config.tokenCount, h = config.hiddenWidth
        a.dActivated.zero()
        linearBackward(dinp: a.dActivated.pointer, dweight: g + headWeight, dbias: g + headBias, dout: tokenOutputGradient,
                       inp: a.activated2.pointer, weight: p + headWeight, rows: N, inputs: h, outputs: TokenOutput.count)
        a.dPooled.zero()
        linearBackward(dinp: a.dPooled.pointer, dweight: g + proposalHeadWeight, dbias: g + proposalHeadBias, dout: proposalLogitGradient,
                       inp: a.pooled.pointer, weight: p + proposalHeadWeight, rows: B, inputs: h, outputs: 1)
        meanPoolBackward(dinp: a.dActivated.pointer, dout: a.dPooled.pointer, keyMask: keyMask, batch: B, tokens: config.tokenCount, channels: h)
        a.dHidden.zero()
        geluBackward(dinp: a.dHidden.pointer, inp: a.hidden2.pointer, dout: a.dActivated.pointer, count: N * h)
        a.dActivated.zero()
        linearBackward(dinp: a.dActivated.pointer, dweight: g + fc2Weight, dbias: g + fc2Bias, dout: a.dHidden.pointer,
                       inp: a.activated1.pointer, weight: p + fc2Weight, rows: N, inputs: h, outputs: h)
        a.dHidden.zero()
        geluBackward(dinp: a.dHidden.pointer, inp: a.hidden1.pointer, dout: a.dActivated.pointer, count: N * h)
        linearBackward(dinp: nil, dweight: g + fc1Weight, dbias: g + fc1Bias, dout: a.dHidden.pointer,
                       inp: inputs, weight: p + fc1Weight, rows: N, inputs: config.featureCount, outputs: h)
    }
}
