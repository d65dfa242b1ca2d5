import SeededRandom
/// The transformer predictor's forward and backward passes over a flat
/// parameter buffer laid out by `TransformerConfig.layout`.
struct TransformerNetwork: ResponseNetwork {
    /// Offsets of one encoder layer's tensors.
    struct LayerOffsets: Sendable {
        let ln1Weight, ln1Bias, qkvWeight, qkvBias, outWeight, outBias: Int
        let ln2Weight, ln2Bias, ffnInWeight, ffnInBias, ffnOutWeight, ffnOutBias: Int
    }

    let config: TransformerConfig
    let layout: ParameterLayout
    let embeddingWeight: Int, embeddingBias: Int, slotEmbedding: Int?
    let layerOffsets: [LayerOffsets]
    let finalLNWeight: Int, finalLNBias: Int, headWeight: Int, headBias: Int
    let proposalHeadWeight: Int, proposalHeadBias: Int

    var tokenCount: Int { config.tokenCount }
    var featureCount: Int { config.featureCount }

    init(config: TransformerConfig) {
        self.config = config
        let layout = config.layout
        self.layout = layout
        func offset(_ name: String) -> Int { layout.tensor(named: name)!.offset }
        embeddingWeight = offset("embedding.weight")
        embeddingBias = offset("embedding.bias")
        slotEmbedding = config.usesSlotEmbedding ? offset("slot_embedding") : nil
        layerOffsets = (0..<config.layerCount).map { l in
            LayerOffsets(ln1Weight: offset("layers.\(l).ln1.weight"), ln1Bias: offset("layers.\(l).ln1.bias"),
                         qkvWeight: offset("layers.\(l).qkv.weight"), qkvBias: offset("layers.\(l).qkv.bias"),
                         outWeight: offset("layers.\(l).attn_out.weight"), outBias: offset("layers.\(l).attn_out.bias"),
                         ln2Weight: offset("layers.\(l).ln2.weight"), ln2Bias: offset("layers.\(l).ln2.bias"),
                         ffnInWeight: offset("layers.\(l).ffn_in.weight"), ffnInBias: offset("layers.\(l).ffn_in.bias"),
                         ffnOutWeight: offset("layers.\(l).ffn_out.weight"), ffnOutBias: offset("layers.\(l).ffn_out.bias"))
        }
        finalLNWeight = offset("final_ln.weight")
        finalLNBias = offset("final_ln.bias")
        headWeight = offset("head.weight")
        headBias = offset("head.bias")
        proposalHeadWeight = offset("proposal_head.weight")
        proposalHeadBias = offset("proposal_head.bias")
    }

    func initialize(parameters: inout [Float], generator: inout SeededGenerator) {
        let d = config.width, f = config.feedForwardWidth
        layout.initializeLinear(&parameters, weightOffset: embeddingWeight, biasOffset: embeddingBias,
                                inputs: config.featureCount, outputs: d, generator: &generator)
        if let slotEmbedding {
            // Small compared with the feature embedding so that, at the start,
            // the slot does not drown the features after LayerNorm.
            for i in 0..<(config.tokenCount * d) { parameters[slotEmbedding + i] = Float(0.02 * generator.nextNormal()) }
        }
        for o in layerOffsets {
            for i in 0..<d { parameters[o.ln1Weight + i] = 1; parameters[o.ln1Bias + i] = 0 }
            for i in 0..<d { parameters[o.ln2Weight + i] = 1; parameters[o.ln2Bias + i] = 0 }
            layout.initializeLinear(&parameters, weightOffset: o.qkvWeight, biasOffset: o.qkvBias, inputs: d, outputs: 3 * d, generator: &generator)
            layout.initializeLinear(&parameters, weightOffset: o.outWeight, biasOffset: o.outBias, inputs: d, outputs: d, generator: &generator)
            layout.initializeLinear(&parameters, weightOffset: o.ffnInWeight, biasOffset: o.ffnInBias, inputs: d, outputs: f, generator: &generator)
            layout.initializeLinear(&parameters, weightOffset: o.ffnOutWeight, biasOffset: o.ffnOutBias, inputs: f, outputs: d, generator: &generator)
        }
        for i in 0..<d { parameters[finalLNWeight + i] = 1; parameters[finalLNBias + i] = 0 }
        layout.initializeLinear(&parameters, weightOffset: headWeight, biasOffset: headBias,
                                inputs: d, outputs: TokenOutput.count, generator: &generator)
        layout.initializeLinear(&parameters, weightOffset: proposalHeadWeight, biasOffset: proposalHeadBias,
                                inputs: d, outputs: 1, generator: &generator)
    }

