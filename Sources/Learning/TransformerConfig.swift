/// Shape of the transformer predictor (DESIGN.md §6).
///
/// Tokens are MGs; each token's F features are embedded linearly (plus an
/// optional learned MG-slot embedding), passed through L pre-LayerNorm
/// encoder layers and a final LayerNorm; then two heads per token — one
/// linear map to (`P̂_acc_n`, curtailment logit) — and a proposal head, a
/// linear map of the mean of the final token states to the acceptance logit.
///
/// Why pool the states rather than multiply the per-token probabilities into
/// P(no MG curtailed): the token labels are strongly dependent — a curtailed
/// trade curtails both its seller and its buyer, and one binding limit
/// curtails every trade across it — so the product would count one
/// curtailment two or more times and be far too pessimistic. After
/// attention every token state already summarises the other MGs, and the
/// mean is permutation-invariant and cheap; a learned linear head on it
/// lets the model weigh the evidence once.
public struct TransformerConfig: Codable, Sendable, Equatable {
    /// Input features per MG token, F (paper Table III: 5).
    public var featureCount: Int
    /// MG tokens per sample, M.
    public var tokenCount: Int
    /// Model width d.
    public var width: Int
    /// Attention heads; must divide `width`.
    public var headCount: Int
    /// Encoder layers L.
    public var layerCount: Int
    /// Hidden width of the GELU feed-forward block.
    public var feedForwardWidth: Int
    /// Whether a learned embedding per MG slot is added (off for placement-free models).
    public var usesSlotEmbedding: Bool

    /// The defaults of DESIGN.md §6: d 64, 4 heads, L 2, FFN 128, slot embedding on.
    public init(featureCount: Int, tokenCount: Int, width: Int = 64, headCount: Int = 4,
                layerCount: Int = 2, feedForwardWidth: Int = 128, usesSlotEmbedding: Bool = true) {
        self.featureCount = featureCount
        self.tokenCount = tokenCount
        self.width = width
        self.headCount = headCount
        self.layerCount = layerCount
        self.feedForwardWidth = feedForwardWidth
        self.usesSlotEmbedding = usesSlotEmbedding
    }

    /// Checks that the shape is usable, naming the offending field.
    public func validate() throws(LearningError) {
        for (field, value) in [("featureCount", featureCount), ("tokenCount", tokenCount),
                               ("width", width), ("headCount", headCount), ("layerCount", layerCount),
                               ("feedForwardWidth", feedForwardWidth)] where value < 1 {
            throw .invalidConfiguration(field: field, reason: "must be at least 1, got \(value)")
        }
        if width % headCount != 0 {
            throw .invalidConfiguration(field: "headCount", reason: "\(headCount) heads do not divide width \(width)")
        }
    }

    /// The parameter layout. With the defaults, F = 5 and M = 4 it holds
    /// 67,907 parameters: the 67,777 of our single-head PyTorch reference,
    /// with the head widened to two outputs and the proposal head added:
    ///
    ///     embedding Linear(5→64)            384  (320 weight + 64 bias)
    ///     MG-slot embedding 4×64            256
    ///     per encoder layer              33,472
    ///       LayerNorm                       128
    ///       qkv Linear(64→192)           12,480
    ///       attention out Linear(64→64)   4,160
    ///       LayerNorm                       128
    ///       FFN Linear(64→128)            8,320
    ///       FFN Linear(128→64)            8,256
    ///     2 encoder layers               66,944
    ///     final LayerNorm                   128
    ///     token heads Linear(64→2)          130
    ///     proposal head Linear(64→1)         65
    ///     total                          67,907
    public var layout: ParameterLayout {
        let d = width, f = feedForwardWidth
        var layout = ParameterLayout()
        layout.beginGroup("embedding")
        layout.add("embedding.weight", [d, featureCount], decays: true)
        layout.add("embedding.bias", [d])
        if usesSlotEmbedding { layout.add("slot_embedding", [tokenCount, d]) }
        for l in 0..<layerCount {
            layout.beginGroup("layer\(l)")
            layout.add("layers.\(l).ln1.weight", [d])
            layout.add("layers.\(l).ln1.bias", [d])
            layout.add("layers.\(l).qkv.weight", [3 * d, d], decays: true)
            layout.add("layers.\(l).qkv.bias", [3 * d])
            layout.add("layers.\(l).attn_out.weight", [d, d], decays: true)
            layout.add("layers.\(l).attn_out.bias", [d])
            layout.add("layers.\(l).ln2.weight", [d])
            layout.add("layers.\(l).ln2.bias", [d])
            layout.add("layers.\(l).ffn_in.weight", [f, d], decays: true)
            layout.add("layers.\(l).ffn_in.bias", [f])
            layout.add("layers.\(l).ffn_out.weight", [d, f], decays: true)
            layout.add("layers.\(l).ffn_out.bias", [d])
        }
        layout.beginGroup("head")
        layout.add("final_ln.weight", [d])
        layout.add("final_ln.bias", [d])
        layout.add("head.weight", [TokenOutput.count, d], decays: true)
        layout.add("head.bias", [TokenOutput.count])
        layout.add("proposal_head.weight", [1, d], decays: true)
        layout.add("proposal_head.bias", [1])
        return layout
    }
}
