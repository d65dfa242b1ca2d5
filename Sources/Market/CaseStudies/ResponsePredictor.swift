/// The MGs' local model of the DSO (case study 3, DESIGN.md §8): it predicts
/// the accepted injection `P_acc[n]` the DSO's OPF would return for a
/// proposal, without running the OPF. Market knows only this protocol; the
/// trained transformer is adapted to it in the Stages module, and tests use
/// an oracle that calls the real DSO.
///
/// Implementations may keep scratch buffers, so one instance serves one thread.
public protocol ResponsePredictor: AnyObject {
    /// Predicted accepted injection per MG (kW, positive = export) for `proposal`.
    /// - Parameter demandKW: each MG's cleared demand behind the proposal (its load this hour).
    func predictedAcceptedInjectionKW(for proposal: TradeProposal, demandKW: [Double]) throws -> [Double]
}
