/// Settings of the P2P market clearing that are not properties of any
/// microgrid (DESIGN.md §3).
public struct MarketParameters: Sendable, Equatable, Codable {
    /// Per-kWh trade fee (Rs/kWh): a small network charge on every bilateral trade.
    public var tradeFeeRsPerKWh: Double
    /// Quadratic trade fee (Rs/kW²h). Strictly convex in every trade, it makes the
    /// trade matrix unique: with a linear fee alone, any split of a seller's
    /// surplus among several buyers costs the same.
    public var tradeFeeQuadraticRsPerKW2: Double
    /// Battery wear cost per kWh charged or discharged (Rs/kWh); it also rules
    /// out simultaneous charging and discharging.
    public var batteryWearRsPerKWh: Double
    /// Value the MGs put on energy left in their batteries (Rs/kWh of stored energy).
    /// Without it a single-period clearing would always empty every battery, since
    /// stored energy would be worth nothing after the hour.
    public var storedEnergyValueRsPerKWh: Double
    /// Length of one market period (h).
    public var periodHours: Double
    /// How the market is cleared; nil (absent from a spec) is `central`, so files of specs without it keep their bytes.
    public var clearing: ClearingMethod?
    /// The clearing method in force.
    public var clearingMethod: ClearingMethod { clearing ?? .central }

    public init(tradeFeeRsPerKWh: Double = 0.01, tradeFeeQuadraticRsPerKW2: Double = 1e-4,
                batteryWearRsPerKWh: Double = 0.02, storedEnergyValueRsPerKWh: Double = 0.5,
                periodHours: Double = 1, clearing: ClearingMethod? = nil) {
        self.tradeFeeRsPerKWh = tradeFeeRsPerKWh
        self.tradeFeeQuadraticRsPerKW2 = tradeFeeQuadraticRsPerKW2
        self.batteryWearRsPerKWh = batteryWearRsPerKWh
        self.storedEnergyValueRsPerKWh = storedEnergyValueRsPerKWh
        self.periodHours = periodHours
        self.clearing = clearing
    }
}
