/// A microgrid's price-responsive demand with the utility of Samadi et al.
/// (2010), DESIGN.md §2:
///
///     U(d) = ω d − (α/2) d²   for d ≤ ω/α,
///     U(d) = ω² / (2α)        beyond (satiation).
///
/// Demand is bounded below by a must-serve minimum and above by a maximum
/// (the hour's load); both in kW.
public struct FlexibleDemand: Sendable, Equatable {
    /// Marginal utility at zero consumption (Rs/kWh).
    public var omegaRsPerKWh: Double
    /// Decline of the marginal utility (Rs/kW²h).
    public var alphaRsPerKW2: Double
    /// Demand bounds for the hour (kW).
    public var minimumKW: Double
    public var maximumKW: Double

    public init(omegaRsPerKWh: Double, alphaRsPerKW2: Double, minimumKW: Double, maximumKW: Double) {
        self.omegaRsPerKWh = omegaRsPerKWh
        self.alphaRsPerKW2 = alphaRsPerKW2
        self.minimumKW = minimumKW
        self.maximumKW = maximumKW
    }

    /// Consumption at which the utility saturates (kW).
    public var satiationKW: Double { omegaRsPerKWh / alphaRsPerKW2 }

    /// Utility (Rs) of consuming `demandKW` for one hour.
    public func utilityRs(demandKW d: Double) -> Double {
        if d <= satiationKW { return omegaRsPerKWh * d - 0.5 * alphaRsPerKW2 * d * d }
        return omegaRsPerKWh * omegaRsPerKWh / (2 * alphaRsPerKW2)
    }

    /// Marginal utility dU/dd (Rs/kWh); zero beyond satiation.
    public func marginalUtilityRsPerKWh(demandKW d: Double) -> Double {
        max(0, omegaRsPerKWh - alphaRsPerKW2 * d)
    }

    /// The same demand at MG scale κ: bounds × κ and α ÷ κ, so that the
    /// marginal utility at a proportionally scaled consumption is unchanged.
    public func scaled(by kappa: Double) -> FlexibleDemand {
        FlexibleDemand(omegaRsPerKWh: omegaRsPerKWh, alphaRsPerKW2: alphaRsPerKW2 / kappa,
                       minimumKW: minimumKW * kappa, maximumKW: maximumKW * kappa)
    }
}
