import Foundation
import PortableMath

/// Adam (Kingma & Ba 2015) and AdamW (Loshchilov & Hutter 2019) over the flat parameter buffer.
public struct AdamOptimizer: Codable, Sendable, Equatable {
    /// First-moment decay β₁.
    public var beta1: Double = 0.9
    /// Second-moment decay β₂.
    public var beta2: Double = 0.999
    /// Denominator guard ε.
    public var epsilon: Double = 1e-8
    /// Decoupled weight decay λ (AdamW); 0 gives plain Adam. Applied only to
    /// the tensors the layout marks as decaying (weight matrices).
    public var weightDecay: Double = 0

    /// Plain Adam (`weightDecay` 0) or AdamW.
    public init(weightDecay: Double = 0) { self.weightDecay = weightDecay }

    /// One update at step `step` (1-based, for bias correction) with learning rate `learningRate`.
    ///
    /// Moments and update in Float32, as PyTorch's Adam does; the bias
    /// corrections are folded into one step size per call, computed in Double.
    func update(parameters: FloatPointer, gradients: FloatPointer, firstMoment: FloatPointer, secondMoment: FloatPointer,
                layout: ParameterLayout, step: Int, learningRate: Double) {
        let correction1 = 1 - Portable.pow(beta1, Double(step))
        let correction2 = 1 - Portable.pow(beta2, Double(step))
        let stepSize = Float(learningRate / correction1)
        let inverseRootCorrection2 = Float(1 / correction2.squareRoot())
        let b1 = Float(beta1), b2 = Float(beta2), eps = Float(epsilon)
        for tensor in layout.tensors {
            let decay = Float(learningRate * (tensor.decays ? weightDecay : 0))
            for i in tensor.offset..<(tensor.offset + tensor.count) {
                let g = gradients[i]
                let m = b1 * firstMoment[i] + (1 - b1) * g
                let v = b2 * secondMoment[i] + (1 - b2) * g * g
                firstMoment[i] = m
                secondMoment[i] = v
                let p = parameters[i]
                parameters[i] = p - stepSize * m / (v.squareRoot() * inverseRootCorrection2 + eps) - decay * p
            }
        }
    }
}
