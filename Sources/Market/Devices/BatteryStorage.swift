/// A microgrid's battery (BESS) with its state of charge carried hour to hour
/// (DESIGN.md §2; paper Table II: 10 kW rated, SOC 4–20 kWh, η = 0.95 both ways).
///
/// Over an hour of charging `c` kW and discharging `d` kW the stored energy
/// changes by `η_ch c − d / η_dis` kWh; the market keeps the SOC inside its
/// bounds, which limits both directions.
public struct BatteryStorage: Sendable, Equatable {
    /// Charge and discharge power limit (kW).
    public var ratedPowerKW: Double
    /// State-of-charge bounds (kWh).
    public var minimumSOCKWh: Double
    public var maximumSOCKWh: Double
    /// One-way efficiencies in (0, 1].
    public var chargeEfficiency: Double
    public var dischargeEfficiency: Double
    /// Energy stored now (kWh).
    public var socKWh: Double

    public init(ratedPowerKW: Double, minimumSOCKWh: Double, maximumSOCKWh: Double,
                chargeEfficiency: Double, dischargeEfficiency: Double, socKWh: Double) {
        self.ratedPowerKW = ratedPowerKW
        self.minimumSOCKWh = minimumSOCKWh
        self.maximumSOCKWh = maximumSOCKWh
        self.chargeEfficiency = chargeEfficiency
        self.dischargeEfficiency = dischargeEfficiency
        self.socKWh = socKWh
    }

    /// Largest charging power (kW) for an hour of `hours` length from the current SOC.
    public func maximumChargeKW(hours: Double = 1) -> Double {
        max(0, min(ratedPowerKW, (maximumSOCKWh - socKWh) / (chargeEfficiency * hours)))
    }

    /// Largest discharging power (kW) for an hour of `hours` length from the current SOC.
    public func maximumDischargeKW(hours: Double = 1) -> Double {
        max(0, min(ratedPowerKW, (socKWh - minimumSOCKWh) * dischargeEfficiency / hours))
    }

    /// The battery after charging `chargeKW` and discharging `dischargeKW` for `hours`.
    /// The SOC is clamped to its bounds so solver round-off never leaves them.
    public func after(chargeKW: Double, dischargeKW: Double, hours: Double = 1) -> BatteryStorage {
        var next = self
        let delta = (chargeEfficiency * chargeKW - dischargeKW / dischargeEfficiency) * hours
        next.socKWh = min(maximumSOCKWh, max(minimumSOCKWh, socKWh + delta))
        return next
    }

    /// The same battery with power and energy multiplied by the MG scale factor κ.
    public func scaled(by kappa: Double) -> BatteryStorage {
        BatteryStorage(ratedPowerKW: ratedPowerKW * kappa, minimumSOCKWh: minimumSOCKWh * kappa,
                       maximumSOCKWh: maximumSOCKWh * kappa, chargeEfficiency: chargeEfficiency,
                       dischargeEfficiency: dischargeEfficiency, socKWh: socKWh * kappa)
    }
}
