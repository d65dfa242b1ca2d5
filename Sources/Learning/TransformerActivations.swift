/// Activations of one transformer worker for micro-batches of up to
/// `capacity` samples (N = capacity · M token rows), plus the scratch
/// gradients of the backward pass. Allocated once and reused every step.
final class TransformerActivations: NetworkActivations, @unchecked Sendable {
    /// Per-encoder-layer activations.
    struct Layer {
        let ln1: FloatBuffer, ln1Mean: FloatBuffer, ln1Rstd: FloatBuffer
        let qkv: FloatBuffer, probabilities: FloatBuffer, attention: FloatBuffer
        /// Residual stream after the attention block, `[N, d]`.
        let afterAttention: FloatBuffer
        let ln2: FloatBuffer, ln2Mean: FloatBuffer, ln2Rstd: FloatBuffer
        let ffnHidden: FloatBuffer, ffnActivated: FloatBuffer
    }

    let capacity: Int
    /// Residual stream entering layer l (`[l]`) and leaving the last layer (`[L]`), `[N, d]` each.
    let residual: [FloatBuffer]
    let layers: [Layer]
    let finalLN: FloatBuffer, finalMean: FloatBuffer, finalRstd: FloatBuffer
    /// Token outputs `[N, 2]` (see `TokenOutput`).
    let prediction: FloatBuffer
    /// Mean of the final token states per sample, `[B, d]`, and its acceptance logit `[B]`.
    let pooled: FloatBuffer, acceptanceLogit: FloatBuffer

    // Backward scratch, reused layer by layer.
    let dResidual: FloatBuffer, dAfterAttention: FloatBuffer, dNormed: FloatBuffer
    let dQKV: FloatBuffer, dAttention: FloatBuffer, dFFNHidden: FloatBuffer, dFFNActivated: FloatBuffer
    let dPooled: FloatBuffer

    var tokenOutput: FloatPointer { prediction.pointer }
    var proposalLogit: FloatPointer { acceptanceLogit.pointer }

    init(config: TransformerConfig, capacity: Int) {
        self.capacity = capacity
        let n = capacity * config.tokenCount, d = config.width, f = config.feedForwardWidth
        let m = config.tokenCount, h = config.headCount
        residual = (0...config.layerCount).map { _ in FloatBuffer(count: n * d) }
        layers = (0..<config.layerCount).map { _ in
            Layer(ln1: FloatBuffer(count: n * d), ln1Mean: FloatBuffer(count: n), ln1Rstd: FloatBuffer(count: n),
                  qkv: FloatBuffer(count: n * 3 * d), probabilities: FloatBuffer(count: capacity * h * m * m),
                  attention: FloatBuffer(count: n * d), afterAttention: FloatBuffer(count: n * d),
                  ln2: FloatBuffer(count: n * d), ln2Mean: FloatBuffer(count: n), ln2Rstd: FloatBuffer(count: n),
                  ffnHidden: FloatBuffer(count: n * f), ffnActivated: FloatBuffer(count: n * f))
        }
        finalLN = FloatBuffer(count: n * d)
        finalMean = FloatBuffer(count: n)
        finalRstd = FloatBuffer(count: n)
        prediction = FloatBuffer(count: n * TokenOutput.count)
        pooled = FloatBuffer(count: capacity * d)
        acceptanceLogit = FloatBuffer(count: capacity)
        dPooled = FloatBuffer(count: capacity * d)
        dResidual = FloatBuffer(count: n * d)
        dAfterAttention = FloatBuffer(count: n * d)
        dNormed = FloatBuffer(count: n * d)
        dQKV = FloatBuffer(count: n * 3 * d)
        dAttention = FloatBuffer(count: n * d)
        dFFNHidden = FloatBuffer(count: n * f)
        dFFNActivated = FloatBuffer(count: n * f)
    }
}
