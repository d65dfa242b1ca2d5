/// Arrays of strings (HDF5 string datasets and attributes) compared element
/// by element, exactly: the count of differing elements and the first one.
enum StringElements {
    /// The item for `a` and `b` (same count), located by flat index through `locate`.
    static func compare(_ a: [String], _ b: [String], name: String, kind: ItemComparison.Kind, detail: String?,
                        locate: (Int) -> DifferenceLocation) -> ItemComparison {
        var mismatches = 0
        var first: ItemComparison.TextDifference?
        for (index, (x, y)) in zip(a, b).enumerated() where x != y {
            mismatches += 1
            if first == nil {
                let (shownA, shownB) = TextSnippet.around(x, y)
                first = .init(location: locate(index), a: shownA, b: shownB)
            }
        }
        return ItemComparison(name: name, kind: kind, detail: detail, compared: a.count, beyondTolerance: 0,
                              differing: mismatches, textMismatches: mismatches, firstTextDifference: first)
    }
}
