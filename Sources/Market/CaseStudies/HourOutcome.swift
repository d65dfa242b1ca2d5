/// What one case did in one hour of one day, and what it cost (DESIGN.md §8).
/// Energies are for the one-hour period (kWh = kW × h).
public struct HourOutcome: Sendable {
    /// The case that ran the hour.
    public var label: CaseLabel
    /// 0-based day and hour.
    public var day: Int
    public var hour: Int
    /// Network load scale of the hour (for finding the peak hour).
    public var loadScale: Double
    /// Whether the DSO accepted the first submission (every α ≥ 0.999). In
    /// case 1, which submits nothing, whether the DSO's OPF would have
    /// accepted the agnostic trades — checked after the fact, outside the
    /// case's own OPF calls and DSO time.
    public var firstAccepted: Bool
    /// Whether the executed trades are ones the DSO accepted (case 1: the same ex-post check).
    public var finalAccepted: Bool
    /// Proposals submitted to the DSO (0 in case 1).
    public var submissions: Int
    /// OPFs the DSO solved to operate the hour (case 1: its one trade-blind dispatch).
    public var opfCalls: Int
    /// Market clearings the MGs ran, the first one and the re-dispatch around α-scaled trades included.
    public var localClearings: Int
    /// Local re-clearings before the first submission (cases 3 and 4, ≤ L).
    public var localRounds: Int
    /// Predictor calls (cases 3 and 4; the oracle's are OPFs on its own DSO).
    public var predictions: Int
    /// p̂_acc of the first submission (cases 3 and 4).
    public var predictedAcceptance: Double?
    /// Cases 3 and 4: the locally refined proposal was curtailed and case 2's rounds followed.
    public var fallback: Bool
    /// What the hour's market clearings cost in communication among the MGs (ADMM; zero when central).
    public var communication = ClearingCommunication()
    /// How the hour's first, uncapped clearing converged (ADMM; nil when central).
    public var firstClearingResiduals: ADMMResiduals?
    /// A reconfiguring DSO answered the first submission on an alternative topology (case 1: its ex-post check did).
    public var firstReconfigured = false
    /// The executed state is on an alternative topology: the DSO's last answer of the hour switched the feeder.
    public var reconfigured = false
    /// Σ t_k of the unconstrained clearing, before any cap (kWh).
    public var clearedKWh: Double
    /// Σ t_k of the first submission (case 1: of the cleared trades), kWh.
    public var proposedKWh: Double
    /// Σ α_k t_k of the DSO's answer to the first submission, kWh.
    public var firstAcceptedKWh: Double
    /// Σ of the executed trades, kWh.
    public var executedKWh: Double
    /// MG welfare Σ_n U_n(d_n) − MG cost (Rs).
    public var microgridWelfareRs: Double
    /// MG cost Σ_n C_n(g_n) + battery wear + trade fees on the executed trades (Rs).
    public var microgridCostRs: Double
    /// DSO cost: substation import and generator cost at the executed state plus
    /// load shedding `VOLL shed + c_ls Σ shed²` (Rs). The λ_corr term of the
    /// OPF is a steering price, not money spent, and is left out.
    public var dsoCostRs: Double
    /// Network charges `Σ (λ_buyer − λ_seller) α t` the MGs pay the DSO for the
    /// executed trades (Rs; 0 in case 1, whose trades the DSO does not see).
    public var networkChargeRs: Double
    /// MG cost + DSO cost + network charges (Rs): what the MGs and the DSO pay.
    public var totalCostRs: Double { microgridCostRs + dsoCostRs + networkChargeRs }
    /// Σ_n U_n(d_n) − MG cost − DSO cost (Rs). The network charges move money
    /// from the MGs to the DSO and cancel out of welfare.
    public var socialWelfareRs: Double { microgridWelfareRs - dsoCostRs }
    /// The feeder at the executed state (AC power flow).
    public var grid: ExecutedGridState
    /// Wall time of the DSO's OPFs and of the MG side (clearings and predictions), seconds.
    public var dsoSeconds: Double
    public var microgridSeconds: Double
    /// Each MG's executed dispatch (kW).
    public var dispatch: [MicrogridDispatch]
    /// Each MG's battery SOC after the hour (kWh), carried into the next hour.
    public var socAfterKWh: [Double]
    /// Every proposal the DSO saw this hour and its answer, in order (none in case 1).
    public var submitted: [SubmittedProposal]
}

extension HourOutcome {
    /// The order of the case-study tables and files: by case (number, then predictor), day, hour.
    public static func tableOrder(_ a: HourOutcome, _ b: HourOutcome) -> Bool {
        (a.label, a.day, a.hour) < (b.label, b.day, b.hour)
    }
}

/// One proposal submitted to the DSO and the α it answered with.
public struct SubmittedProposal: Sendable {
    /// `[M][M]` proposed `t[n][m]`, kW.
    public var tradesKW: [[Double]]
    /// `[M(M−1)]` α per ordered pair (`TradeProposal.tradePairs`).
    public var alpha: [Double]
    public var accepted: Bool
}

/// MG-side money of one executed period.
struct MicrogridEconomics {
    var utilityRs: Double
    var costRs: Double

    /// Utility and cost of `dispatch` with `tradesKW` executed, over `parameters.periodHours`.
    init(hours: [MicrogridHour], dispatch: [MicrogridDispatch], tradesKW: [[Double]], parameters: MarketParameters) {
        var utility = 0.0, cost = 0.0
        for (hour, d) in zip(hours, dispatch) {
            let mg = hour.microgrid
            utility += mg.demand.utilityRs(demandKW: d.demandKW)
            cost += mg.diesel.costRs(outputKW: d.dieselKW) + parameters.batteryWearRsPerKWh * (d.chargeKW + d.dischargeKW)
        }
        for row in tradesKW {
            for t in row { cost += parameters.tradeFeeRsPerKWh * t + parameters.tradeFeeQuadraticRsPerKW2 * t * t }
        }
        utilityRs = utility * parameters.periodHours
        costRs = cost * parameters.periodHours
    }
}
