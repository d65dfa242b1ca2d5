/// `x = n·π/2 + r` with `|r| ≤ π/4` (up to rounding of `n`), `r` as hi + lo to
/// about 2^-70 relative for every finite `x`: the input of sin, cos and tan.
///
/// - `|x| ≤ π/4`: `r = x`.
/// - `|x| < 2^20·π/2` (≈ 1.6·10⁶): Cody–Waite with π/2 in three 33-bit parts and
///   a rounded fourth, so `n·part` is exact; the differences are error-free sums.
///   The closest a Double in this range comes to a multiple of π/2 is about
///   2^-61 away, and the reduction is good to 2^-130 absolute there.
/// - beyond: Payne–Hanek with 1280 bits of 2/π in integer arithmetic, exact
///   up to the 128-bit fraction it keeps.
func reduceByHalfPi(_ x: Double) -> (quadrant: Int, r: DoubleDouble) {
    let magnitude = x.magnitude
    if magnitude <= Tables.quarterPi { return (0, DoubleDouble(x, 0)) }
    if magnitude < 0x1.921fb54442d18p20 {
        let shifter = 0x1.8p52
        let n = (x * Tables.twoOverPi + shifter) - shifter
        let first = x - n * Tables.halfPi1                           // exact
        let second = DoubleDouble.sum(first, -(n * Tables.halfPi2))
        let third = DoubleDouble.sum(second.hi, -(n * Tables.halfPi3))
        let low = (second.lo + third.lo) - n * Tables.halfPi4
        return (Int(n), DoubleDouble.fastSum(third.hi, low))
    }
    let (quadrant, r) = payneHanek(magnitude)
    return x < 0 ? (-quadrant, -r) : (quadrant, r)
}

/// Payne–Hanek reduction of a finite `x ≥ 2^20`: with `x = M·2^E` (M a 53-bit
/// integer), only the bits of 2/π from position `E − 1` on matter modulo 4;
/// `M` times a 192-bit window of them gives the quadrant (two integer bits) and
/// a 128-bit fraction `f`, and `r = f·π/2` with `f` taken into [−1/2, 1/2).
private func payneHanek(_ x: Double) -> (quadrant: Int, r: DoubleDouble) {
    let mantissa = x.significandBitPattern | (1 << 52)
    let e = Int(x.exponent) - 52                   // x = mantissa · 2^e, e ≥ −32
    let start = max(e - 1, 1)                      // first bit of 2/π used (bit 1 = 2^-1)
    let shift = start + 191 - e                    // value = (mantissa · window) · 2^-shift, shift ∈ [190, 224]
    let window = twoOverPiWindow(startingAtBit: start)
    // mantissa · window as four 64-bit words, most significant first.
    var product = [UInt64](repeating: 0, count: 4)
    var carry: UInt64 = 0
    for w in stride(from: 2, through: 0, by: -1) {
        let (high, low) = mantissa.multipliedFullWidth(by: window[w])
        let (sum, overflow) = low.addingReportingOverflow(carry)
        product[w + 1] = sum
        carry = high &+ (overflow ? 1 : 0)
    }
    product[0] = carry
    // Bits are numbered from the least significant (bit 0 of product[3]).
    func bits(_ lowest: Int, _ count: Int) -> UInt64 {
        var value: UInt64 = 0
        for b in stride(from: lowest + count - 1, through: lowest, by: -1) {
            let word = product[3 - b / 64]
            value = (value << 1) | ((word >> UInt64(b % 64)) & 1)
        }
        return value
    }
    var quadrant = Int(bits(shift, 2))
    var fractionHi = bits(shift - 64, 64)
    var fractionLo = bits(shift - 128, 64)
    var negative = false
    if fractionHi >> 63 == 1 {                     // f ≥ 1/2: take f − 1 and the next quadrant
        quadrant += 1
        negative = true
        fractionLo = ~fractionLo &+ 1
        fractionHi = ~fractionHi &+ (fractionLo == 0 ? 1 : 0)
    }
    // |f| = (fractionHi·2^64 + fractionLo)·2^-128 as hi + lo.
    let leading = fractionHi != 0 ? fractionHi.leadingZeroBitCount : 64 + fractionLo.leadingZeroBitCount
    guard leading < 128 else { return (quadrant & 3, DoubleDouble(0, 0)) }
    let (normalHi, normalLo): (UInt64, UInt64)
    switch leading {
    case 0: (normalHi, normalLo) = (fractionHi, fractionLo)
    case 1..<64: (normalHi, normalLo) = ((fractionHi << UInt64(leading)) | (fractionLo >> UInt64(64 - leading)), fractionLo << UInt64(leading))
    default: (normalHi, normalLo) = (fractionLo << UInt64(leading - 64), 0)
    }
    let scale = -(leading + 64)
    let head = Double(normalHi >> 11) * Double(sign: .plus, exponentBitPattern: UInt(scale + 11 + 1023), significandBitPattern: 0)
    let rest = Double(((normalHi & 0x7FF) << 53) | (normalLo >> 11))
        * Double(sign: .plus, exponentBitPattern: UInt(scale - 53 + 1023), significandBitPattern: 0)
    let f = DoubleDouble.fastSum(head, rest)
    let r = f.times(DoubleDouble(Tables.halfPiHi, Tables.halfPiLo))
    return (quadrant & 3, negative ? -r : r)
}

/// Bits `start ..< start + 192` of 2/π's binary fraction as three words, most significant first.
private func twoOverPiWindow(startingAtBit start: Int) -> [UInt64] {
    let words = Tables.twoOverPiBits
    let first = (start - 1) / 64
    let offset = UInt64((start - 1) % 64)
    return (0..<3).map { i in
        let high = words[first + i]
        let low = words[first + i + 1]
        return offset == 0 ? high : (high << offset) | (low >> (64 - offset))
    }
}
