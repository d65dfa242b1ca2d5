import Grid

/// How the current–power relation `P² + Q² = v ℓ` of every branch enters the OPF.
public enum OPFFormulation: String, Sendable, Equatable, CaseIterable {
    /// `P² + Q² ≤ v ℓ`: the convex second-order-cone relaxation (Farivar & Low), exact on
    /// radial feeders when no upper voltage limit binds; the relaxation gap is reported.
    case socp
    /// `P² + Q² = v ℓ`: the exact, non-convex branch-flow model.
    case exact
}

/// The price of involuntary load shedding, in the currency of the generator
/// costs: `linearPerMWh · shed + quadraticPerMW2h · shed²` per bus and hour.
/// A bus sheds at most its whole load, at the load's own power factor.
public struct LoadSheddingCost: Sendable, Equatable {
    /// Value of lost load (currency per MWh).
    public var linearPerMWh: Double
    /// Quadratic coefficient (currency per MW² per hour).
    public var quadraticPerMW2h: Double

    /// Shedding priced at `linearPerMWh` (VOLL) plus `quadraticPerMW2h · shed²`.
    public init(linearPerMWh: Double, quadraticPerMW2h: Double = 0) {
        self.linearPerMWh = linearPerMWh
        self.quadraticPerMW2h = quadraticPerMW2h
    }
}

/// A standard OPF of a radial case, like MATPOWER's `runopf` on a radial
/// feeder: polynomial generator costs (`gencost` model 2, currency/h with P
/// in MW), generator P/Q limits, bus `Vmin`/`Vmax` (the slack bus included —
/// MATPOWER's OPF does not fix it to `Vg`), branch `rateA` apparent-power
/// limits at both ends (0 = unlimited), bus shunts, line charging and tap
/// ratios. Angle limits and phase shifts are not modelled: on a radial
/// network they do not constrain the voltage magnitudes or flows.
public struct OPFProblem: Sendable, Equatable {
    /// The radial case, in MATPOWER units.
    public var network: Network
    /// SOCP relaxation or exact branch-flow model.
    public var formulation: OPFFormulation
    /// Load shedding with its cost; nil forbids shedding.
    public var shedding: LoadSheddingCost?

    /// The OPF of `network`; shedding is forbidden unless priced.
    public init(network: Network, formulation: OPFFormulation = .socp, shedding: LoadSheddingCost? = nil) {
        self.network = network
        self.formulation = formulation
        self.shedding = shedding
    }
}

/// An injection pair created by one bilateral trade, in per unit, as the
/// branch-flow model sees it: the seller's bus gains `α · powerPU` (and
/// `α · powerPU · tan φ` reactive), the buyer's bus loses the same.
struct TradeInjection: Equatable {
    var sellerBus: Int
    var buyerBus: Int
    var powerPU: Double
    var sellerTanPhi: Double
    var buyerTanPhi: Double
}

/// Everything the branch-flow model is built from, already validated and in per unit.
struct BranchFlowSpecification {
    var network: Network
    var formulation: OPFFormulation
    /// Shedding costs per p.u. of shed power (currency/h per p.u. and per p.u.²); nil = no shedding.
    var shedding: (linearPerPU: Double, quadraticPerPU2: Double)?
    var trades: [TradeInjection] = []
    /// `λ_corr` in currency/h per p.u.² of rejected trade power.
    var correctionCostPerPU2 = 0.0
    /// `π_curt` in currency/h per p.u. of rejected trade power.
    var curtailmentCostPerPU = 0.0
}
