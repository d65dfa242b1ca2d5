/// One plotted axis: what it shows, in which unit, and whether it is logarithmic.
public struct Axis: Sendable, Hashable {
    /// Quantity, e.g. `Voltage`.
    public let label: String
    /// Unit, e.g. `p.u.`; nil for dimensionless quantities.
    public let unit: String?
    /// Logarithmic scale (training losses spanning decades); every value on it must be positive.
    public let logScale: Bool

    /// Creates an axis.
    public init(_ label: String, unit: String? = nil, logScale: Bool = false) {
        self.label = label
        self.unit = unit
        self.logScale = logScale
    }

    /// `label (unit)`, as on the plot and in the data CSV's headers.
    public var title: String {
        unit.map { "\(label) (\($0))" } ?? label
    }
}
