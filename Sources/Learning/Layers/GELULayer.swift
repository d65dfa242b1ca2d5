import Foundation

/// erf for Float32 as a rational function `x·P(x²)/Q(x²)` on [−4, 4]
/// (beyond which erf is ±1 in single precision) — the minimax approximation
/// Eigen and XLA use for float erf, accurate to a few ulp (checked against
/// glibc's `erff` in the tests). Unlike `erff` it has no branches, so the
/// GELU loops vectorise; calling `erff` made GELU a third of inference time.
@inline(__always)
func fastErf(_ value: Float) -> Float {
    let x = min(max(value, -4), 4)
    let x2 = x * x
    var p: Float = -2.72614225801306e-10
    p = p * x2 + 2.77068142495902e-08
    p = p * x2 - 2.10102402082508e-06
    p = p * x2 - 5.69250639462346e-05
    p = p * x2 - 7.34990630326855e-04
    p = p * x2 - 2.95459980854025e-03
    p = p * x2 - 1.60960333262415e-02
    var q: Float = -1.45660718464996e-05
    q = q * x2 - 2.13374055278905e-04
    q = q * x2 - 1.68282697438203e-03
    q = q * x2 - 7.37332916720468e-03
    q = q * x2 - 1.42647390514189e-02
    return x * p / q
}

/// exp for Float32 arguments in [−87, 0] (the Gaussian density's range),
/// branch- and trap-free so the GELU backward loop vectorises: `2^k · e^r`
/// with `r = x − k ln 2 ∈ [−ln2/2, ln2/2]` and a degree-6 Taylor polynomial
/// for `e^r` (truncation error < 3e-8 relative). Adding 1.5·2²³ rounds
/// `x·log₂e` to the integer k and leaves k in the low mantissa bits, from
/// which `2^k` is assembled with wrapping integer arithmetic.
@inline(__always)
func fastExpNonPositive(_ value: Float) -> Float {
    let shifter: Float = 12_582_912
    let x = max(value, -87)
    let shifted = x * 1.44269504088896341 + shifter
    let k = shifted - shifter
    let r = (x - k * 0.693145751953125) - k * 1.428606765330187e-06
    var p: Float = 1.0 / 720
    p = p * r + 1.0 / 120
    p = p * r + 1.0 / 24
    p = p * r + 1.0 / 6
    p = p * r + 0.5
    p = p * r + 1
    p = p * r + 1
    let exponentBits = (shifted.bitPattern &- shifter.bitPattern &+ 127) << 23
    return p * Float(bitPattern: exponentBits)
}

/// GELU with the exact Gaussian CDF, `x Φ(x)` — PyTorch's default `nn.GELU()`,
/// so weights trained by the reference transfer unchanged. Forward over `count` values.
func geluForward(out: FloatPointer, inp: FloatPointer, count: Int) {
    let inverseSqrtTwo = Float(0.5).squareRoot()
    for i in 0..<count {
        let x = inp[i]
        out[i] = 0.5 * x * (1 + fastErf(x * inverseSqrtTwo))
    }
}

/// Backward of `geluForward`: `dinp += dout · (Φ(x) + x φ(x))`.
func geluBackward(dinp: FloatPointer, inp: FloatPointer, dout: FloatPointer, count: Int) {
    let inverseSqrtTwoPi = Float(1 / (2 * Double.pi).squareRoot())
    let inverseSqrtTwo = Float(0.5).squareRoot()
    for i in 0..<count {
        let x = inp[i]
        let cdf = 0.5 * (1 + fastErf(x * inverseSqrtTwo))
        let pdf = inverseSqrtTwoPi * fastExpNonPositive(-0.5 * x * x)
        dinp[i] += dout[i] * (cdf + x * pdf)
    }
}
