import Foundation

/// GELU with the exact Gaussian CDF, `x Φ(x)` — PyTorch's default `nn.GELU()`,
/// so weights trained by the reference transfer unchanged. Forward over `count` values.
func geluForward(out: FloatPointer, inp: FloatPointer, count: Int) {
    for i in 0..<count {
        let x = inp[i]
        out[i] = 0.5 * x * (1 + erff(x * Float(0.5).squareRoot()))
    }
}

/// Backward of `geluForward`: `dinp += dout · (Φ(x) + x φ(x))`.
func geluBackward(dinp: FloatPointer, inp: FloatPointer, dout: FloatPointer, count: Int) {
    let inverseSqrtTwoPi = Float(1 / (2 * Double.pi).squareRoot())
    for i in 0..<count {
        let x = inp[i]
        let cdf = 0.5 * (1 + erff(x * Float(0.5).squareRoot()))
        let pdf = inverseSqrtTwoPi * expf(-0.5 * x * x)
        dinp[i] += dout[i] * (cdf + x * pdf)
    }
}
