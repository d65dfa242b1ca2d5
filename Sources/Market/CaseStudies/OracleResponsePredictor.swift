/// The DSO's own OPF as the MGs' predictor (case study 4, DESIGN.md §8): an
/// upper bound on what prediction can achieve, and not private — the MGs
/// would need the feeder and every load. Its probabilities are 1 or 0, read
/// from the OPF's `accepted` and `curtailedMicrogrids`.
public final class OracleResponsePredictor: ResponsePredictor {
    private let dso: DistributionSystemOperator

    /// Predicts with `dso`; give it a DSO of its own, so its warm starts do not
    /// touch the DSO that answers the submissions.
    public init(dso: DistributionSystemOperator) {
        self.dso = dso
    }

    public func predictResponse(to proposal: TradeProposal, demandKW: [Double]) throws -> PredictedResponse {
        let response = try dso.respond(to: proposal)
        guard response.status.hasSolution else {
            throw MarketError.caseStudyStepFailed(step: "oracle prediction: DSO OPF", status: "\(response.status)")
        }
        return PredictedResponse(acceptedInjectionKW: response.acceptedInjectionKW,
                                 curtailmentProbability: response.curtailedMicrogrids.map { $0 ? 1 : 0 },
                                 acceptanceProbability: response.accepted ? 1 : 0)
    }
}
