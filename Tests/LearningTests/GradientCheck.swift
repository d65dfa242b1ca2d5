@testable import Learning
import SeededRandom

/// Finite-difference reference for the layer gradients, in Float32.
///
/// Tolerance: the loss `L = Σ cᵢ outᵢ` is accumulated in Double, but each
/// output is Float32 with relative rounding ≈ 6e-8; with |L| ≲ 10 the
/// rounding noise in L is ≲ 1e-6, which a central difference with step
/// h = 1e-2 turns into ≲ 5e-5 absolute error in the estimated gradient. The
/// truncation error is O(h²·f‴) ≈ 1e-4 for these smooth layers (GELU,
/// LayerNorm, softmax). So an absolute floor of 2e-3 plus 2 % relative
/// (llm.c checks to 1e-2) leaves headroom over both while still catching any
/// missing term, wrong sign or wrong index, which produce O(1) relative errors.
struct GradientCheck {
    static let step: Float = 1e-2
    static let absoluteTolerance = 2e-3
    static let relativeTolerance = 2e-2

    /// Fixed random projection weights `c` for the scalar loss `Σ cᵢ outᵢ`.
    static func projection(count: Int, seed: UInt64) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in Float(2 * generator.nextUnit() - 1) }
    }

    /// Random values in ±`scale`.
    static func random(count: Int, seed: UInt64, scale: Double = 1) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in Float((2 * generator.nextUnit() - 1) * scale) }
    }

    /// `Σ cᵢ outᵢ` in Double.
    static func project(_ output: FloatPointer, _ c: [Float]) -> Double {
        var sum = 0.0
        for i in 0..<c.count { sum += Double(c[i]) * Double(output[i]) }
        return sum
    }

    /// Elements of `buffer` (all, or those in `indices`) whose analytic
    /// gradient disagrees with the central difference of `loss`, as
    /// `(index, analytic, numeric)`.
    static func mismatches(of buffer: FloatBuffer, analytic: [Float], indices: [Int]? = nil,
                           loss: () -> Double) -> [(Int, Double, Double)] {
        var bad: [(Int, Double, Double)] = []
        for i in indices ?? Array(0..<buffer.count) {
            let original = buffer[i]
            buffer[i] = original + step
            let plusValue = Double(buffer[i])
            let plus = loss()
            buffer[i] = original - step
            let minusValue = Double(buffer[i])
            let minus = loss()
            buffer[i] = original
            let numeric = (plus - minus) / (plusValue - minusValue)
            let a = Double(analytic[i])
            if abs(a - numeric) > absoluteTolerance + relativeTolerance * max(abs(a), abs(numeric)) {
                bad.append((i, a, numeric))
            }
        }
        return bad
    }
}
