import Reporting

/// CSV tables compared cell by cell: the headers must be equal; cells that
/// read as numbers on both sides (`NumberLiteral.field`) are compared as
/// numbers, all others exactly as text. Rows are paired by position, so a
/// table with a row more or less is structurally different (the common rows
/// are still compared). A file that is not valid CSV is compared as text.
struct CSVComparison: FileComparison {
    func compare(_ a: String, _ b: String, name: String, tolerances: ComparisonTolerances) throws(ComparisonError) -> [ItemComparison] {
        let bytesA = try FileContents.bytes(a), bytesB = try FileContents.bytes(b)
        guard bytesA != bytesB else { return [.identical(name: name, kind: .table)] }
        guard let recordsA = try? CSVRecords.parse(String(decoding: bytesA, as: UTF8.self), file: a),
              let recordsB = try? CSVRecords.parse(String(decoding: bytesB, as: UTF8.self), file: b) else {
            return [TextComparison.compare(bytesA, bytesB, name: name, kind: .text, tolerance: tolerances.float64)]
        }
        return [Self.compare(recordsA, recordsB, name: name, tolerance: tolerances.float64)]
    }

    /// Compares parsed tables (header record first) whose bytes differ.
    static func compare(_ a: [[String]], _ b: [[String]], name: String, tolerance: Tolerance) -> ItemComparison {
        let header = a.first ?? []
        let headerB = b.first ?? []
        let rowsA = a.dropFirst(), rowsB = b.dropFirst()
        var reasons: [String] = []
        if header != headerB { reasons.append(headerDifference(header, headerB)) }
        if rowsA.count != rowsB.count { reasons.append("A has \(rowsA.count) data rows, B has \(rowsB.count)") }

        func columnName(_ column: Int) -> String { column < header.count ? header[column] : "column \(column + 1)" }
        func location(_ row: Int, _ column: Int) -> DifferenceLocation {
            .cell(row: row + 1, rowLabel: a[row + 1].first ?? "", column: columnName(column))
        }
        var statistics = DifferenceStatistics<(row: Int, column: Int)>()
        var textMismatches = 0
        var firstTextDifference: ItemComparison.TextDifference?
        func mismatch(_ row: Int, _ column: Int, _ cellA: String, _ cellB: String) {
            textMismatches += 1
            guard firstTextDifference == nil else { return }
            let (shownA, shownB) = TextSnippet.around(cellA, cellB)
            firstTextDifference = .init(location: location(row, column), a: shownA, b: shownB)
        }
        for (row, (recordA, recordB)) in zip(rowsA, rowsB).enumerated() {
            for (column, (cellA, cellB)) in zip(recordA, recordB).enumerated() {
                if cellA == cellB {
                    statistics.addEqual()
                } else if let numberA = NumberLiteral.field(cellA), let numberB = NumberLiteral.field(cellB) {
                    NumberLiteral.compare(numberA, numberB, tolerance: tolerance, into: &statistics, at: (row, column))
                } else {
                    mismatch(row, column, cellA, cellB)
                }
            }
            if recordA.count != recordB.count {
                mismatch(row, min(recordA.count, recordB.count), "\(recordA.count) fields", "\(recordB.count) fields")
            }
        }
        let (absolute, relative) = statistics.located { location($0.row, $0.column) }
        return ItemComparison(name: name, kind: .table, detail: "\(header.count) columns × \(rowsA.count) rows",
                              compared: statistics.compared + textMismatches, beyondTolerance: statistics.beyondTolerance,
                              differing: max(1, statistics.differing), textMismatches: textMismatches,
                              largestAbsolute: absolute, largestRelative: relative, firstTextDifference: firstTextDifference,
                              structuralReason: reasons.isEmpty ? nil : reasons.joined(separator: "; "))
    }

    /// How two headers differ: the first column that differs, or the column counts.
    private static func headerDifference(_ a: [String], _ b: [String]) -> String {
        if let column = zip(a, b).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
            return "header differs at column \(column + 1): '\(a[column])' in A, '\(b[column])' in B"
        }
        return "header has \(a.count) columns in A, \(b.count) in B"
    }
}
