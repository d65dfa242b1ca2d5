import Foundation
import SeededRandom

/// The independent reference: glibc's `long double` functions (x87, 64-bit
/// mantissa, no CPU-dispatched variants), about 2^-63 relative — 2^-10 of a
/// Double ulp — and the error of a result in units in the last place.
enum Reference {
    /// Arguments per function: millions in release, enough to exercise every branch in debug.
    #if DEBUG
    static let samples = 20_000
    #else
    static let samples = 1_000_000
    #endif

    /// `|computed − exact|` in ulps of the exact value's binade (Double: 2^(e−52), at least 2^-1074).
    static func ulpError(_ computed: Double, _ exact: Float80) -> Double {
        if computed.isNaN || exact.isNaN { return computed.isNaN && exact.isNaN ? 0 : .infinity }
        if Float80(computed) == exact { return 0 }
        if computed.isInfinite || exact.isInfinite {
            // An exact value beyond DBL_MAX + ulp/2 rounds to ∞: compare against the largest finite then.
            let clamped = min(max(exact, -Float80(Double.greatestFiniteMagnitude)), Float80(Double.greatestFiniteMagnitude))
            return computed.isInfinite ? (exact.magnitude >= Float80(Double.greatestFiniteMagnitude) ? 0 : .infinity)
                                       : ulpError(computed, clamped)
        }
        let exponent = max(Int(exact.exponent), -1022)
        let ulp = Float80(sign: .plus, exponent: exponent - 52, significand: 1)
        return Double((Float80(computed) - exact).magnitude / ulp)
    }

    /// As `ulpError` for Float (ulp 2^(e−23), at least 2^-149).
    static func ulpError(_ computed: Float, _ exact: Float80) -> Double {
        if computed.isNaN || exact.isNaN { return computed.isNaN && exact.isNaN ? 0 : .infinity }
        if Float80(computed) == exact { return 0 }
        if computed.isInfinite { return exact >= Float80(Float.greatestFiniteMagnitude) * (1 + 0x1p-25) ? 0 : .infinity }
        let exponent = max(Int(exact.exponent), -126)
        let ulp = Float80(sign: .plus, exponent: exponent - 23, significand: 1)
        return Double((Float80(computed) - exact).magnitude / ulp)
    }

    /// The largest ulp error of `function` against `reference` over `arguments`, and where.
    static func maximumError(_ arguments: [Double], _ function: (Double) -> Double,
                             _ reference: (Float80) -> Float80) -> (ulps: Double, at: Double) {
        var worst = (ulps: 0.0, at: Double.nan)
        for x in arguments {
            let e = ulpError(function(x), reference(Float80(x)))
            if e > worst.ulps { worst = (e, x) }
        }
        return worst
    }
}

/// Seeded argument sets.
struct ArgumentSampler {
    var generator: SeededGenerator

    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    /// Uniform on [lower, upper].
    mutating func uniform(_ lower: Double, _ upper: Double, count: Int) -> [Double] {
        (0..<count).map { _ in generator.uniform(lower, upper) }
    }

    /// `±2^e` with `e` uniform on [lowest, highest] (every binade equally often), random sign if asked.
    mutating func logUniform(_ lowest: Double, _ highest: Double, count: Int, signed: Bool = false) -> [Double] {
        (0..<count).map { _ in
            let e = generator.uniform(lowest, highest)
            let whole = e.rounded(.down)
            let magnitude = Double(sign: .plus, exponent: Int(whole), significand: 1 + generator.nextUnit())
            return signed && generator.next() & 1 == 1 ? -magnitude : magnitude
        }
    }
}