    func makeActivations(capacity: Int) -> TransformerActivations {
        TransformerActivations(config: config, capacity: capacity)
    }

    func forward(parameters p: FloatPointer, inputs: FloatPointer, keyMask: FloatPointer?,
                 samples B: Int, activations a: TransformerActivations) {
        let M = config.tokenCount, d = config.width, f = config.feedForwardWidth, H = config.headCount
        let N = B * M
        let x0 = a.residual[0].pointer
        linearForward(out: x0, inp: inputs, weight: p + embeddingWeight, bias: p + embeddingBias,
                      rows: N, inputs: config.featureCount, outputs: d)
        if let slotEmbedding {
            for b in 0..<B { residualForward(stream: x0 + b * M * d, branch: p + slotEmbedding, count: M * d) }
        }
        for (l, o) in layerOffsets.enumerated() {
            let layer = a.layers[l]
            let x = a.residual[l].pointer, next = a.residual[l + 1].pointer
            let afterAttention = layer.afterAttention.pointer
            layerNormForward(out: layer.ln1.pointer, mean: layer.ln1Mean.pointer, rstd: layer.ln1Rstd.pointer,
                             inp: x, weight: p + o.ln1Weight, bias: p + o.ln1Bias, rows: N, channels: d)
            linearForward(out: layer.qkv.pointer, inp: layer.ln1.pointer, weight: p + o.qkvWeight, bias: p + o.qkvBias,
                          rows: N, inputs: d, outputs: 3 * d)
            attentionForward(out: layer.attention.pointer, probabilities: layer.probabilities.pointer,
                             qkv: layer.qkv.pointer, keyMask: keyMask, batch: B, tokens: M, channels: d, heads: H)
            linearForward(out: afterAttention, inp: layer.attention.pointer, weight: p + o.outWeight, bias: p + o.outBias,
                          rows: N, inputs: d, outputs: d)
            residualForward(stream: afterAttention, branch: x, count: N * d)
            layerNormForward(out: layer.ln2.pointer, mean: layer.ln2Mean.pointer, rstd: layer.ln2Rstd.pointer,
                             inp: afterAttention, weight: p + o.ln2Weight, bias: p + o.ln2Bias, rows: N, channels: d)
            linearForward(out: layer.ffnHidden.pointer, inp: layer.ln2.pointer, weight: p + o.ffnInWeight, bias: p + o.ffnInBias,
                          rows: N, inputs: d, outputs: f)
            geluForward(out: layer.ffnActivated.pointer, inp: layer.ffnHidden.pointer, count: N * f)
            linearForward(out: next, inp: layer.ffnActivated.pointer, weight: p + o.ffnOutWeight, bias: p + o.ffnOutBias,
                          rows: N, inputs: f, outputs: d)
            residualForward(stream: next, branch: afterAttention, count: N * d)
        }
        layerNormForward(out: a.finalLN.pointer, mean: a.finalMean.pointer, rstd: a.finalRstd.pointer,
                         inp: a.residual[config.layerCount].pointer, weight: p + finalLNWeight, bias: p + finalLNBias,
                         rows: N, channels: d)
        linearForward(out: a.prediction.pointer, inp: a.finalLN.pointer, weight: p + headWeight, bias: p + headBias,
                      rows: N, inputs: d, outputs: TokenOutput.count)
        meanPoolForward(out: a.pooled.pointer, inp: a.finalLN.pointer, keyMask: keyMask, batch: B, tokens: M, channels: d)
        linearForward(out: a.acceptanceLogit.pointer, inp: a.pooled.pointer, weight: p + proposalHeadWeight,
                      bias: p + proposalHeadBias, rows: B, inputs: d, outputs: 1)
    }

