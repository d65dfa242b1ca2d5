import Foundation
import PortableMath

/// Linear warm-up followed by cosine decay (the usual transformer schedule).
///
/// Steps are optimizer steps, 0-based. During warm-up the rate rises
/// linearly from `peak / warmupSteps` to `peak`; it then follows half a
/// cosine from `peak` down to `minimum` at `totalSteps`, and stays there.
public struct LearningRateSchedule: Codable, Sendable, Equatable {
    /// Highest learning rate, reached at the end of warm-up.
    public var peak: Double
    /// Final learning rate after the cosine decay.
    public var minimum: Double
    /// Number of warm-up steps.
    public var warmupSteps: Int
    /// Step at which the cosine reaches `minimum`.
    public var totalSteps: Int

    /// A schedule; see the type's documentation for the shape.
    public init(peak: Double, minimum: Double, warmupSteps: Int, totalSteps: Int) {
        self.peak = peak
        self.minimum = minimum
        self.warmupSteps = warmupSteps
        self.totalSteps = totalSteps
    }

    /// Learning rate of 0-based step `step`.
    public func learningRate(atStep step: Int) -> Double {
        if step < warmupSteps { return peak * Double(step + 1) / Double(warmupSteps) }
        let decaySteps = max(totalSteps - warmupSteps, 1)
        let progress = min(Double(step - warmupSteps) / Double(decaySteps), 1)
        return minimum + 0.5 * (peak - minimum) * (1 + Portable.cos(Double.pi * progress))
    }
}
