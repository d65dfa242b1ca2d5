import Foundation
import ResultComparison

/// A `ComparisonReport` as `p2pgrid diff` prints it: one line per item that
/// differs (at most `maxRows`, most serious first), the counts and the
/// verdict — as text or as JSON.
struct DiffReport {
    let report: ComparisonReport
    /// Differences listed; nil lists all.
    let maxRows: Int?

    /// The differences listed and how many were left out.
    private var listed: (items: [ItemComparison], omitted: Int) {
        let differences = report.differences
        guard let maxRows, differences.count > maxRows else { return (differences, 0) }
        return (Array(differences.prefix(maxRows)), differences.count - maxRows)
    }

    // MARK: - Text

    /// The text summary: A and B, one aligned line per listed difference, counts, tolerances and the verdict.
    func text() -> String {
        var lines = ["A: \(report.a)", "B: \(report.b) (reference)"]
        let (items, omitted) = listed
        let nameWidth = min(48, items.map { $0.name.count }.max() ?? 0)
        for item in items {
            let status = Self.status(item.outcome).padding(toLength: 12, withPad: " ", startingAt: 0)
            let name = item.name.count < nameWidth ? item.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) : item.name
            lines.append(status + name + "  " + Self.facts(item))
        }
        if omitted > 0 { lines.append("… \(omitted) more difference\(omitted == 1 ? "" : "s") not listed (--max-rows 0 lists all)") }
        var counts = "\(Self.items(report.items.count)): \(report.identicalCount) identical, \(report.withinToleranceCount) within tolerance, "
            + "\(report.beyondToleranceCount) beyond tolerance, \(report.differentCount) structurally different"
        if report.notComparedCount > 0 { counts += ", \(report.notComparedCount) not compared" }
        lines.append(counts)
        let t = report.tolerances
        lines.append("tolerance |a − b| ≤ atol + rtol·|b|: float64 and text rtol \(Self.number(t.float64.relative)) atol "
                     + "\(Self.number(t.float64.absolute)); float32 rtol \(Self.number(t.float32.relative)) atol "
                     + "\(Self.number(t.float32.absolute)); integers and strings exactly")
        lines.append(verdict)
        return lines.joined(separator: "\n") + "\n"
    }

    /// The last line: within or beyond tolerance.
    private var verdict: String {
        if !report.isWithinTolerance {
            let failing = report.beyondToleranceCount + report.differentCount
            return "beyond tolerance: \(failing) of \(Self.items(report.items.count)) \(failing == 1 ? "differs" : "differ") "
                + "beyond tolerance or in structure"
        }
        if report.withinToleranceCount == 0 { return "within tolerance: identical" }
        let within = report.withinToleranceCount
        return "within tolerance: \(within) of \(Self.items(report.items.count)) \(within == 1 ? "differs" : "differ"), all within tolerance"
    }

    /// `1 item`, `57 items`.
    private static func items(_ count: Int) -> String {
        count == 1 ? "1 item" : "\(count) items"
    }

    private static func status(_ outcome: ItemComparison.Outcome) -> String {
        switch outcome {
        case .identical: return "identical"
        case .withinTolerance: return "within"
        case .beyondTolerance: return "BEYOND"
        case .different: return "DIFFERENT"
        case .notCompared: return "skipped"
        }
    }

    /// `float64 [100]: 100 elements, 43 beyond tolerance; max abs 1.8e-09 at [53]; max rel 3.24e-13 at [53]`.
    private static func facts(_ item: ItemComparison) -> String {
        var parts: [String] = []
        switch item.outcome {
        case let .different(reason), let .notCompared(reason): parts.append(reason)
        case .identical, .withinTolerance, .beyondTolerance: break
        }
        if item.kind == .binary, item.compared > 0 {
            parts.append("\(item.compared) bytes, \(item.textMismatches) differ")
        } else if item.compared > 0 {
            var counted = "\(item.compared) \(valueUnit(item.kind, item.compared)), \(item.beyondTolerance) beyond tolerance"
            if item.textMismatches > 0 { counted += ", text differs in \(item.textMismatches) \(textUnit(item.kind, item.textMismatches))" }
            parts.append(counted)
        }
        if let absolute = item.largestAbsolute { parts.append("max abs \(number(absolute.value))" + at(absolute.location)) }
        if let relative = item.largestRelative { parts.append("max rel \(number(relative.value))" + at(relative.location)) }
        if let text = item.firstTextDifference {
            let what = item.kind == .binary ? "first difference" : "first text difference"
            parts.append(what + at(text.location) + ": \(quoted(text.a)) vs \(quoted(text.b))")
        }
        let detail = item.detail.map { $0 + ": " } ?? ""
        return detail + parts.joined(separator: "; ")
    }

    /// ` at [53, 1]`, or nothing for a scalar, where there is only one place.
    private static func at(_ location: DifferenceLocation) -> String {
        location == .element(index: []) ? "" : " at \(location)"
    }

    private static func valueUnit(_ kind: ItemComparison.Kind, _ count: Int) -> String {
        let unit: String
        switch kind {
        case .dataset, .attribute, .group, .file: unit = "element"
        case .table: unit = "cell"
        case .text: unit = "number"
        case .binary: unit = "byte"
        }
        return count == 1 ? unit : unit + "s"
    }

    private static func textUnit(_ kind: ItemComparison.Kind, _ count: Int) -> String {
        let unit: String
        switch kind {
        case .dataset, .attribute, .group, .file: unit = "string"
        case .table: unit = "cell"
        case .text, .binary: unit = "line"
        }
        return count == 1 ? unit : unit + "s"
    }

    /// Three significant digits: `1.8e-09`, `0.0526`, `1`, `inf`.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return String(format: "%.3g", value)
    }

    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\t", with: "\\t") + "\""
    }

    // MARK: - JSON

    /// The same as JSON with sorted keys; see `JSONReport` for the schema.
    func json() throws -> String {
        let (items, omitted) = listed
        let t = report.tolerances
        let document = JSONReport(
            a: report.a, b: report.b,
            tolerance: .init(float64: .init(rtol: t.float64.relative, atol: t.float64.absolute),
                             float32: .init(rtol: t.float32.relative, atol: t.float32.absolute)),
            summary: .init(items: report.items.count, identical: report.identicalCount, withinTolerance: report.withinToleranceCount,
                           beyondTolerance: report.beyondToleranceCount, different: report.differentCount,
                           notCompared: report.notComparedCount),
            differences: items.map(JSONItem.init), omittedDifferences: omitted, withinTolerance: report.isWithinTolerance)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
    }

    /// The whole document: the paths, tolerances, counts, the listed
    /// differences (most serious first), how many were left out, and the verdict.
    private struct JSONReport: Encodable {
        struct PrecisionTolerance: Encodable { var rtol: Double; var atol: Double }
        struct Tolerances: Encodable { var float64: PrecisionTolerance; var float32: PrecisionTolerance }
        struct Summary: Encodable {
            var items, identical, withinTolerance, beyondTolerance, different, notCompared: Int
        }
        var a: String
        var b: String
        var tolerance: Tolerances
        var summary: Summary
        var differences: [JSONItem]
        var omittedDifferences: Int
        var withinTolerance: Bool
    }

    /// One difference: `outcome` is `withinTolerance`, `beyondTolerance`,
    /// `different` or `notCompared` (with `reason`); absent fields do not apply.
    private struct JSONItem: Encodable {
        struct Difference: Encodable { var value: Double; var at: JSONLocation }
        struct Text: Encodable { var at: JSONLocation; var a: String; var b: String }
        var name: String
        var kind: String
        var detail: String?
        var outcome: String
        var reason: String?
        var compared: Int
        var beyondTolerance: Int
        var textMismatches: Int
        var maxAbsoluteDifference: Difference?
        var maxRelativeDifference: Difference?
        var firstTextDifference: Text?

        init(_ item: ItemComparison) {
            name = item.name
            kind = item.kind.rawValue
            detail = item.detail
            switch item.outcome {
            case .identical: outcome = "identical"
            case .withinTolerance: outcome = "withinTolerance"
            case .beyondTolerance: outcome = "beyondTolerance"
            case let .different(why): outcome = "different"; reason = why
            case let .notCompared(why): outcome = "notCompared"; reason = why
            }
            compared = item.compared
            beyondTolerance = item.beyondTolerance
            textMismatches = item.textMismatches
            maxAbsoluteDifference = item.largestAbsolute.map { Difference(value: $0.value, at: JSONLocation($0.location)) }
            maxRelativeDifference = item.largestRelative.map { Difference(value: $0.value, at: JSONLocation($0.location)) }
            firstTextDifference = item.firstTextDifference.map { Text(at: JSONLocation($0.location), a: $0.a, b: $0.b) }
        }
    }

    /// `{"index": [53, 1]}`, `{"row": 3, "rowLabel": "mlp", "column": "RMSE (kW)"}`, `{"line": 12}` or `{"byte": 4096}`.
    private struct JSONLocation: Encodable {
        var index: [Int]?
        var row: Int?
        var rowLabel: String?
        var column: String?
        var line: Int?
        var byte: Int?

        init(_ location: DifferenceLocation) {
            switch location {
            case let .element(index): self.index = index
            case let .cell(row, rowLabel, column): self.row = row; self.rowLabel = rowLabel; self.column = column
            case let .line(line): self.line = line
            case let .byte(offset): byte = offset
            }
        }
    }
}
