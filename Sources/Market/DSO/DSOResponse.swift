import OPF

/// The DSO's answer to a `TradeProposal` (DESIGN.md §4).
public struct DSOResponse: Sendable {
    /// OPF status; `.optimal`/`.acceptable` responses carry meaningful values.
    public var status: OptimizationStatus
    /// Acceptance fraction per ordered pair, in `TradeProposal.tradePairs` order.
    /// A pair that proposes no trade has nothing to curtail and reports α = 1.
    public var alpha: [Double]
    /// Accepted injection per MG, `P_acc[n] = Σ_k ±α_k t_k` (kW); sums to zero.
    public var acceptedInjectionKW: [Double]
    /// Every α ≥ 0.99 (and the OPF solved).
    public var accepted: Bool
    /// DLMP at each MG's bus (Rs/kWh).
    public var dlmpRsPerKWh: [Double]
    /// Value of lost load the OPF priced shedding at (Rs/kWh).
    public var vollRsPerKWh: Double
    /// The full OPF result behind the answer (voltages, branch loadings, gap, timings).
    public var opf: OPFResult
}
