/// The type of a stage parameter, with the values it admits.
public indirect enum ParameterType: Sendable, Hashable {
    /// An integer in `range` (inclusive).
    case int(ClosedRange<Int>)
    /// A finite real number in `range` (inclusive); integers are accepted and widened.
    case double(ClosedRange<Double>)
    /// Any string.
    case string
    /// `true` or `false`.
    case bool
    /// One of a fixed set of strings.
    case choice([String])
    /// A list of elements of one type, with an allowed length.
    case list(of: ParameterType, count: ClosedRange<Int>)

    /// How the type reads in error messages and `--help`-like listings.
    public var description: String {
        switch self {
        case .int(let range): return "integer in \(range.lowerBound)...\(range.upperBound)"
        case .double(let range): return "number in \(range.lowerBound)...\(range.upperBound)"
        case .string: return "string"
        case .bool: return "boolean (true or false)"
        case .choice(let cases): return "one of " + cases.joined(separator: ", ")
        case .list(let element, let count):
            return "list of \(count.lowerBound)...\(count.upperBound) × \(element.description)"
        }
    }
}

/// A parameter a stage kind declares: its name, type, default and meaning.
public struct ParameterSpec: Sendable, Hashable {
    /// Name as written under `params:` in a pipeline file.
    public let name: String
    /// Type and admitted values.
    public let type: ParameterType
    /// Value used when the spec omits the parameter; `nil` makes it required.
    public let defaultValue: ParameterValue?
    /// One line for documentation and messages, with the unit where there is one.
    public let summary: String

    /// Declares a parameter; a default must itself be admitted by `type`.
    public init(_ name: String, _ type: ParameterType, default defaultValue: ParameterValue? = nil, summary: String) {
        if let defaultValue {
            precondition(type.admits(defaultValue), "default \(defaultValue.canonicalText) of parameter '\(name)' is not a \(type.description)")
        }
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.summary = summary
    }
}

extension ParameterType {
    /// Whether an already-typed value belongs to this type.
    func admits(_ value: ParameterValue) -> Bool {
        switch (self, value) {
        case (.int(let range), .int(let v)): return range.contains(v)
        case (.double(let range), .double(let v)): return v.isFinite && range.contains(v)
        case (.string, .string): return true
        case (.bool, .bool): return true
        case (.choice(let cases), .string(let v)): return cases.contains(v)
        case (.list(let element, let count), .list(let values)):
            return count.contains(values.count) && values.allSatisfy(element.admits)
        default: return false
        }
    }
}
