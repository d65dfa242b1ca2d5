extension Portable {
    /// The natural logarithm, measured maximum error 0.500 ulp;
    /// `log(±0) = −∞`, `log(1) = +0`, `log(x < 0) = NaN`, `log(+∞) = +∞`, NaN → NaN,
    /// subnormals handled.
    ///
    /// `x = 2^k · c · (1 + u)` with `c` one of 256 reduction points with at most
    /// 9 significant bits (`c = 1` on both sides of 1, so no cancellation near
    /// x = 1) and `|u| < 2^-8`; `ln x = k ln2 + ln c + ln(1 + u)`, with `ln c` from
    /// a table of hi + lo pairs and `ln(1 + u)` a degree-9 Taylor polynomial whose
    /// first two terms are exact double-double. The kernel's result carries
    /// about 2^-68 relative error, which `pow` relies on.
    public static func log(_ x: Double) -> Double {
        guard x > 0, x < .infinity else {
            if x == 0 { return -.infinity }
            if x == .infinity { return x }
            return .nan   // x < 0, −∞ or NaN
        }
        return logarithmKernel(x).rounded
    }

    /// `ln(1 + x)`, accurate for small `x` (measured maximum 0.500 ulp);
    /// `log1p(±0) = ±0`, `log1p(−1) = −∞`, `log1p(x < −1) = NaN`, `log1p(+∞) = +∞`.
    ///
    /// For `|x| < 2^-9` the series of `ln(1 + x)` directly; beyond, `1 + x = s + t`
    /// exactly (TwoSum) and `ln(1 + x) = ln s + t/s` to 2^-106.
    public static func log1p(_ x: Double) -> Double {
        guard x > -1, x < .infinity else {
            if x == -1 { return -.infinity }
            if x == .infinity { return x }
            return .nan
        }
        if x.magnitude < 0x1p-54 { return x }   // ln(1+x) = x(1 − x/2 + …); keeps −0 and subnormals
        if x.magnitude < 0x1p-9 { return logarithmOfOnePlusSmall(DoubleDouble(x, 0)).rounded }
        let onePlusX = DoubleDouble.sum(1, x)
        let logarithm = logarithmKernel(onePlusX.hi)
        return logarithm.hi + (logarithm.lo + onePlusX.lo / onePlusX.hi)
    }

    /// The base-10 logarithm (measured maximum 0.501 ulp); exact at the
    /// exactly representable powers of ten (`log10(1000) == 3`), which number
    /// formatting relies on. Special values as `log`.
    ///
    /// The double-double natural logarithm times a double-double 1/ln 10.
    public static func log10(_ x: Double) -> Double {
        guard x > 0, x < .infinity else {
            if x == 0 { return -.infinity }
            if x == .infinity { return x }
            return .nan
        }
        let inverseLn10 = DoubleDouble(Tables.inverseLn10Hi, Tables.inverseLn10Lo)
        return logarithmKernel(x).times(inverseLn10).rounded
    }

    /// `ln x` as hi + lo for positive finite `x` (subnormals included), with a
    /// relative error below 2^-68 (the dominant terms are error-free sums).
    static func logarithmKernel(_ x: Double) -> DoubleDouble {
        var x = x
        var k = 0
        if x < 0x1p-1022 { x *= 0x1p54; k = -54 }
        k += Int(x.exponentBitPattern) - 1023
        var m = Double(sign: .plus, exponentBitPattern: 1023, significandBitPattern: x.significandBitPattern)
        if m >= 1.5 { m *= 0.5; k += 1 }   // m ∈ [0.75, 1.5)
        // The reduction point c: 1/256 apart on [1, 1.5) (left ends), 1/512 apart
        // on [0.75, 1) (right ends), so that c = 1 for m within 1/512 below or 1/256 above 1.
        let index: Int
        let c: Double
        if m >= 1 {
            let i = Int((m - 1) * 256)
            index = 128 + i
            c = 1 + Double(i) * 0x1p-8
        } else {
            let i = Int((m - 0.75) * 512)
            index = i
            c = 0.75 + Double(i + 1) * 0x1p-9
        }
        let difference = m - c                       // exact (Sterbenz)
        let u: DoubleDouble
        if c == 1 {
            u = DoubleDouble(difference, 0)
        } else {
            let quotient = difference / c
            let back = DoubleDouble.product(quotient, c)
            u = DoubleDouble(quotient, ((difference - back.hi) - back.lo) / c)   // exact remainder / c
        }
        let small = logarithmOfOnePlusSmall(u)
        // k ln2 + ln c + ln(1 + u), the large terms summed without error.
        let kDouble = Double(k)
        let first = DoubleDouble.sum(kDouble * Tables.ln2Head, Tables.logCentreHi[index])
        let second = DoubleDouble.sum(first.hi, small.hi)
        let low = first.lo + second.lo + (kDouble * Tables.ln2Tail + Tables.logCentreLo[index] + small.lo)
        return DoubleDouble.fastSum(second.hi, low)
    }

    /// `ln(1 + u)` as hi + lo for `u = hi + lo`, `|u| < 2^-8`:
    /// `u − u²/2 + u³ P(u) + lo·(1 − u)`, with `u − u²/2` an exact double-double
    /// and `P` the Taylor series to degree 6 (truncation below 2^-80 |u|).
    static func logarithmOfOnePlusSmall(_ u: DoubleDouble) -> DoubleDouble {
        let square = DoubleDouble.product(u.hi, u.hi)
        let leading = DoubleDouble.fastSum(u.hi, -0.5 * square.hi)
        let p = Tables.logTaylor
        let series = p[0] + u.hi * (p[1] + u.hi * (p[2] + u.hi * (p[3] + u.hi * (p[4] + u.hi * (p[5] + u.hi * p[6])))))
        let tail = leading.lo + (-0.5 * square.lo + (u.hi * square.hi * series + u.lo * (1 - u.hi)))
        return DoubleDouble(leading.hi, tail)
    }
}
