/// Everything a comparison of A and B found: one entry per compared item, in
/// path order, and the tolerances it applied.
public struct ComparisonReport: Sendable, Equatable {
    /// The first path, as given.
    public var a: String
    /// The second path (the reference of relative differences), as given.
    public var b: String
    /// The tolerances applied.
    public var tolerances: ComparisonTolerances
    /// Every compared item, identical ones included, in path order.
    public var items: [ItemComparison]

    /// A report of `items`.
    public init(a: String, b: String, tolerances: ComparisonTolerances, items: [ItemComparison]) {
        self.a = a
        self.b = b
        self.tolerances = tolerances
        self.items = items
    }

    /// Items with the same values.
    public var identicalCount: Int { items.count { $0.outcome == .identical } }
    /// Items whose values differ, all within tolerance.
    public var withinToleranceCount: Int { items.count { $0.outcome == .withinTolerance } }
    /// Items with values beyond tolerance or different text.
    public var beyondToleranceCount: Int { items.count { $0.outcome == .beyondTolerance } }
    /// Items missing on one side or of another shape, type or kind.
    public var differentCount: Int { items.count { if case .different = $0.outcome { return true } else { return false } } }
    /// Items of a type whose values are not compared.
    public var notComparedCount: Int { items.count { if case .notCompared = $0.outcome { return true } else { return false } } }

    /// Whether A and B are the same result: nothing beyond tolerance, nothing structurally different.
    public var isWithinTolerance: Bool { !items.contains { $0.outcome.isFailure } }

    /// The items that are not identical, most serious first (structurally
    /// different, beyond tolerance, not compared, within tolerance), each group in path order.
    public var differences: [ItemComparison] {
        func rank(_ outcome: ItemComparison.Outcome) -> Int {
            switch outcome {
            case .different: return 0
            case .beyondTolerance: return 1
            case .notCompared: return 2
            case .withinTolerance: return 3
            case .identical: return 4
            }
        }
        return items.enumerated().filter { $0.element.outcome != .identical }
            .sorted { (rank($0.element.outcome), $0.offset) < (rank($1.element.outcome), $1.offset) }
            .map(\.element)
    }
}
