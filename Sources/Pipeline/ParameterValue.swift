/// A typed, validated parameter value of a stage.
///
/// `canonicalText` is the single spelling that enters the cache key, so two
/// spec files that mean the same thing (`1` vs `1.0` for a real parameter,
/// a parameter left at its default vs written out) give the same key.
public enum ParameterValue: Sendable, Hashable, Codable {
    /// An integer parameter.
    case int(Int)
    /// A real parameter.
    case double(Double)
    /// A string or enum parameter.
    case string(String)
    /// A boolean parameter.
    case bool(Bool)
    /// A list parameter, elements in order.
    case list([ParameterValue])

    /// Canonical JSON spelling: integers in decimal, reals in Swift's shortest
    /// round-trip form (always with a `.`, `e` or as `nan`/`inf` strings), strings
    /// JSON-escaped, lists in order.
    public var canonicalText: String {
        switch self {
        case .int(let value): return String(value)
        case .double(let value):
            guard value.isFinite else { return "\"\(value)\"" }
            let text = String(value)
            return text.contains(".") || text.contains("e") ? text : text + ".0"
        case .string(let value): return Self.jsonQuoted(value)
        case .bool(let value): return value ? "true" : "false"
        case .list(let values): return "[" + values.map(\.canonicalText).joined(separator: ",") + "]"
        }
    }

    /// A short human-readable spelling for messages and `status` output.
    public var displayText: String {
        switch self {
        case .string(let value): return value
        default: return canonicalText
        }
    }

    static func jsonQuoted(_ text: String) -> String {
        var quoted = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\r": quoted += "\\r"
            case "\t": quoted += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    quoted += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    quoted.unicodeScalars.append(scalar)
                }
            }
        }
        return quoted + "\""
    }

    /// Decodes a value written by `encode(to:)` (manifests, records); a
    /// whole-number real comes back as `.int`, which only `status` reads.
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Int.self) { self = .int(value) }
        else if let value = try? container.decode(Double.self) { self = .double(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else { self = .list(try container.decode([ParameterValue].self)) }
    }

    /// Encodes as the plain JSON value.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .list(let values): try container.encode(values)
        }
    }
}

/// The validated parameters of one stage: every declared parameter, with
/// defaults filled in. Accessors trap when a stage kind asks for a parameter
/// it did not declare or with another type — a programming error in the
/// stage kind, never a user error (validation has already checked the spec).
public struct ParameterValues: Sendable, Hashable {
    /// Values by parameter name.
    public let values: [String: ParameterValue]

    /// Wraps already-validated values.
    public init(_ values: [String: ParameterValue]) {
        self.values = values
    }

    /// `{"name":value,...}` with names sorted: the spelling hashed into the cache key.
    public var canonicalText: String {
        "{" + values.keys.sorted().map { ParameterValue.jsonQuoted($0) + ":" + values[$0]!.canonicalText }
            .joined(separator: ",") + "}"
    }

    /// The value of a declared integer parameter.
    public func int(_ name: String) -> Int {
        guard case .int(let value)? = values[name] else { preconditionFailure(misuse(name, "int")) }
        return value
    }

    /// The value of a declared real parameter.
    public func double(_ name: String) -> Double {
        guard case .double(let value)? = values[name] else { preconditionFailure(misuse(name, "double")) }
        return value
    }

    /// The value of a declared string or enum parameter.
    public func string(_ name: String) -> String {
        guard case .string(let value)? = values[name] else { preconditionFailure(misuse(name, "string")) }
        return value
    }

    /// The value of a declared boolean parameter.
    public func bool(_ name: String) -> Bool {
        guard case .bool(let value)? = values[name] else { preconditionFailure(misuse(name, "bool")) }
        return value
    }

    /// The elements of a declared list parameter.
    public func list(_ name: String) -> [ParameterValue] {
        guard case .list(let value)? = values[name] else { preconditionFailure(misuse(name, "list")) }
        return value
    }

    private func misuse(_ name: String, _ type: String) -> String {
        "stage kind asked for undeclared \(type) parameter '\(name)'; declared: \(values.keys.sorted().joined(separator: ", "))"
    }
}
