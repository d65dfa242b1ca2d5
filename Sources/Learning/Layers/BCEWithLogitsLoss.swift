import Foundation
import PortableMath

/// Masked binary cross-entropy on logits, forward and backward in one pass
/// (PyTorch's `BCEWithLogitsLoss`).
///
/// `logit` holds `[N, stride]` values of which the loss reads column 0
/// (`logit[row · stride]`); `target[N]` is the 0/1 label, `weight[N]` selects
/// rows as in `mseLossForwardBackward`, and the sum is divided by
/// `normalizer`, the counted rows of the whole batch.
///
/// Per row, `ℓ(z, y) = max(z, 0) − z·y + log(1 + e^(−|z|))`, which equals
/// `−y log σ(z) − (1 − y) log(1 − σ(z))` but never evaluates `exp` of a
/// large positive number or `log` of 0, so it is exact for |z| in the
/// hundreds where the naive form overflows or returns ∞. The gradient is
/// `dℓ/dz = σ(z) − y` (`logisticResidual`, also free of overflow and of
/// the cancellation in 1 − 1 when a confident prediction is right).
/// Forward values are computed in Double from the Float32 logit.
///
/// Writes `dlogit[row · stride] = gradientScale · w (σ(z) − y) / normalizer`
/// and returns the micro-batch's share of the *unscaled* loss: the scale is
/// the loss weight of this head in the total, which the caller applies to
/// the gradient while still logging the head's own cross-entropy.
func bceWithLogitsLossForwardBackward(dlogit: FloatPointer?, logit: FloatPointer, stride: Int, target: FloatPointer,
                                      weight: FloatPointer?, rows N: Int, normalizer: Double,
                                      gradientScale: Double = 1) -> Double {
    var sum = 0.0
    let scale = gradientScale / normalizer
    for row in 0..<N {
        let w = Double(weight?[row] ?? 1)
        let z = Double(logit[row * stride]), y = Double(target[row])
        sum += w * binaryCrossEntropy(logit: z, label: y)
        dlogit?[row * stride] = Float(scale * w * logisticResidual(z, label: y))
    }
    return sum / normalizer
}

/// `−y log σ(z) − (1 − y) log(1 − σ(z))` in its overflow-free form (see `bceWithLogitsLossForwardBackward`).
@inline(__always)
func binaryCrossEntropy(logit z: Double, label y: Double) -> Double {
    max(z, 0) - z * y + Portable.log1p(Portable.exp(-abs(z)))
}

/// The logistic function σ(z) = 1 / (1 + e^(−z)), evaluated so that `exp` never overflows.
@inline(__always)
func logistic(_ z: Double) -> Double {
    if z >= 0 { return 1 / (1 + Portable.exp(-z)) }
    let e = Portable.exp(z)
    return e / (1 + e)
}

/// `σ(z) − y`, computed as `(1 − y) − e^(−z)/(1 + e^(−z))` for z ≥ 0 so that
/// a confident, correct logit (σ(z) ≈ y = 1) keeps its small gradient
/// instead of rounding 1 − 1 to 0.
@inline(__always)
func logisticResidual(_ z: Double, label y: Double) -> Double {
    if z >= 0 {
        let e = Portable.exp(-z)
        return (1 - y) - e / (1 + e)
    }
    let e = Portable.exp(z)
    return e / (1 + e) - y
}
