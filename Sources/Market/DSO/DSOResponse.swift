import OPF

/// The DSO's answer to a `TradeProposal` (DESIGN.md §4, version 2). Per-pair
/// arrays follow `TradeProposal.tradePairs`; a pair that proposes no trade has
/// nothing to curtail and reports α = 1, 0 kW curtailed and 0 Rs network charge.
public struct DSOResponse: Sendable {
    /// OPF status; `.optimal`/`.acceptable` responses carry meaningful values.
    public var status: OptimizationStatus
    /// Acceptance fraction per ordered pair.
    public var alpha: [Double]
    /// Curtailed power per ordered pair `(1 − α) t` (kW).
    public var curtailedKW: [Double]
    /// Accepted injection per MG, `P_acc[n] = Σ_k ±α_k t_k` (kW); sums to zero.
    public var acceptedInjectionKW: [Double]
    /// Per MG: some trade of it, as seller or buyer, has α < `DistributionSystemOperator.acceptanceThreshold`.
    public var curtailedMicrogrids: [Bool]
    /// Every α ≥ `DistributionSystemOperator.acceptanceThreshold` (and the OPF solved).
    public var accepted: Bool
    /// DLMP at each MG's bus (Rs/kWh).
    public var dlmpRsPerKWh: [Double]
    /// Network charge per ordered pair `(λ_buyer − λ_seller) α t` (Rs/h).
    public var networkChargeRsPerH: [Double]
    /// The limits that held the OPF's solution (`BindingConstraint`).
    public var binding: [BindingConstraint]
    /// The model that answered: `.exact` when the SOCP relaxation was not exact and was re-solved.
    public var formulation: OPFFormulation
    /// Whether the SOCP answer was replaced by an exact re-solve.
    public var exactResolve: Bool
    /// Value of lost load the OPF priced shedding at (Rs/kWh).
    public var vollRsPerKWh: Double
    /// Linear curtailment price `π_curt` the OPF priced curtailed trades at (Rs/kWh).
    public var curtailmentPriceRsPerKWh: Double
    /// The full OPF result behind the answer (voltages, branch loadings, gap, timings).
    public var opf: OPFResult
    /// The out-of-service branches of the topology the answer holds for (indices into the
    /// feeder's branches): the case's own, or the alternative a reconfiguring DSO chose.
    public var openBranches: [Int]
    /// Whether the DSO answered on an alternative topology (`DistributionSystemOperator.reconfigurationAlternatives`).
    public var reconfigured: Bool
    /// OPFs the answer took: 1, or 1 + the alternatives a reconfiguring DSO checked before curtailing.
    public var opfSolves: Int
}
