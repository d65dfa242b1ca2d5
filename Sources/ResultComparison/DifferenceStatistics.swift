/// A difference between two values and where it is.
public struct LocatedDifference: Sendable, Equatable {
    /// The difference: `|a − b|`, or `|a − b| / |b|` for a relative one; `inf`
    /// when only one value is NaN or infinite, or when `b` is 0 and `a` is not.
    public var value: Double
    /// Where the two values are.
    public var location: DifferenceLocation

    /// A difference of `value` at `location`.
    public init(value: Double, location: DifferenceLocation) {
        self.value = value
        self.location = location
    }
}

/// Running statistics of an element-by-element comparison: how many values
/// were compared, how many differ beyond tolerance, and the largest absolute
/// and relative differences with where they occur (the first one when tied).
///
/// `Location` is whatever is cheapest to record per value (a flat index, a
/// cell's row and column); `located(_:)` turns it into a `DifferenceLocation`
/// once, at the end.
struct DifferenceStatistics<Location> {
    /// Values compared.
    private(set) var compared = 0
    /// Values that are not equal (NaN counts as equal to NaN), within tolerance or not.
    private(set) var differing = 0
    /// Values beyond tolerance (for exact comparisons: every differing value).
    private(set) var beyondTolerance = 0
    /// The largest `|a − b|` and where.
    private(set) var largestAbsolute: (value: Double, at: Location)?
    /// The largest `|a − b| / |b|` and where.
    private(set) var largestRelative: (value: Double, at: Location)?

    /// Compares `a` with the reference `b`, within `tolerance`, or exactly when
    /// it is nil; `forceDifferent` counts them as different even when their
    /// values are equal (two integers that round to the same Double).
    mutating func add(_ a: Double, _ b: Double, tolerance: Tolerance?, at location: Location, forceDifferent: Bool = false) {
        compared += 1
        if !forceDifferent && (a == b || (a.isNaN && b.isNaN)) { return }
        differing += 1
        let accepted = !forceDifferent && (tolerance?.accepts(a, b) ?? false)
        if !accepted { beyondTolerance += 1 }
        let absolute = a.isFinite && b.isFinite ? abs(a - b) : Double.infinity
        let relative = b == 0 || !absolute.isFinite ? Double.infinity : absolute / abs(b)
        record(absolute: absolute, relative: relative, at: location)
    }

    /// Compares two integers exactly.
    mutating func add(_ a: Int64, _ b: Int64, at location: Location) {
        compared += 1
        guard a != b else { return }
        differing += 1
        beyondTolerance += 1
        // Through Double: the difference of two Int64 values can overflow Int64.
        let absolute = abs(Double(a) - Double(b))
        record(absolute: absolute, relative: b == 0 ? .infinity : absolute / abs(Double(b)), at: location)
    }

    /// Counts a value that is the same in both (compared without arithmetic, e.g. equal spellings).
    mutating func addEqual() {
        compared += 1
    }

    private mutating func record(absolute: Double, relative: Double, at location: Location) {
        if largestAbsolute.map({ absolute > $0.value }) ?? true { largestAbsolute = (absolute, location) }
        if largestRelative.map({ relative > $0.value }) ?? true { largestRelative = (relative, location) }
    }

    /// The largest differences with their locations made public.
    func located(_ locate: (Location) -> DifferenceLocation) -> (absolute: LocatedDifference?, relative: LocatedDifference?) {
        (largestAbsolute.map { LocatedDifference(value: $0.value, location: locate($0.at)) },
         largestRelative.map { LocatedDifference(value: $0.value, location: locate($0.at)) })
    }
}
