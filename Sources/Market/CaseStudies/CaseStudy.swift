/// One way the MGs and the DSO settle an hour — one case study of DESIGN.md
/// §8, each a small type in its own file:
///
/// | case | type | first submission | after a curtailed response |
/// |---|---|---|---|
/// | 1 | `NetworkAgnosticCase` | the cleared trades, hidden from the DSO | — |
/// | 2 | `IterativeFeedbackCase` | the cleared trades | cap curtailed trades at α t, re-clear |
/// | 3 | `LearningAugmentedCase` | refined locally with a trained predictor | case 2's rule |
/// | 4 | `OracleCase` | refined locally with the DSO's own OPF | case 2's rule |
///
/// `CaseStudySimulator` drives a case hour by hour: it clears the market
/// once without caps, asks the case for its first submission, submits it to
/// the DSO, and while the DSO curtails (and fewer than R proposals were
/// submitted) asks for the next proposal; then it executes the outcome
/// (`CaseStudySimulator` says what is executed) and measures it. A case
/// re-clears, predicts and keeps its counters through the `HourSession`.
/// Adding a case is adding a type.
///
/// A case instance serves one day on one thread (an oracle warm-starts its
/// own OPF), so the caller makes fresh instances per day.
public protocol CaseStudy: AnyObject {
    /// Which case this is, in tables.
    var label: CaseLabel { get }
    /// What the MGs submit first, starting from `session.unconstrained`.
    func firstSubmission(_ session: inout HourSession) throws -> Submission
    /// The DSO curtailed the last proposal with `response`: the next proposal
    /// (a clearing run through `session`), or nil to settle on this response.
    func nextProposal(after response: DSOResponse, _ session: inout HourSession) throws -> MarketClearing?
}

/// What a case submits first.
public enum Submission: Sendable {
    /// The MGs execute these trades without telling the DSO, which dispatches
    /// the feeder trade-blind (an OPF on the empty proposal).
    case tradeBlind(MarketClearing)
    /// The MGs propose these trades to the DSO.
    case proposal(MarketClearing)
}

/// Which case an outcome belongs to: the paper's number, its name and, for a
/// predicting case, the predictor. Cases sort by number, then predictor.
public struct CaseLabel: Sendable, Hashable, Comparable {
    /// 1–4 (DESIGN.md §8).
    public var number: Int
    /// Name in tables, e.g. "learning-augmented".
    public var name: String
    /// The predictor, e.g. "models/transformer" (train stage / model) or
    /// "DSO OPF"; empty for a case that predicts nothing.
    public var predictor: String

    public init(number: Int, name: String, predictor: String = "") {
        self.number = number
        self.name = name
        self.predictor = predictor
    }

    public static func < (lhs: CaseLabel, rhs: CaseLabel) -> Bool {
        (lhs.number, lhs.predictor) < (rhs.number, rhs.predictor)
    }
}
