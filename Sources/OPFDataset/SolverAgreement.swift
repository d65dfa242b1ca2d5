import OPF

/// How far two datasets generated from the same configuration and seed by two SOCP solvers
/// (Ipopt and the radial IPM, issue 20) lie apart, sample by sample: the largest differences in
/// the quantities the issue bounds — objective (relative), α, bus voltages (p.u.) — and the
/// samples whose OPF status, acceptance or exact re-solve differ. Samples either solver left
/// without a solution are counted, not compared. Prices are compared too, but not bounded: where
/// several limits bind at once the DLMPs are not unique, and two interior-point methods may end at
/// different points of that face with the same primal answer.
public struct SolverAgreement: Sendable {
    public var samples = 0
    /// Samples compared: both solved.
    public var compared = 0
    public var statusMismatches = 0
    public var acceptanceMismatches = 0
    public var exactResolveMismatches = 0
    /// `max |f_a − f_b| / max(1, |f_b|)` over the compared samples.
    public var objectiveRelative = 0.0
    public var alpha = 0.0
    public var voltagePU = 0.0
    /// Largest difference of a microgrid's DLMP (Rs/kWh), and the samples where one differs by more
    /// than `priceTolerance` (relative to max(1, |λ|)).
    public var dlmpRsPerKWh = 0.0
    public var dlmpMismatches = 0
    /// Largest difference of a sample's total network charge `Σ_k (λ_buyer − λ_seller) α_k t_k` (Rs/h).
    public var networkChargeRsPerH = 0.0
    static let priceTolerance = 1e-6

    /// The tolerances: objective 1e-7 relative, α 1e-5, voltages 1e-6 p.u., and no sample answered
    /// differently (status, acceptance, exact re-solve).
    public var withinTolerances: Bool {
        statusMismatches == 0 && acceptanceMismatches == 0 && exactResolveMismatches == 0
            && objectiveRelative <= 1e-7 && alpha <= 1e-5 && voltagePU <= 1e-6
    }

    /// Compares `candidate` with `reference` (same configuration, samples and seed).
    public init(candidate: GeneratedDataset, reference: GeneratedDataset) throws {
        guard candidate.records.count == reference.records.count, candidate.seed == reference.seed else {
            throw DatasetError.invalidArgument(name: "datasets", message: "different samples or seeds: not the same draws")
        }
        let solved: Set<Int32> = [SampleStatusCode.code(.optimal), SampleStatusCode.code(.acceptable)]
        for (a, b) in zip(candidate.records, reference.records) {
            samples += 1
            if a.opfStatus != b.opfStatus { statusMismatches += 1 }
            guard solved.contains(a.opfStatus), solved.contains(b.opfStatus) else { continue }
            compared += 1
            if a.accepted != b.accepted { acceptanceMismatches += 1 }
            if a.exactResolve != b.exactResolve { exactResolveMismatches += 1 }
            objectiveRelative = max(objectiveRelative, abs(a.objectiveRs - b.objectiveRs) / max(1, abs(b.objectiveRs)))
            for (x, y) in zip(a.alpha, b.alpha) { alpha = max(alpha, abs(x - y)) }
            for (x, y) in zip(a.voltagesPU, b.voltagesPU) { voltagePU = max(voltagePU, abs(x - y)) }
            var pricesDiffer = false
            for (x, y) in zip(a.dlmpRsPerKWh, b.dlmpRsPerKWh) {
                dlmpRsPerKWh = max(dlmpRsPerKWh, abs(x - y))
                if abs(x - y) > Self.priceTolerance * max(1, abs(y)) { pricesDiffer = true }
            }
            if pricesDiffer { dlmpMismatches += 1 }
            networkChargeRsPerH = max(networkChargeRsPerH, abs(a.networkChargeRsPerH.reduce(0, +) - b.networkChargeRsPerH.reduce(0, +)))
        }
    }
}
