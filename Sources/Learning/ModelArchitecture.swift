/// Which trainable network a model is, with its shape.
public enum ModelArchitecture: Codable, Sendable, Equatable {
    /// The transformer predictor (DESIGN.md §6).
    case transformer(TransformerConfig)
    /// The per-token MLP baseline.
    case mlp(MLPConfig)

    /// Short name used on the command line and in checkpoints: `transformer` or `mlp`.
    public var name: String {
        switch self {
        case .transformer: return "transformer"
        case .mlp: return "mlp"
        }
    }

    /// The parameter layout of the network.
    public var layout: ParameterLayout {
        switch self {
        case .transformer(let config): return config.layout
        case .mlp(let config): return config.layout
        }
    }

    /// Tokens and features per sample.
    public var shape: (tokens: Int, features: Int) {
        switch self {
        case .transformer(let c): return (c.tokenCount, c.featureCount)
        case .mlp(let c): return (c.tokenCount, c.featureCount)
        }
    }

    /// Checks the shape, naming the offending field.
    public func validate() throws(LearningError) {
        switch self {
        case .transformer(let config): try config.validate()
        case .mlp(let config): try config.validate()
        }
    }
}
