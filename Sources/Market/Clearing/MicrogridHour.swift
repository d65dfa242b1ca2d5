/// What one microgrid brings to one market period: its devices with the
/// hour's PV availability and demand bounds already applied.
public struct MicrogridHour: Sendable, Equatable {
    public var microgrid: Microgrid
    /// PV power available this hour (kW); the market may curtail it.
    public var availablePVKW: Double

    public init(microgrid: Microgrid, availablePVKW: Double) {
        self.microgrid = microgrid
        self.availablePVKW = availablePVKW
    }
}

/// One microgrid's cleared operating point for a period (kW).
public struct MicrogridDispatch: Sendable, Equatable {
    public var pvKW: Double
    public var dieselKW: Double
    public var chargeKW: Double
    public var dischargeKW: Double
    public var demandKW: Double

    public init(pvKW: Double, dieselKW: Double, chargeKW: Double, dischargeKW: Double, demandKW: Double) {
        self.pvKW = pvKW
        self.dieselKW = dieselKW
        self.chargeKW = chargeKW
        self.dischargeKW = dischargeKW
        self.demandKW = demandKW
    }

    /// Local surplus `PV + DG + dis − ch − d` (kW), which the MG's trades must carry away.
    public var surplusKW: Double { pvKW + dieselKW + dischargeKW - chargeKW - demandKW }
}
