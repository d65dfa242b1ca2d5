/// A microgrid's dispatchable diesel generator with quadratic cost
/// `C(g) = a g² + b g` over `0 ≤ g ≤ g_max` (paper eqs. 5–6, Table II).
public struct DieselGenerator: Sendable, Equatable {
    /// Output limit (kW).
    public var maximumKW: Double
    /// Quadratic cost coefficient (Rs/kW²h).
    public var quadraticCostRsPerKW2: Double
    /// Linear cost coefficient (Rs/kWh).
    public var linearCostRsPerKWh: Double

    public init(maximumKW: Double, quadraticCostRsPerKW2: Double, linearCostRsPerKWh: Double) {
        self.maximumKW = maximumKW
        self.quadraticCostRsPerKW2 = quadraticCostRsPerKW2
        self.linearCostRsPerKWh = linearCostRsPerKWh
    }

    /// Cost (Rs) of producing `outputKW` for one hour.
    public func costRs(outputKW g: Double) -> Double {
        quadraticCostRsPerKW2 * g * g + linearCostRsPerKWh * g
    }

    /// Marginal cost dC/dg (Rs/kWh).
    public func marginalCostRsPerKWh(outputKW g: Double) -> Double {
        2 * quadraticCostRsPerKW2 * g + linearCostRsPerKWh
    }

    /// The same generator at MG scale κ: capacity × κ and the quadratic
    /// coefficient ÷ κ, so that κ identical units at `g/κ` each cost the same
    /// as one scaled unit at `g` (marginal cost at full output is unchanged).
    public func scaled(by kappa: Double) -> DieselGenerator {
        DieselGenerator(maximumKW: maximumKW * kappa, quadraticCostRsPerKW2: quadraticCostRsPerKW2 / kappa,
                        linearCostRsPerKWh: linearCostRsPerKWh)
    }
}
