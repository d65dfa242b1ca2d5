extension Portable {
    /// `e^x`, correctly rounded but for a few thousandths of an ulp (measured
    /// maximum 0.507 ulp, subnormal results 0.502 ulp); Annex F special values:
    /// `exp(±0) = 1`, `exp(−∞) = +0`, `exp(+∞) = +∞`, NaN → NaN, overflow to +∞
    /// above ln(DBL_MAX), gradual underflow down to the smallest subnormal.
    ///
    /// Tang's table method: `x = (128k + j)·ln2/128 + r` with `|r| ≤ ln2/256`
    /// (the step split in a 35-bit head and a tail, so the reduction is exact
    /// to 2^-78), then `e^x = 2^k · 2^(j/128) · e^r` with `2^(j/128)` from a
    /// table of hi + lo pairs and `e^r − 1` a degree-7 Taylor polynomial.
    public static func exp(_ x: Double) -> Double {
        if x.isNaN { return x + x }
        if x > 709.79 { return .infinity }        // e^x > DBL_MAX
        if x < -745.14 { return 0 }               // e^x < 2^-1075, rounds to +0
        if x.magnitude < 0x1p-54 { return 1 + x }
        return exponentialKernel(DoubleDouble(x, 0)).scaled
    }

    /// `e^z` as `(head + tail) · 2^exponent`, unrounded, for `z = hi + lo` with
    /// `|hi| ≤ 746` and `|lo| ≤ ulp(hi)`; `head + tail` is within 2^-60 relative
    /// of `e^z · 2^-exponent` and lies in [2^(−1/256), 2^(255/256)].
    static func exponentialKernel(_ z: DoubleDouble) -> ScaledExponential {
        let shifter = 0x1.8p52
        let n = (z.hi * Tables.expInverseStep + shifter) - shifter   // nearest integer to z·128/ln2
        let reduced = z.hi - n * Tables.expStepHead                  // exact (Sterbenz; n·head is exact)
        let r = (reduced - n * Tables.expStepTail) + z.lo            // |r| ≤ ln2/256 + 2^-60
        let c = Tables.expTaylor
        let q = c[0] + r * (c[1] + r * (c[2] + r * (c[3] + r * (c[4] + r * c[5]))))
        let expm1 = r + (r * r) * q                                  // e^r − 1
        let index = Int(n)
        let j = index & 127
        let head = Tables.exp2Hi[j]
        return ScaledExponential(head: head, tail: Tables.exp2Lo[j] + head * expm1, exponent: index >> 7)
    }

    /// `e^x` for Float, correctly rounded except within about 2^-8 ulp of a
    /// rounding boundary (measured maximum 0.503 ulp); `exp(−∞) = 0`, `exp(+∞) = +∞`,
    /// NaN → NaN, overflow above 88.72, gradual underflow to the Float subnormals.
    ///
    /// Computed in Double without a table or a branch, so loops over it
    /// vectorise (the attention softmax calls it on every score): clamp to
    /// [−104, 89] (beyond, the Float result is 0 or +∞ anyway; the clamps let
    /// NaN through), `x = k ln2 + r` with `|r| ≤ ln2/2`, `e^r` a degree-8
    /// Taylor polynomial (truncation < 2^-32 relative), and `2^k` built from its
    /// bits (the `1.5·2^52` shifter leaves `k` in the low mantissa bits); the
    /// one rounding to Float is the conversion at the end.
    @inlinable @inline(__always)
    public static func exp(_ x: Float) -> Float {
        let shifter = 0x1.8p52
        let clamped = min(max(Double(x), -104), 89)
        let shifted = clamped * 0x1.71547652b82fep0 + shifter             // k + 1.5·2^52, k = round(x/ln2)
        let k = shifted - shifter
        let r = clamped - k * 0x1.62e42fefa39efp-1                        // error ≤ 2^-46 for |k| ≤ 150
        var p = 0x1.a01a01a01a01ap-16                                     // 1/8!
        p = p * r + 0x1.a01a01a01a01ap-13
        p = p * r + 0x1.6c16c16c16c17p-10
        p = p * r + 0x1.1111111111111p-7
        p = p * r + 0x1.5555555555555p-5
        p = p * r + 0x1.5555555555555p-3
        p = p * r + 0x1p-1
        p = p * r + 1
        p = p * r + 1
        let twoToK = Double(bitPattern: (shifted.bitPattern &- shifter.bitPattern &+ 1023) << 52)
        return Float(p * twoToK)
    }
}

/// `(head + tail) · 2^exponent` with `head + tail` in [0.99, 2): the exponential
/// kernel's result before its one rounding.
struct ScaledExponential {
    var head: Double
    var tail: Double
    var exponent: Int

    /// The nearest Double, rounded once also where it is subnormal: there the
    /// sum is formed as `1 + m` (scaled so that ulp(1) is the subnormal spacing)
    /// and 1 subtracted exactly, instead of rounding `m` to 53 bits first.
    var scaled: Double {
        let mantissa = head + tail
        if exponent > -1022 || (exponent == -1022 && mantissa >= 1) { return multiplyByPowerOfTwo(mantissa, exponent) }
        let scale = Double(sign: .plus, exponentBitPattern: UInt(exponent + 2045), significandBitPattern: 0)  // 2^(exponent+1022)
        let h = head * scale, t = tail * scale                      // exact: m · 2^(exponent+1022) < 1
        let sum = DoubleDouble.fastSum(1, h)
        let rounded = (sum.hi + (sum.lo + t)) - 1                    // a multiple of 2^-52, exact subtraction
        return rounded * 0x1p-1022
    }
}
