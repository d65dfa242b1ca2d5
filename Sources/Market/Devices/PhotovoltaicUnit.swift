/// A microgrid's photovoltaic array (DESIGN.md §2; paper Table II: 10 kW nominal).
///
/// The hour's available power is the nominal capacity times the hour's
/// irradiance factor, perturbed by a relative forecast error whose size is
/// the scenario's "solar uncertainty (%)" (paper Fig. 8e). The market sees the
/// forecast; the perturbation models how far the realisation may stray.
public struct PhotovoltaicUnit: Sendable, Equatable {
    /// Nameplate capacity (kW).
    public var nominalKW: Double

    public init(nominalKW: Double) {
        self.nominalKW = nominalKW
    }

    /// Available PV power (kW) for an hour.
    /// - Parameters:
    ///   - irradianceFactor: the hour's output as a share of nominal, in [0, 1].
    ///   - forecastError: relative error, e.g. 0.1 for +10 %; the result is clamped at 0.
    public func availableKW(irradianceFactor: Double, forecastError: Double = 0) -> Double {
        max(0, nominalKW * irradianceFactor * (1 + forecastError))
    }

    /// The same unit with its capacity multiplied by the MG scale factor κ.
    public func scaled(by kappa: Double) -> PhotovoltaicUnit {
        PhotovoltaicUnit(nominalKW: nominalKW * kappa)
    }
}
