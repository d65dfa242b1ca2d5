/// Case 1 (DESIGN.md §8): the MGs trade ignoring the grid. They execute the
/// unconstrained clearing without telling the DSO, which dispatches the
/// feeder on an empty proposal; the AC power flow at the executed state then
/// shows the violations the trades cause, and an ex-post OPF check (outside
/// the case's own DSO calls and time) says whether the DSO would have
/// accepted them.
public final class NetworkAgnosticCase: CaseStudy {
    public let label = CaseLabel(number: 1, name: "network-agnostic")

    public init() {}

    public func firstSubmission(_ session: inout HourSession) throws -> Submission {
        .tradeBlind(session.unconstrained)
    }

    public func nextProposal(after response: DSOResponse, _ session: inout HourSession) throws -> MarketClearing? { nil }
}
