/// Case 2 (DESIGN.md §8): P2P with iterative DSO feedback. The MGs propose
/// the unconstrained clearing; while the DSO curtails, they cap every
/// curtailed trade at what the DSO accepted, `α_k t_k`, re-clear and propose
/// again (the simulator stops after R proposals).
public final class IterativeFeedbackCase: CaseStudy {
    public let label = CaseLabel(number: 2, name: "iterative DSO feedback")

    public init() {}

    public func firstSubmission(_ session: inout HourSession) throws -> Submission {
        .proposal(session.unconstrained)
    }

    public func nextProposal(after response: DSOResponse, _ session: inout HourSession) throws -> MarketClearing? {
        try Self.feedbackRound(after: response, &session)
    }

    /// Case 2's round, which cases 3 and 4 fall back to: cap the last
    /// proposal's curtailed trades at `α_k t_k` (`TradeCaps.applyDSOResponse`)
    /// and re-clear.
    public static func feedbackRound(after response: DSOResponse, _ session: inout HourSession) throws -> MarketClearing {
        var caps = session.caps
        caps.applyDSOResponse(alpha: response.alpha, tradesKW: session.lastProposal.tradesKW)
        return try session.reclear(under: caps, step: "re-clearing after DSO round")
    }
}
