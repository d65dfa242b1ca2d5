/// An unevaluated sum `hi + lo` with `|lo| ≤ ulp(hi)/2` (normally), carrying
/// about 106 bits: how the kernels hold intermediate results that need more
/// than a Double's 53 bits. The operations are the classical error-free
/// transformations (Knuth's TwoSum, Dekker's FastTwoSum and, without FMA,
/// Dekker's TwoProduct with Veltkamp's split), so they are exact by IEEE 754
/// alone.
struct DoubleDouble {
    var hi: Double
    var lo: Double

    init(_ hi: Double, _ lo: Double) {
        self.hi = hi
        self.lo = lo
    }

    /// The nearest Double to `hi + lo`.
    var rounded: Double { hi + lo }

    /// `a + b` exactly, for any finite `a`, `b` (Knuth's TwoSum).
    static func sum(_ a: Double, _ b: Double) -> DoubleDouble {
        let s = a + b
        let bVirtual = s - a
        let aVirtual = s - bVirtual
        return DoubleDouble(s, (a - aVirtual) + (b - bVirtual))
    }

    /// `a + b` exactly when `|a| ≥ |b|` or `a == 0` (Dekker's FastTwoSum).
    static func fastSum(_ a: Double, _ b: Double) -> DoubleDouble {
        let s = a + b
        return DoubleDouble(s, b - (s - a))
    }

    /// `a · b` exactly, when neither the product nor the split overflows
    /// (|a|, |b| < 2^995) and the low part does not underflow (Dekker's TwoProduct).
    static func product(_ a: Double, _ b: Double) -> DoubleDouble {
        let p = a * b
        let (aHi, aLo) = split(a)
        let (bHi, bLo) = split(b)
        return DoubleDouble(p, ((aHi * bHi - p) + aHi * bLo + aLo * bHi) + aLo * bLo)
    }

    /// `a` as two halves of at most 26 significant bits each (Veltkamp), so
    /// products of halves are exact.
    static func split(_ a: Double) -> (hi: Double, lo: Double) {
        let c = 134_217_729 * a  // 2^27 + 1
        let hi = c - (c - a)
        return (hi, a - hi)
    }

    /// `self · b`, to about 2^-104 relative.
    func times(_ b: DoubleDouble) -> DoubleDouble {
        let p = DoubleDouble.product(hi, b.hi)
        return DoubleDouble.fastSum(p.hi, p.lo + (hi * b.lo + lo * b.hi))
    }

    /// `self / b`, to about 2^-104 relative (one Newton correction of `hi / b.hi`).
    func divided(by b: DoubleDouble) -> DoubleDouble {
        let q = hi / b.hi
        let p = DoubleDouble.product(q, b.hi)
        let remainder = ((hi - p.hi) - p.lo) + lo - q * b.lo
        return DoubleDouble.fastSum(q, remainder / b.hi)
    }

    /// `√self` for `self > 0`, to about 2^-104 relative.
    func squareRoot() -> DoubleDouble {
        let s = hi.squareRoot()
        let square = DoubleDouble.product(s, s)
        return DoubleDouble.fastSum(s, (((hi - square.hi) - square.lo) + lo) / (2 * s))
    }

    static prefix func - (x: DoubleDouble) -> DoubleDouble { DoubleDouble(-x.hi, -x.lo) }

    /// `a − b` for `|a| ≥ |b|` roughly (used for π − θ, π/2 − θ with θ ≤ π/2).
    static func - (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
        let s = DoubleDouble.sum(a.hi, -b.hi)
        return DoubleDouble.fastSum(s.hi, s.lo + (a.lo - b.lo))
    }
}

/// `x · 2^k` with a single rounding (only when the result is subnormal), for
/// any `k` that keeps `x · 2^k` within a factor 2^1000 of the normal range;
/// exact otherwise. Overflows to ±∞ as IEEE multiplication does.
func multiplyByPowerOfTwo(_ x: Double, _ k: Int) -> Double {
    var x = x
    var k = k
    if k > 1023 {
        x *= 0x1p1023
        k -= 1023
        if k > 1023 { x *= 0x1p1023; k -= 1023; k = min(k, 1023) }
    } else if k < -1022 {
        // Scale into the normal range first, so the one rounding happens last.
        x *= 0x1p-969
        k += 969
        if k < -1022 { x *= 0x1p-969; k += 969; k = max(k, -1022) }
    }
    return x * Double(sign: .plus, exponentBitPattern: UInt(k + 1023), significandBitPattern: 0)
}
