/// Case 4 (DESIGN.md §8): the oracle — case 3 with the DSO's own OPF as the
/// predictor (`OracleResponsePredictor`). It bounds from above what
/// prediction can achieve; it is not private, since the MGs would need the
/// feeder and every load. Its predictions run on a DSO of their own, and
/// their time counts on the MG side, as a model's would.
public final class OracleCase: CaseStudy {
    public let label = CaseLabel(number: 4, name: "oracle", predictor: "DSO OPF")
    private let refined: LearningAugmentedCase

    /// The oracle predicting with `dso` (give it one of its own, fresh for the day).
    public init(dso: DistributionSystemOperator, policy: RefinementPolicy) {
        refined = LearningAugmentedCase(label: label, predictor: OracleResponsePredictor(dso: dso), policy: policy)
    }

    public func firstSubmission(_ session: inout HourSession) throws -> Submission {
        try refined.firstSubmission(&session)
    }

    public func nextProposal(after response: DSOResponse, _ session: inout HourSession) throws -> MarketClearing? {
        try refined.nextProposal(after: response, &session)
    }
}
