/// Where in an item a difference is: what a user needs to find the value.
public enum DifferenceLocation: Sendable, Equatable, CustomStringConvertible {
    /// An element of an n-d array by its multi-index (row-major, 0-based; `[]` for a scalar).
    case element(index: [Int])
    /// A CSV cell: the 1-based data row (the header is not counted), the row's
    /// first field as its label, and the column's header.
    case cell(row: Int, rowLabel: String, column: String)
    /// A 1-based line of a text file.
    case line(Int)
    /// A 0-based byte offset of a binary file.
    case byte(offset: Int)

    /// `[53, 1]`, `row 3 (mlp), column 'RMSE (kW)'`, `line 12`, `byte 4096`.
    public var description: String {
        switch self {
        case let .element(index): return "[" + index.map(String.init).joined(separator: ", ") + "]"
        case let .cell(row, rowLabel, column):
            let label = rowLabel.count > 40 ? String(rowLabel.prefix(39)) + "…" : rowLabel
            return "row \(row)" + (label.isEmpty ? "" : " (\(label))") + ", column '\(column)'"
        case let .line(line): return "line \(line)"
        case let .byte(offset): return "byte \(offset)"
        }
    }

    /// The multi-index of `flatIndex` in a row-major array of `shape`.
    static func element(flatIndex: Int, shape: [Int]) -> DifferenceLocation {
        var index = [Int](repeating: 0, count: shape.count)
        var remainder = flatIndex
        for dimension in shape.indices.reversed() where shape[dimension] > 0 {
            index[dimension] = remainder % shape[dimension]
            remainder /= shape[dimension]
        }
        return .element(index: index)
    }
}
