/// Euclidean norms of the gradient, overall and per layer group, in Double.
public struct GradientNorms: Codable, Sendable, Equatable {
    /// Norm of the whole gradient.
    public var global: Double
    /// Norm per group of `ParameterLayout.groupNames`.
    public var perGroup: [Double]

    /// Norms of `gradients` laid out by `layout`, summed in buffer order so
    /// the result does not depend on threads.
    init(gradients: FloatPointer, layout: ParameterLayout) {
        var squares = [Double](repeating: 0, count: layout.groupNames.count)
        for tensor in layout.tensors {
            var sum = 0.0
            for i in tensor.offset..<(tensor.offset + tensor.count) { sum += Double(gradients[i]) * Double(gradients[i]) }
            squares[tensor.group] += sum
        }
        global = squares.reduce(0, +).squareRoot()
        perGroup = squares.map { $0.squareRoot() }
    }

    init(global: Double, perGroup: [Double]) {
        self.global = global
        self.perGroup = perGroup
    }
}

/// Scales `gradients` so their global norm is at most `maxNorm` (PyTorch's
/// `clip_grad_norm_`); returns the factor applied (1 when no clipping).
@discardableResult
func clipGradients(_ gradients: FloatPointer, count: Int, globalNorm: Double, maxNorm: Double) -> Double {
    guard maxNorm > 0, globalNorm > maxNorm else { return 1 }
    let factor = maxNorm / (globalNorm + 1e-6)
    let f = Float(factor)
    for i in 0..<count { gradients[i] *= f }
    return factor
}
