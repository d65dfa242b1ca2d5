import PortableMath

/// SplitMix64: a small, fast, explicitly seeded generator (Steele et al. 2014).
///
/// Every random draw in p2pgrid — scenario sampling, trade perturbations,
/// initialisation, shuffling, splits — comes from one of these, seeded from the
/// user's seed (and a stream number such as the sample index), so the same seed
/// gives the same bytes on every run and thread count.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose stream is fully determined by `seed`.
    public init(seed: UInt64) { state = seed }

    /// A generator for an independent stream `stream` derived from `seed`
    /// (e.g. one per epoch), so that resuming at epoch e needs no saved state.
    public init(seed: UInt64, stream: UInt64) {
        var mixer = SeededGenerator(seed: seed ^ (stream &* 0x9E37_79B9_7F4A_7C15))
        state = mixer.next()
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform Double in [0, 1) with 53 random bits.
    public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// A standard normal draw (Box–Muller; one value per call for simplicity).
    public mutating func nextNormal() -> Double {
        let u1 = max(nextUnit(), 0x1p-53)
        let u2 = nextUnit()
        return (-2 * Portable.log(u1)).squareRoot() * Portable.cos(2 * Double.pi * u2)
    }

    /// A permutation of `0..<count` (Fisher–Yates with this generator's draws).
    public mutating func permutation(_ count: Int) -> [Int] {
        var order = Array(0..<count)
        if count < 2 { return order }
        for i in stride(from: count - 1, to: 0, by: -1) {
            let j = Int(next() % UInt64(i + 1))
            order.swapAt(i, j)
        }
        return order
    }
}

extension SeededGenerator {
    /// A uniform Double in `[lower, upper]` from this generator's bits alone
    /// (not the standard library's algorithm, so the stream is stable across Swift versions).
    public mutating func uniform(_ lower: Double, _ upper: Double) -> Double {
        lower + (upper - lower) * nextUnit()
    }
}
