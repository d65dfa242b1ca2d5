/// One named tensor inside the flat parameter buffer.
public struct ParameterTensor: Sendable, Equatable {
    /// Dotted name, e.g. `layers.0.qkv.weight` (PyTorch-style, for checkpoints and logs).
    public let name: String
    /// Shape, row-major (`[out, in]` for linear weights).
    public let shape: [Int]
    /// Offset of the first element in the flat buffer.
    public let offset: Int
    /// Index into `ParameterLayout.groupNames` (embedding, each encoder layer, head).
    public let group: Int
    /// Whether AdamW's decoupled weight decay applies (matrices only, not biases, norms or embeddings).
    public let decays: Bool

    /// Number of elements.
    public var count: Int { shape.reduce(1, *) }
}

/// How all parameters of a model sit in one contiguous buffer (llm.c style):
/// gradients and Adam moments use the same layout, so one offset addresses
/// a tensor in all four buffers.
public struct ParameterLayout: Sendable, Equatable {
    /// Tensors in buffer order.
    public private(set) var tensors: [ParameterTensor] = []
    /// Names of the layer groups whose gradient norms are logged per epoch.
    public private(set) var groupNames: [String] = []
    /// Total number of Float32 parameters.
    public private(set) var count = 0

    init() {}

    /// Starts a new layer group; tensors added afterwards belong to it.
    mutating func beginGroup(_ name: String) { groupNames.append(name) }

    /// Appends a tensor to the current group and returns its offset.
    @discardableResult
    mutating func add(_ name: String, _ shape: [Int], decays: Bool = false) -> Int {
        let tensor = ParameterTensor(name: name, shape: shape, offset: count, group: groupNames.count - 1, decays: decays)
        tensors.append(tensor)
        count += tensor.count
        return tensor.offset
    }

    /// The tensor called `name`, if any.
    public func tensor(named name: String) -> ParameterTensor? { tensors.first { $0.name == name } }
}
