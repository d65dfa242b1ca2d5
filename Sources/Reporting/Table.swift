/// A titled table of typed columns, rendered as GitHub Markdown for the
/// report and as RFC 4180 CSV for everyone who wants the numbers.
///
/// The table checks its shape when built, so rendering cannot fail and the
/// error points at the row at fault rather than at a garbled file later.
public struct Table: Sendable, Hashable {
    /// One column: what it measures, in which unit, and how Markdown shows it.
    public struct Column: Sendable, Hashable {
        /// Header text, e.g. `Total cost`.
        public let name: String
        /// Unit shown in the header as `Total cost (Rs)`; nil for dimensionless columns.
        public let unit: String?
        /// Markdown display format; also fixes which cells the column admits.
        public let format: ColumnFormat

        /// Creates a column.
        public init(_ name: String, unit: String? = nil, format: ColumnFormat) {
            self.name = name
            self.unit = unit
            self.format = format
        }

        /// `name (unit)`, the header in both Markdown and CSV.
        public var header: String {
            unit.map { "\(name) (\($0))" } ?? name
        }
    }

    /// File stem: the CSV is `<name>.csv`. Letters, digits, `.`, `_`, `-`.
    public let name: String
    /// Title in the caption line.
    public let title: String
    /// Sentence(s) after the title in the caption line; may be empty.
    public let caption: String
    /// Columns, left to right.
    public let columns: [Column]
    /// Rows, each with one cell per column.
    public let rows: [[Cell]]

    /// The CSV's file name.
    public var csvFileName: String { name + ".csv" }

    /// Creates a table, checking the name, that every row has one cell per
    /// column, and that each cell fits its column's format.
    public init(name: String, title: String, caption: String = "", columns: [Column], rows: [[Cell]]) throws {
        try FileName.validate(name + ".csv")
        for (index, row) in rows.enumerated() {
            guard row.count == columns.count else {
                throw ReportingError.rowWidth(file: name + ".csv", row: index + 1, expected: columns.count, found: row.count)
            }
            for (cell, column) in zip(row, columns) where !column.format.admits(cell) {
                throw ReportingError.cellKind(file: name + ".csv", row: index + 1, column: column.name,
                                              expected: column.format.expectation, found: cell.kindDescription)
            }
        }
        self.name = name
        self.title = title
        self.caption = caption
        self.columns = columns
        self.rows = rows
    }
}
