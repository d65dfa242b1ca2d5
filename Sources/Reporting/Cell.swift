/// One value of a table. Integers are kept apart from doubles so a count
/// reads `12` in the CSV, not `12.0`.
public enum Cell: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    /// Free text.
    case text(String)
    /// A whole number.
    case integer(Int)
    /// A real number; NaN and ±infinity are allowed and written as `nan`, `inf`, `-inf`.
    case number(Double)
    /// No value (a metric that does not apply to this row): empty in CSV, `—` in Markdown.
    case missing

    /// A text cell from a literal.
    public init(stringLiteral value: String) { self = .text(value) }
    /// An integer cell from a literal.
    public init(integerLiteral value: Int) { self = .integer(value) }
    /// A number cell from a literal.
    public init(floatLiteral value: Double) { self = .number(value) }

    /// What the cell holds, for error messages.
    var kindDescription: String {
        switch self {
        case .text: return "text"
        case .integer: return "an integer"
        case .number: return "a number"
        case .missing: return "nothing"
        }
    }
}
