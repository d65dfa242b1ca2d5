extension Portable {
    /// The arctangent (measured maximum 0.501 ulp); `atan(±0) = ±0`,
    /// `atan(±∞) = ±π/2`, NaN → NaN.
    ///
    /// All four inverse functions share one double-double kernel: for `t > 1`,
    /// `atan t = π/2 − atan(1/t)`; then `atan u = atan c + atan((u − c)/(1 + c u))`
    /// with `c = j/16` the nearest of 17 table points and the quotient, at most
    /// 1/32, in double-double, and a degree-11 Taylor polynomial for the rest.
    public static func atan(_ x: Double) -> Double {
        if x.isNaN { return x + x }
        if x.magnitude < 0x1p-27 { return x }   // atan x = x(1 − x²/3 …), keeps ±0
        let theta = arctangentKernel(DoubleDouble(x.magnitude, 0)).rounded
        return x < 0 ? -theta : theta
    }

    /// The angle of the point `(x, y)`, in [−π, π] (measured maximum 0.500 ulp),
    /// with all of C99 Annex F.9.1.4's special cases for ±0, ±∞ and NaN.
    ///
    /// `atan(|y|/|x|)` with the quotient in double-double after scaling both by
    /// the same power of two (no overflow, no underflow), `π − θ` for `x < 0`,
    /// and the sign of `y`.
    public static func atan2(_ y: Double, _ x: Double) -> Double {
        if x.isNaN || y.isNaN { return x + y }
        let theta: Double
        if y == 0 {
            theta = x.sign == .minus ? Tables.piHi : 0
        } else if x == 0 {
            theta = Tables.halfPiHi
        } else if y.isInfinite || x.isInfinite {
            switch (y.isInfinite, x.isInfinite) {
            case (true, true): theta = x > 0 ? Tables.quarterPi : 0x1.2d97c7f3321d2p1   // 3π/4
            case (true, false): theta = Tables.halfPiHi
            default: theta = x > 0 ? 0 : Tables.piHi
            }
        } else {
            let gap = Int(y.exponent) - Int(x.exponent)
            if gap > 60 {
                theta = Tables.halfPiHi                         // π/2 ∓ |x/y|, |x/y| < 2^-59 ≪ ulp
            } else if gap < -60 {
                let ratio = y.magnitude / x.magnitude           // atan t = t for t < 2^-59
                theta = x > 0 ? ratio : (Tables.piHi - ratio) + Tables.piLo
            } else {
                let scale = -Int(x.exponent)
                let numerator = multiplyByPowerOfTwo(y.magnitude, scale)
                let denominator = multiplyByPowerOfTwo(x.magnitude, scale)
                let angle = arctangentKernel(DoubleDouble(numerator, 0).divided(by: DoubleDouble(denominator, 0)))
                theta = (x > 0 ? angle : DoubleDouble(Tables.piHi, Tables.piLo) - angle).rounded
            }
        }
        return y.sign == .minus ? -theta : theta
    }

    /// The arcsine, in [−π/2, π/2] (measured maximum 0.500 ulp);
    /// `asin(±0) = ±0`, NaN for `|x| > 1` and NaN.
    ///
    /// `atan(x / √(1 − x²))` with `1 − x²`, its square root and the quotient in double-double.
    public static func asin(_ x: Double) -> Double {
        guard x.magnitude <= 1 else { return x.isNaN ? x + x : .nan }
        if x.magnitude < 0x1p-26 { return x }   // asin x = x(1 + x²/6 …), keeps ±0
        let theta: Double
        if x.magnitude == 1 {
            theta = Tables.halfPiHi
        } else {
            let a = x.magnitude
            theta = arctangentKernel(DoubleDouble(a, 0).divided(by: complementSquareRoot(a))).rounded
        }
        return x < 0 ? -theta : theta
    }

    /// The arccosine, in [0, π] (measured maximum 0.501 ulp);
    /// `acos(1) = +0`, NaN for `|x| > 1` and NaN.
    ///
    /// `atan(√(1 − x²) / |x|)`, and `π` minus that for `x < 0`, in double-double.
    public static func acos(_ x: Double) -> Double {
        guard x.magnitude <= 1 else { return x.isNaN ? x + x : .nan }
        if x == 1 { return 0 }
        if x == -1 { return Tables.piHi }
        if x.magnitude < 0x1p-57 { return Tables.halfPiHi }
        let a = x.magnitude
        let angle = arctangentKernel(complementSquareRoot(a).divided(by: DoubleDouble(a, 0)))
        return (x > 0 ? angle : DoubleDouble(Tables.piHi, Tables.piLo) - angle).rounded
    }

    /// `√(1 − a²)` in double-double for `0 < a < 1` (`a²` exact, `1 − a²` an error-free sum).
    static func complementSquareRoot(_ a: Double) -> DoubleDouble {
        let square = DoubleDouble.product(a, a)
        let difference = DoubleDouble.sum(1, -square.hi)
        return DoubleDouble.sum(difference.hi, difference.lo - square.lo).squareRoot()
    }

    /// `atan t` as hi + lo for `t = hi + lo ≥ 0` (any magnitude, +∞ included),
    /// to about 2^-66 relative.
    static func arctangentKernel(_ t: DoubleDouble) -> DoubleDouble {
        if t.hi > 0x1p60 {   // π/2 − 1/t, with 1/t below 2^-60
            return DoubleDouble.fastSum(Tables.halfPiHi, Tables.halfPiLo - 1 / t.hi)
        }
        if t.hi > 1 {
            return DoubleDouble(Tables.halfPiHi, Tables.halfPiLo) - reducedArctangent(DoubleDouble(1, 0).divided(by: t))
        }
        return reducedArctangent(t)
    }

    /// `atan u` for `0 ≤ u ≤ 1` (double-double in and out).
    private static func reducedArctangent(_ u: DoubleDouble) -> DoubleDouble {
        let j = Int(u.hi * 16 + 0.5)
        let v: DoubleDouble
        if j == 0 {
            v = u
        } else {
            let c = Double(j) * 0x1p-4
            let numerator = DoubleDouble.sum(u.hi - c, u.lo)           // u.hi − c is exact (Sterbenz)
            let cu = DoubleDouble.product(c, u.hi)
            let one = DoubleDouble.fastSum(1, cu.hi)
            let denominator = DoubleDouble.fastSum(one.hi, one.lo + (cu.lo + c * u.lo))
            v = numerator.divided(by: denominator)                     // |v| ≤ 1/32
        }
        let w = v.hi * v.hi
        let a = Tables.atanTaylor
        let series = a[0] + w * (a[1] + w * (a[2] + w * (a[3] + w * a[4])))
        let tail = v.lo + (v.hi * w) * series
        let head = DoubleDouble.sum(Tables.atanCentreHi[j], v.hi)
        return DoubleDouble.fastSum(head.hi, head.lo + (Tables.atanCentreLo[j] + tail))
    }
}
