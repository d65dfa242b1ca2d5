import Foundation

/// How a column's values read in Markdown. CSV ignores it and writes every
/// number at full precision (see `CSVNumber`), so rounding for display never
/// loses data.
public enum ColumnFormat: Sendable, Hashable {
    /// Free text, left-aligned.
    case text
    /// Whole numbers (`Cell.integer`), right-aligned.
    case integer
    /// Fixed-point with this many decimals, right-aligned: `12.35`.
    case fixed(decimals: Int)
    /// Scientific with this many decimals in the mantissa, right-aligned: `1.23e-05`.
    case scientific(decimals: Int)

    /// Whether Markdown right-aligns the column, so decimal points line up.
    var isNumeric: Bool { self != .text }

    /// The Markdown text of `cell`; callers have checked that the cell fits the format.
    func display(_ cell: Cell) -> String {
        switch cell {
        case .missing:
            return "—"
        case let .text(text):
            return text
        case let .integer(value):
            return self == .integer ? String(value) : display(.number(Double(value)))
        case let .number(value):
            guard value.isFinite else { return CSVNumber.string(value) }
            switch self {
            // `String(format:)` without a locale always uses `.` as the decimal sign.
            case let .fixed(decimals): return String(format: "%.\(max(0, decimals))f", value)
            case let .scientific(decimals): return String(format: "%.\(max(0, decimals))e", value)
            case .text, .integer: return CSVNumber.string(value)
            }
        }
    }

    /// Whether a column of this format may hold `cell`.
    func admits(_ cell: Cell) -> Bool {
        switch (self, cell) {
        case (_, .missing), (.text, .text), (.integer, .integer), (.fixed, .integer), (.fixed, .number),
             (.scientific, .integer), (.scientific, .number):
            return true
        default:
            return false
        }
    }

    /// What the column holds, for error messages.
    var expectation: String {
        switch self {
        case .text: return "text"
        case .integer: return "an integer"
        case .fixed, .scientific: return "a number"
        }
    }
}
