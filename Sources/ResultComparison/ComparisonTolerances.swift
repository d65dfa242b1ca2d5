/// The tolerances a comparison applies, by what the numbers are.
///
/// Floating-point values get a tolerance by their precision; integers (counts,
/// status codes, seeds, indices) and text are compared exactly, since a
/// different count or code is a different result however close.
///
/// The defaults: float64 — rtol 1e-6, atol 1e-9. The OPF is solved to Ipopt's
/// tol and constr_viol_tol of 1e-9, so a solution that another BLAS kernel or
/// Ipopt build reaches by a slightly different path may move by about that
/// much in absolute terms (and by a few 1e-9 relative after an extra
/// iteration); anything beyond a millionth of the value is a different
/// solution, not rounding. float32 — rtol 1e-5, atol 1e-6: float32 holds about
/// 7 significant digits (one ulp is 6e-8…1.2e-7 relative), values rounded from
/// float64 differ by at most one ulp, and values computed in float32 (model
/// weights, BLAS sums) by a few tens of ulps when only the summation order
/// changed; 1e-5 is about 100 ulps, and 1e-6 about 10 ulps of a value of order one.
public struct ComparisonTolerances: Sendable, Equatable {
    /// For float64 values and for numbers in text (CSV cells, Markdown, SVG, JSON).
    public var float64: Tolerance
    /// For float32 and narrower floating-point values.
    public var float32: Tolerance

    /// float64 rtol 1e-6, atol 1e-9; float32 rtol 1e-5, atol 1e-6 (see the type's documentation).
    public static let defaults = ComparisonTolerances(float64: Tolerance(relative: 1e-6, absolute: 1e-9),
                                                      float32: Tolerance(relative: 1e-5, absolute: 1e-6))

    /// Explicit tolerances per precision.
    public init(float64: Tolerance, float32: Tolerance) {
        self.float64 = float64
        self.float32 = float32
    }

    /// The defaults, with `relative` and `absolute` (when given) replacing the
    /// default of every precision: a tolerance the user states applies to all values.
    public init(relative: Double?, absolute: Double?) {
        let defaults = Self.defaults
        float64 = Tolerance(relative: relative ?? defaults.float64.relative, absolute: absolute ?? defaults.float64.absolute)
        float32 = Tolerance(relative: relative ?? defaults.float32.relative, absolute: absolute ?? defaults.float32.absolute)
    }

    /// The tolerance for floating-point values of `bits` width.
    public func forFloat(bits: Int) -> Tolerance {
        bits <= 32 ? float32 : float64
    }
}
