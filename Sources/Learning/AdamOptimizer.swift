import Foundation

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
    /// Moments and the update are computed in Double per element and stored
    /// in Float32; the same inputs always give the same bits.
    func update(parameters: FloatPointer, gradients: FloatPointer, firstMoment: FloatPointer, secondMoment: FloatPointer,
                layout: ParameterLayout, step: Int, learningRate: Double) {
        let correction1 = 1 - pow(beta1, Double(step))
        let correction2 = 1 - pow(beta2, Double(step))
        for tensor in layout.tensors {
            let decay = tensor.decays ? weightDecay : 0
            for i in tensor.offset..<(tensor.offset + tensor.count) {
                let g = Double(gradients[i])
                let m = beta1 * Double(firstMoment[i]) + (1 - beta1) * g
                let v = beta2 * Double(secondMoment[i]) + (1 - beta2) * g * g
                firstMoment[i] = Float(m)
                secondMoment[i] = Float(v)
                let mHat = m / correction1, vHat = v / correction2
                let p = Double(parameters[i])
                parameters[i] = Float(p - learningRate * (mHat / (vHat.squareRoot() + epsilon) + decay * p))
            }
        }
    }
}
