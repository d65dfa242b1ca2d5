import Grid
import OPF

/// Runs a `CaseStudy` (DESIGN.md §8) day by day. Each case starts the day
/// with every battery at its initial SOC and carries its own SOC hour to
/// hour from its own executed dispatch (`BatteryStorage.after`, one-way
/// efficiencies, period `MarketParameters.periodHours`).
///
/// An hour: the MGs clear the market without caps; the case makes its first
/// submission; a proposal goes to the DSO, and while the DSO curtails and
/// fewer than R proposals were submitted, the case makes the next one (or
/// settles). What is executed:
/// - a trade-blind submission (case 1): its trades, with the dispatch of a
///   DSO OPF on an empty proposal (the DSO does not know the trades);
/// - a proposal the DSO accepted: the proposal;
/// - otherwise the DSO's α-scaled trades `α_k t_k` of its last answer,
///   around which the MGs re-dispatch (`P2PMarket.clear(_:fixedTradesKW:)`),
///   with the DSO's dispatch from that last OPF.
///
/// Every (day, case) gets fresh OPF solvers, so its warm starts — and so its
/// results — do not depend on which other days or cases ran before.
public final class CaseStudySimulator {
    public let network: Network
    /// κ-scaled MGs at their buses, batteries at their initial SOC.
    public let microgrids: [Microgrid]
    public let formulation: OPFFormulation
    /// R: the most proposals the DSO sees per hour.
    public let maxRounds: Int
    /// The DSO's system prices (Rs/kWh); nil → DESIGN.md §4's defaults (50 × and 10 × the import price).
    public let vollRsPerKWh: Double?, curtailmentPriceRsPerKWh: Double?
    private let market: P2PMarket
    /// K of the DSO's reconfiguration lever (`DistributionSystemOperator.reconfigurationAlternatives`); 0: none.
    public let reconfigurationAlternatives: Int
    /// One power flow per topology an executed hour ran in, by open branches.
    private var powerFlows: [[Int]: RadialPowerFlow]

    public init(network: Network, microgrids: [Microgrid], marketParameters: MarketParameters,
                formulation: OPFFormulation, maxRounds: Int, vollRsPerKWh: Double? = nil,
                curtailmentPriceRsPerKWh: Double? = nil, reconfigurationAlternatives: Int = 0) throws {
        self.network = network
        self.vollRsPerKWh = vollRsPerKWh
        self.curtailmentPriceRsPerKWh = curtailmentPriceRsPerKWh
        self.microgrids = microgrids
        self.formulation = formulation
        self.maxRounds = maxRounds
        market = P2PMarket(parameters: marketParameters)
        self.reconfigurationAlternatives = reconfigurationAlternatives
        powerFlows = [network.branches.indices.filter { !network.branches[$0].inService }: try RadialPowerFlow(network: network)]
    }

    private var buses: [Int] { microgrids.map(\.bus) }

    /// A fresh DSO of this feeder and these prices (the oracle case gets its own).
    public func makeDSO() -> DistributionSystemOperator {
        DistributionSystemOperator(network: network, microgridBuses: buses, formulation: formulation,
                                   vollRsPerKWh: vollRsPerKWh, curtailmentPriceRsPerKWh: curtailmentPriceRsPerKWh,
                                   reconfigurationAlternatives: reconfigurationAlternatives)
    }

    /// The 24 hours of `caseStudy` on `day`.
    public func run(_ caseStudy: any CaseStudy, day: DayScenario) throws -> [HourOutcome] {
        let dso = makeDSO()
        // The ex-post acceptance check of trade-blind trades runs on its own solver, so it cannot change the case's warm starts.
        let auditor = makeDSO()
        var current = microgrids
        var outcomes: [HourOutcome] = []
        for (h, scenario) in day.hours.enumerated() {
            var session = try HourSession(day: day.day, hour: h, scenario: scenario, microgrids: current, market: market)
            let outcome = try runHour(caseStudy, &session, dso: dso, auditor: auditor)
            for n in current.indices { current[n].battery.socKWh = outcome.socAfterKWh[n] }
            outcomes.append(outcome)
        }
        return outcomes
    }

    private func respond(_ dso: DistributionSystemOperator, _ proposal: TradeProposal, step: String) throws -> DSOResponse {
        let response = try dso.respond(to: proposal)
        guard response.status.hasSolution else {
            throw MarketError.caseStudyStepFailed(step: "\(step): DSO OPF", status: "\(response.status)")
        }
        return response
    }

