import Foundation
import PortableMath
import Reporting

/// A CSV file another stage wrote (RFC 4180: a header record, then data
/// records; fields optionally double-quoted; CRLF or LF line ends), read
/// with `CSVRecords` — the report reads the case-study stage's `timings.csv`
/// with it — and `table`, the layout the report gives a table of another stage.
struct CSVDocument: Sendable {
    /// The file, for error messages.
    let file: String
    /// Header fields.
    let header: [String]
    /// Data records, each with one field per header field.
    let rows: [[String]]

    /// Parses `text` (`CSVRecords`); every record must have as many fields as the header.
    init(text: String, file: String, stage: String) throws {
        let records: [[String]]
        do {
            records = try CSVRecords.parse(text, file: file)
        } catch {
            guard case let .malformedCSV(_, problem) = error else { throw error }
            throw StageError.malformedInput(stage: stage, file: file, problem: problem)
        }
        guard let header = records.first, header != [""] else {
            throw StageError.malformedInput(stage: stage, file: file, problem: "the file is empty; expected a header line")
        }
        for (index, row) in records.dropFirst().enumerated() where row.count != header.count {
            throw StageError.malformedInput(stage: stage, file: file,
                                                  problem: "line \(index + 2) has \(row.count) fields, the header has \(header.count)")
        }
        self.file = file
        self.header = header
        self.rows = Array(records.dropFirst())
    }

    /// Reads and parses the file at `path`; `file` names it in errors.
    init(path: String, file: String, stage: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StageError.missingInput(stage: stage, file: file, problem: "cannot read \(path)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw StageError.malformedInput(stage: stage, file: file, problem: "the file is not UTF-8 text")
        }
        try self.init(text: text, file: file, stage: stage)
    }

    /// Index of the column named `name`.
    func column(_ name: String, stage: String) throws -> Int {
        guard let index = header.firstIndex(of: name) else {
            throw StageError.malformedInput(stage: stage, file: file,
                                                  problem: "no column '\(name)'; the header is \(header.joined(separator: ","))")
        }
        return index
    }

    /// A table of `cells` under `header` shown the way the report shows an input's table: a column of
    /// integers as integers, a column of numbers with four significant digits of its largest value,
    /// a column mixing text with numbers as text.
    static func table(name: String, title: String, caption: String, header: [String], cells: [[Cell]]) throws -> Table {
        let columns = header.indices.map { index -> Table.Column in
            let column = cells.map { $0[index] }
            if column.allSatisfy({ if case .text = $0 { return false } else { return true } }),
               column.contains(where: { $0 != .missing }) {
                if column.allSatisfy({ if case .number = $0 { return false } else { return true } }) {
                    return Table.Column(header[index], format: .integer)
                }
                return Table.Column(header[index], format: Self.displayFormat(column))
            }
            return Table.Column(header[index], format: .text)
        }
        // A column that mixes text with numbers is shown as text throughout.
        let uniform = cells.map { row in
            zip(row, columns).map { cell, column -> Cell in
                guard column.format == .text else { return cell }
                switch cell {
                case .integer(let value): return .text(String(value))
                case .number: return .text(Self.spelling(of: cell))
                default: return cell
                }
            }
        }
        return try Table(name: name, title: title, caption: caption, columns: columns, rows: uniform)
    }

    /// How the report's CSV writer spells a cell (via a one-cell table, the writer's own code).
    private static func spelling(of cell: Cell) -> String {
        let table = try? Table(name: "cell", title: "", columns: [Table.Column("v", format: .scientific(decimals: 1))], rows: [[cell]])
        let csv = table?.csv() ?? ""
        return String(csv.split(separator: "\r\n", omittingEmptySubsequences: false).dropFirst().first ?? "")
    }

    /// Four significant digits of the column's largest magnitude, scientific for very large or small values.
    private static func displayFormat(_ column: [Cell]) -> ColumnFormat {
        let magnitudes = column.compactMap { cell -> Double? in
            switch cell {
            case .number(let value) where value.isFinite: return abs(value)
            case .integer(let value): return Double(abs(value))
            default: return nil
            }
        }
        let largest = magnitudes.max() ?? 0
        guard largest > 0 else { return .fixed(decimals: 3) }
        let exponent = Int(Portable.log10(largest).rounded(.down))
        if exponent >= 6 || exponent < -3 { return .scientific(decimals: 3) }
        return .fixed(decimals: max(0, 3 - exponent))
    }
}
