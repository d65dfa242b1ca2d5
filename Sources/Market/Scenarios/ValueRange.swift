/// A closed interval `[lower, upper]` that a scenario parameter is drawn from
/// uniformly (written `{min: …, max: …}` in specs). `lower == upper` fixes the parameter.
public struct ValueRange: Sendable, Equatable, Codable {
    public var lower: Double
    public var upper: Double

    enum CodingKeys: String, CodingKey {
        case lower = "min"
        case upper = "max"
    }

    public init(_ lower: Double, _ upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    /// A range holding one value.
    public static func fixed(_ value: Double) -> ValueRange { ValueRange(value, value) }

    /// Whether both ends are finite and `lower ≤ upper`.
    public var isValid: Bool { lower.isFinite && upper.isFinite && lower <= upper }

    public func contains(_ value: Double) -> Bool { value >= lower && value <= upper }
}
