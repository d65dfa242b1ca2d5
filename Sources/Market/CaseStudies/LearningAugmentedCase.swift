/// Case 3 (DESIGN.md §8): the learning-augmented market. The MGs predict the
/// DSO's response locally with a trained model and, while the predicted
/// acceptance probability p̂_acc is below p*, cap the trades of every MG
/// predicted curtailed at its predicted share `P̂_acc / P_net` less δ,
/// re-clear and predict again — at most L times, with no DSO call
/// (`LocalRefinement`). They submit the result once; the DSO verifies it and,
/// if it still curtails, case 2's rounds follow (`fallback`).
public final class LearningAugmentedCase: CaseStudy {
    public let label: CaseLabel
    private let predictor: any ResponsePredictor
    private let policy: RefinementPolicy

    /// Case 3 with `predictor`, named `predictorName` in tables (e.g. "models/transformer").
    public convenience init(predictor: any ResponsePredictor, predictorName: String, policy: RefinementPolicy) {
        self.init(label: CaseLabel(number: 3, name: "learning-augmented", predictor: predictorName), predictor: predictor,
                  policy: policy)
    }

    /// The same market with another label (the oracle, case 4).
    init(label: CaseLabel, predictor: any ResponsePredictor, policy: RefinementPolicy) {
        self.label = label
        self.predictor = predictor
        self.policy = policy
    }

    public func firstSubmission(_ session: inout HourSession) throws -> Submission {
        .proposal(try session.refineLocally(with: predictor, policy: policy).clearing)
    }

    public func nextProposal(after response: DSOResponse, _ session: inout HourSession) throws -> MarketClearing? {
        session.fallback = true
        return try IterativeFeedbackCase.feedbackRound(after: response, &session)
    }
}
