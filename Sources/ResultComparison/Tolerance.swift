/// How far apart two floating-point numbers may be and still be the same
/// result: `|a − b| ≤ absolute + relative · |b|`, numpy.isclose's rule with B
/// as the reference. NaN equals NaN (a missing value in both files is the same
/// result); an infinity equals only the same infinity.
public struct Tolerance: Sendable, Equatable {
    /// The relative tolerance `rtol`, a share of `|b|`.
    public var relative: Double
    /// The absolute tolerance `atol`, in the values' own unit: the floor for values near zero.
    public var absolute: Double

    /// A tolerance of `relative` · |b| + `absolute`.
    public init(relative: Double, absolute: Double) {
        self.relative = relative
        self.absolute = absolute
    }

    /// Whether `a` is within tolerance of the reference `b`.
    @inlinable
    public func accepts(_ a: Double, _ b: Double) -> Bool {
        if a == b || (a.isNaN && b.isNaN) { return true }
        guard a.isFinite && b.isFinite else { return false }
        return abs(a - b) <= absolute + relative * abs(b)
    }
}
