extension Table {
    /// RFC 4180 CSV: a header row of `name (unit)`, then one record per row,
    /// CRLF line ends (the RFC's, and what spreadsheet tools expect), fields
    /// quoted only when they hold a comma, quote or line break. Numbers are at
    /// full precision in the one fixed spelling of `CSVNumber`; missing cells
    /// are empty. The same table always gives the same bytes.
    public func csv() -> String {
        let records = [columns.map { Self.field($0.header) }] + rows.map { row in row.map(Self.field) }
        return records.map { $0.joined(separator: ",") + "\r\n" }.joined()
    }

    private static func field(_ cell: Cell) -> String {
        switch cell {
        case let .text(text): return field(text)
        case let .integer(value): return String(value)
        case let .number(value): return CSVNumber.string(value)
        case .missing: return ""
        }
    }

    private static func field(_ text: String) -> String {
        let needsQuotes = text.contains { $0 == "," || $0 == "\"" || $0.isNewline }
        return needsQuotes ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