    func backward(parameters p: FloatPointer, gradients g: FloatPointer, tokenOutputGradient: FloatPointer,
                  proposalLogitGradient: FloatPointer, inputs: FloatPointer, keyMask: FloatPointer?,
                  samples B: Int, activations a: TransformerActivations) {
        let M = config.tokenCount, d = config.width, f = config.feedForwardWidth, H = config.headCount
        let N = B * M
        let dResidual = a.dResidual.pointer, dNormed = a.dNormed.pointer
        let dAfterAttention = a.dAfterAttention.pointer
        func zero(_ buffer: FloatPointer, _ count: Int) { buffer.update(repeating: 0, count: count) }

        // The final LayerNorm's output feeds both the token heads and, through the pool, the proposal head.
        zero(dNormed, N * d)
        linearBackward(dinp: dNormed, dweight: g + headWeight, dbias: g + headBias, dout: tokenOutputGradient,
                       inp: a.finalLN.pointer, weight: p + headWeight, rows: N, inputs: d, outputs: TokenOutput.count)
        zero(a.dPooled.pointer, B * d)
        linearBackward(dinp: a.dPooled.pointer, dweight: g + proposalHeadWeight, dbias: g + proposalHeadBias,
                       dout: proposalLogitGradient, inp: a.pooled.pointer, weight: p + proposalHeadWeight,
                       rows: B, inputs: d, outputs: 1)
        meanPoolBackward(dinp: dNormed, dout: a.dPooled.pointer, keyMask: keyMask, batch: B, tokens: M, channels: d)
        zero(dResidual, N * d)
        layerNormBackward(dinp: dResidual, dweight: g + finalLNWeight, dbias: g + finalLNBias, dout: dNormed,
                          inp: a.residual[config.layerCount].pointer, weight: p + finalLNWeight,
                          mean: a.finalMean.pointer, rstd: a.finalRstd.pointer, rows: N, channels: d)
        for (l, o) in layerOffsets.enumerated().reversed() {
            let layer = a.layers[l]
            // dResidual holds the gradient of this layer's output: it flows to
            // the feed-forward branch and, unchanged, to the attention-block output.
            dAfterAttention.update(from: dResidual, count: N * d)
            zero(a.dFFNActivated.pointer, N * f)
            linearBackward(dinp: a.dFFNActivated.pointer, dweight: g + o.ffnOutWeight, dbias: g + o.ffnOutBias,
                           dout: dResidual, inp: layer.ffnActivated.pointer, weight: p + o.ffnOutWeight,
                           rows: N, inputs: f, outputs: d)
            zero(a.dFFNHidden.pointer, N * f)
            geluBackward(dinp: a.dFFNHidden.pointer, inp: layer.ffnHidden.pointer, dout: a.dFFNActivated.pointer, count: N * f)
            zero(dNormed, N * d)
            linearBackward(dinp: dNormed, dweight: g + o.ffnInWeight, dbias: g + o.ffnInBias,
                           dout: a.dFFNHidden.pointer, inp: layer.ln2.pointer, weight: p + o.ffnInWeight,
                           rows: N, inputs: d, outputs: f)
            layerNormBackward(dinp: dAfterAttention, dweight: g + o.ln2Weight, dbias: g + o.ln2Bias, dout: dNormed,
                              inp: layer.afterAttention.pointer, weight: p + o.ln2Weight,
                              mean: layer.ln2Mean.pointer, rstd: layer.ln2Rstd.pointer, rows: N, channels: d)
            // Same split at the attention block's residual add.
            dResidual.update(from: dAfterAttention, count: N * d)
            zero(a.dAttention.pointer, N * d)
            linearBackward(dinp: a.dAttention.pointer, dweight: g + o.outWeight, dbias: g + o.outBias,
                           dout: dAfterAttention, inp: layer.attention.pointer, weight: p + o.outWeight,
                           rows: N, inputs: d, outputs: d)
            zero(a.dQKV.pointer, N * 3 * d)
            attentionBackward(dqkv: a.dQKV.pointer, dout: a.dAttention.pointer, qkv: layer.qkv.pointer,
                              probabilities: layer.probabilities.pointer, batch: B, tokens: M, channels: d, heads: H)
            zero(dNormed, N * d)
            linearBackward(dinp: dNormed, dweight: g + o.qkvWeight, dbias: g + o.qkvBias,
                           dout: a.dQKV.pointer, inp: layer.ln1.pointer, weight: p + o.qkvWeight,
                           rows: N, inputs: d, outputs: 3 * d)
            layerNormBackward(dinp: dResidual, dweight: g + o.ln1Weight, dbias: g + o.ln1Bias, dout: dNormed,
                              inp: a.residual[l].pointer, weight: p + o.ln1Weight,
                              mean: layer.ln1Mean.pointer, rstd: layer.ln1Rstd.pointer, rows: N, channels: d)
        }
        if let slotEmbedding {
            for b in 0..<B {
                let dx = dResidual + b * M * d, ds = g + slotEmbedding
                for i in 0..<(M * d) { ds[i] += dx[i] }
            }
        }
        linearBackward(dinp: nil, dweight: g + embeddingWeight, dbias: g + embeddingBias, dout: dResidual,
                       inp: inputs, weight: p + embeddingWeight, rows: N, inputs: config.featureCount, outputs: d)
    }
}