    private func runHour(_ caseStudy: any CaseStudy, _ session: inout HourSession, dso: DistributionSystemOperator,
                         auditor: DistributionSystemOperator) throws -> HourOutcome {
        let step = "case \(caseStudy.label.number), day \(session.day), hour \(session.hour)"
        let scenario = session.scenario
        var dsoSeconds = 0.0
        var submissions = 0, opfCalls = 0
        let first: DSOResponse, last: DSOResponse, firstClearing: MarketClearing
        var clearing: MarketClearing, executedTrades: [[Double]], networkChargeRsPerH = 0.0
        var submitted: [SubmittedProposal] = []

        switch try caseStudy.firstSubmission(&session) {
        case .tradeBlind(let blind):
            let empty = Array(repeating: Array(repeating: 0.0, count: microgrids.count), count: microgrids.count)
            last = try HourSession.timed(&dsoSeconds) { try respond(dso, scenario.proposal(empty), step: step) }
            opfCalls = last.opfSolves
            first = try respond(auditor, scenario.proposal(blind.tradesKW), step: step + " (ex-post check)")
            (firstClearing, clearing, executedTrades) = (blind, blind, blind.tradesKW)
        case .proposal(let proposed):
            firstClearing = proposed
            clearing = proposed
            var responses: [DSOResponse] = []
            var proposals: [[[Double]]] = []
            while true {
                proposals.append(clearing.tradesKW)
                let response = try HourSession.timed(&dsoSeconds) {
                    try respond(dso, scenario.proposal(clearing.tradesKW), step: step + ", submission \(submissions + 1)")
                }
                session.lastProposal = clearing
                submissions += 1
                opfCalls += response.opfSolves
                responses.append(response)
                if response.accepted || submissions >= maxRounds { break }
                guard let next = try caseStudy.nextProposal(after: response, &session) else { break }
                clearing = next
            }
            first = responses[0]
            last = responses[responses.count - 1]
            submitted = zip(proposals, responses).map { SubmittedProposal(tradesKW: $0, alpha: $1.alpha, accepted: $1.accepted) }
            executedTrades = clearing.tradesKW
            if !last.accepted {
                executedTrades = Self.scaled(clearing.tradesKW, by: last.alpha)
                clearing = try session.redispatch(around: executedTrades)
            }
            networkChargeRsPerH = last.networkChargeRsPerH.reduce(0, +)
        }

        let periodHours = market.parameters.periodHours
        let net = TradeProposal.netPositionsKW(of: executedTrades)
        // The executed state is the topology the DSO's last answer holds for (a reconfiguring DSO may have switched).
        let executedNetwork = network.withSwitches(network.branches.indices.map { !last.openBranches.contains($0) })
        if powerFlows[last.openBranches] == nil { powerFlows[last.openBranches] = try RadialPowerFlow(network: executedNetwork) }
        let grid = try ExecutedGridState.evaluate(network: executedNetwork, powerFlow: &powerFlows[last.openBranches]!, microgridBuses: buses,
                                                  scenario: scenario, response: last, injectionKW: net,
                                                  periodHours: periodHours, step: step)
        let money = MicrogridEconomics(hours: session.hours, dispatch: clearing.dispatch, tradesKW: executedTrades,
                                       parameters: market.parameters)
        let soc = zip(session.hours, clearing.dispatch).map { hour, d in
            hour.microgrid.battery.after(chargeKW: d.chargeKW, dischargeKW: d.dischargeKW, hours: periodHours).socKWh
        }
        let firstTrades = firstClearing.tradesKW
        let firstAcceptedKW = zip(TradeProposal.tradePairs(microgridCount: microgrids.count), first.alpha).reduce(0.0) {
            $0 + $1.1 * firstTrades[$1.0.seller][$1.0.buyer]
        }
        let tradeBlind = submissions == 0
        return HourOutcome(
            label: caseStudy.label, day: session.day, hour: session.hour, loadScale: scenario.loadScale,
            firstAccepted: first.accepted, finalAccepted: tradeBlind ? first.accepted : last.accepted,
            submissions: submissions, opfCalls: opfCalls, localClearings: session.clearings, localRounds: session.localRounds,
            predictions: session.predictions, predictedAcceptance: session.predictedAcceptance, fallback: session.fallback,
            communication: session.communication, firstClearingResiduals: session.unconstrained.residuals,
            firstReconfigured: first.reconfigured, reconfigured: last.reconfigured,
            clearedKWh: Self.total(session.unconstrained.tradesKW) * periodHours, proposedKWh: Self.total(firstTrades) * periodHours,
            firstAcceptedKWh: firstAcceptedKW * periodHours, executedKWh: Self.total(executedTrades) * periodHours,
            microgridWelfareRs: money.utilityRs - money.costRs, microgridCostRs: money.costRs, dsoCostRs: grid.dsoCostRs,
            networkChargeRs: networkChargeRsPerH * periodHours, grid: grid, dsoSeconds: dsoSeconds,
            microgridSeconds: session.microgridSeconds, dispatch: clearing.dispatch, socAfterKWh: soc, submitted: submitted)
    }

    /// `α_k t_k` for every pair.
    static func scaled(_ tradesKW: [[Double]], by alpha: [Double]) -> [[Double]] {
        var scaled = tradesKW
        for (k, pair) in TradeProposal.tradePairs(microgridCount: tradesKW.count).enumerated() {
            scaled[pair.seller][pair.buyer] = min(1, max(0, alpha[k])) * tradesKW[pair.seller][pair.buyer]
        }
        return scaled
    }

    static func total(_ tradesKW: [[Double]]) -> Double { tradesKW.reduce(0) { $0 + $1.reduce(0, +) } }
}
