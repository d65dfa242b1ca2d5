/// Text files (Markdown, SVG, JSON, gnuplot scripts, …) compared line by
/// line: each pair of lines must have the same non-numeric text (see
/// `NumericTextLine`); their numbers are compared by `NumberLiteral.compare`
/// with the float64 tolerance. A line whose text differs is counted and the
/// first one shown; its numbers are not compared. Lines are paired by
/// number, so a line added or removed is reported as a different line count.
struct TextComparison: FileComparison {
    func compare(_ a: String, _ b: String, name: String, tolerances: ComparisonTolerances) throws(ComparisonError) -> [ItemComparison] {
        [Self.compare(try FileContents.bytes(a), try FileContents.bytes(b), name: name, kind: .text, tolerance: tolerances.float64)]
    }

    /// Compares the texts `a` and `b` (UTF-8 bytes) as one item of `kind`.
    static func compare(_ a: [UInt8], _ b: [UInt8], name: String, kind: ItemComparison.Kind,
                        tolerance: Tolerance) -> ItemComparison {
        guard a != b else { return .identical(name: name, kind: kind) }
        let linesA = a.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let linesB = b.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        var statistics = DifferenceStatistics<Int>()
        var textMismatches = 0
        var firstTextDifference: ItemComparison.TextDifference?
        for (index, (lineA, lineB)) in zip(linesA, linesB).enumerated() {
            let tokensA = NumericTextLine(lineA), tokensB = NumericTextLine(lineB)
            guard tokensA.skeleton == tokensB.skeleton else {
                textMismatches += 1
                if firstTextDifference == nil {
                    let (shownA, shownB) = TextSnippet.around(String(decoding: lineA, as: UTF8.self), String(decoding: lineB, as: UTF8.self))
                    firstTextDifference = .init(location: .line(index + 1), a: shownA, b: shownB)
                }
                continue
            }
            for (numberA, numberB) in zip(tokensA.numbers, tokensB.numbers) {
                NumberLiteral.compare(numberA, numberB, tolerance: tolerance, into: &statistics, at: index)
            }
        }
        let (absolute, relative) = statistics.located { .line($0 + 1) }
        let lineCountReason = linesA.count == linesB.count ? nil : "A has \(linesA.count) lines, B has \(linesB.count)"
        // The bytes differ, so even when every number has the same value (1.0 vs 1.00) the item is not identical.
        return ItemComparison(name: name, kind: kind, detail: nil, compared: statistics.compared,
                              beyondTolerance: statistics.beyondTolerance, differing: max(1, statistics.differing),
                              textMismatches: textMismatches, largestAbsolute: absolute, largestRelative: relative,
                              firstTextDifference: firstTextDifference, structuralReason: lineCountReason)
    }
}
