/// How one ADMM clearing converged, round by round (DESIGN.md §13): the two
/// quantities `ADMMOptions` stops on, which the report's convergence figure draws.
public struct ADMMResiduals: Sendable, Equatable {
    /// Per round: the primal residual, the largest |x_seller − x_buyer| over the open pairs (kW).
    public var primalKW: [Double] = []
    /// Per round: the largest change of a consensus trade |z^k − z^(k−1)| (kW) — the dual
    /// residual ρ|Δz| divided by the pair's penalty ρ, so that both residuals are in kW.
    public var consensusChangeKW: [Double] = []

    public init() {}

    /// Residuals of a clearing that ran `primalKW.count` rounds; both arrays have one entry per round.
    public init(primalKW: [Double], consensusChangeKW: [Double]) {
        precondition(primalKW.count == consensusChangeKW.count, "one primal residual and one consensus change per round")
        self.primalKW = primalKW
        self.consensusChangeKW = consensusChangeKW
    }

    /// Rounds recorded.
    public var rounds: Int { primalKW.count }

    /// Records one round.
    mutating func append(primalKW primal: Double, consensusChangeKW change: Double) {
        primalKW.append(primal)
        consensusChangeKW.append(change)
    }
}
