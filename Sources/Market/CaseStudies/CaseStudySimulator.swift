import Grid
import OPF

/// Settings of the case studies (DESIGN.md §8).
public struct CaseStudySettings: Sendable, Equatable {
    /// R: the most proposals the DSO sees per hour (cases 2 and 3).
    public var maxRounds: Int
    /// L: the most local re-clearings of case 3 before it submits.
    public var localRounds: Int
    /// Predicted acceptance tolerance |P̂_acc − P_net| per MG (kW).
    public var toleranceKW: Double

    public init(maxRounds: Int = 5, localRounds: Int = 5, toleranceKW: Double = 0.5) {
        self.maxRounds = maxRounds
        self.localRounds = localRounds
        self.toleranceKW = toleranceKW
    }
}

/// Runs the three case studies of DESIGN.md §8 day by day. Each case starts
/// the day with every battery at its initial SOC and carries its own SOC
/// hour to hour from its own executed dispatch (`BatteryStorage.after`,
/// one-way efficiencies, period `MarketParameters.periodHours`).
///
/// What is executed:
/// - case 1: the cleared trades, with the dispatch of a DSO OPF run on an
///   empty proposal (the DSO does not know the trades);
/// - cases 2 and 3: the last proposal, when the DSO accepted it; otherwise,
///   after R refused rounds, the DSO's α-scaled trades `α_k t_k` of the last
///   round, around which the MGs re-dispatch (`P2PMarket.clear(_:fixedTradesKW:)`),
///   with the DSO's dispatch from that last OPF.
///
/// Every (day, case) gets fresh OPF solvers, so its warm starts — and so its
/// results — do not depend on which other days or cases ran before.
public final class CaseStudySimulator {
    public let network: Network
    /// κ-scaled MGs at their buses, batteries at their initial SOC.
    public let microgrids: [Microgrid]
    public let formulation: OPFFormulation
    public let settings: CaseStudySettings
    /// The DSO's system prices (Rs/kWh); nil → DESIGN.md §4's defaults (50 × and 10 × the import price).
    public let vollRsPerKWh: Double?, curtailmentPriceRsPerKWh: Double?
    private let market: P2PMarket
    private var powerFlow: RadialPowerFlow

    public init(network: Network, microgrids: [Microgrid], marketParameters: MarketParameters,
                formulation: OPFFormulation, settings: CaseStudySettings,
                vollRsPerKWh: Double? = nil, curtailmentPriceRsPerKWh: Double? = nil) throws {
        self.network = network
        self.vollRsPerKWh = vollRsPerKWh
        self.curtailmentPriceRsPerKWh = curtailmentPriceRsPerKWh
        self.microgrids = microgrids
        self.formulation = formulation
        self.settings = settings
        market = P2PMarket(parameters: marketParameters)
        powerFlow = try RadialPowerFlow(network: network)
    }

    private var buses: [Int] { microgrids.map(\.bus) }

    private func makeDSO() -> DistributionSystemOperator {
        DistributionSystemOperator(network: network, microgridBuses: buses, formulation: formulation,
                                   vollRsPerKWh: vollRsPerKWh, curtailmentPriceRsPerKWh: curtailmentPriceRsPerKWh)
    }

    /// The 24 hours of `caseStudy` on `day`.
    /// - Parameter predictor: the MGs' model of the DSO; required for case 3.
    public func run(_ caseStudy: CaseStudyCase, day: DayScenario, predictor: (any ResponsePredictor)? = nil) throws -> [HourOutcome] {
        let dso = makeDSO()
        // Case 1's ex-post acceptance check runs on its own solver, so it cannot change the case's warm starts.
        let auditor = caseStudy == .networkAgnostic ? makeDSO() : nil
        var current = microgrids
        var outcomes: [HourOutcome] = []
        for (h, scenario) in day.hours.enumerated() {
            let outcome = try runHour(caseStudy, day: day.day, hour: h, scenario: scenario, microgrids: current, dso: dso,
                                      auditor: auditor, predictor: predictor)
            for n in current.indices { current[n].battery.socKWh = outcome.socAfterKWh[n] }
            outcomes.append(outcome)
        }
        return outcomes
    }

    /// Wall-clock seconds of `body`.
    private func timed<T>(_ seconds: inout Double, _ body: () throws -> T) rethrows -> T {
        let start = ContinuousClock.now
        defer {
            let elapsed = ContinuousClock.now - start
            seconds += Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        }
        return try body()
    }

    private func clear(_ hours: [MicrogridHour], caps: TradeCaps?, step: String) throws -> MarketClearing {
        let clearing = try market.clear(hours, tradeCapsKW: caps?.isCapped == true ? caps?.capsKW : nil)
        guard clearing.status.hasSolution else {
            throw MarketError.caseStudyStepFailed(step: "\(step): market clearing", status: "\(clearing.status)")
        }
        return clearing
    }

    private func respond(_ dso: DistributionSystemOperator, _ proposal: TradeProposal, step: String) throws -> DSOResponse {
        let response = try dso.respond(to: proposal)
        guard response.status.hasSolution else {
            throw MarketError.caseStudyStepFailed(step: "\(step): DSO OPF", status: "\(response.status)")
        }
        return response
    }

    private func runHour(_ caseStudy: CaseStudyCase, day: Int, hour: Int, scenario: HourScenario, microgrids: [Microgrid],
                         dso: DistributionSystemOperator, auditor: DistributionSystemOperator?,
                         predictor: (any ResponsePredictor)?) throws -> HourOutcome {
        let step = "case \(caseStudy.rawValue), day \(day), hour \(hour)"
        let hours = scenario.microgridHours(for: microgrids)
        var dsoSeconds = 0.0, mgSeconds = 0.0
        var clearing = try timed(&mgSeconds) { try clear(hours, caps: nil, step: step) }
        var clearings = 1
        var submissions = 0, opfCalls = 0, fallback = false, predictedAccepted = false
        let first: DSOResponse, last: DSOResponse
        var executedTrades: [[Double]]
        var firstTrades = clearing.tradesKW

        switch caseStudy {
        case .networkAgnostic:
            let empty = Array(repeating: Array(repeating: 0.0, count: microgrids.count), count: microgrids.count)
            last = try timed(&dsoSeconds) { try respond(dso, scenario.proposal(empty), step: step) }
            opfCalls = 1
            first = try respond(auditor!, scenario.proposal(clearing.tradesKW), step: step + " (ex-post check)")
            executedTrades = clearing.tradesKW
        case .iterativeFeedback, .learningAugmented:
            var caps = TradeCaps(microgridCount: microgrids.count)
            if caseStudy == .learningAugmented {
                guard let predictor else {
                    throw MarketError.caseStudyStepFailed(step: "\(step): local refinement", status: "no response predictor given")
                }
                let refined = try timed(&mgSeconds) {
                    try LocalRefinement.run(hours: hours, tradesKW: clearing.tradesKW, demandKW: clearing.dispatch.map(\.demandKW),
                                            caps: caps, proposal: scenario.proposal, market: market, predictor: predictor,
                                            toleranceKW: settings.toleranceKW, maxRounds: settings.localRounds)
                }
                clearings += refined.reclearings
                predictedAccepted = refined.predictedAccepted
                caps = refined.caps
                if let refinedClearing = refined.clearing { clearing = refinedClearing }
                firstTrades = clearing.tradesKW
            }
            var responses: [DSOResponse] = []
            while true {
                let proposal = scenario.proposal(clearing.tradesKW)
                let response = try timed(&dsoSeconds) { try respond(dso, proposal, step: step + ", submission \(submissions + 1)") }
                submissions += 1
                opfCalls += 1
                responses.append(response)
                if response.accepted || submissions >= settings.maxRounds { break }
                caps.applyDSOResponse(alpha: response.alpha, tradesKW: clearing.tradesKW)
                clearing = try timed(&mgSeconds) { try clear(hours, caps: caps, step: step + ", re-clearing \(submissions)") }
                clearings += 1
            }
            first = responses[0]
            last = responses[responses.count - 1]
            fallback = caseStudy == .learningAugmented && submissions > 1
            executedTrades = clearing.tradesKW
            if !last.accepted {
                executedTrades = Self.scaled(clearing.tradesKW, by: last.alpha)
                let trades = executedTrades
                clearing = try timed(&mgSeconds) { try market.clear(hours, fixedTradesKW: trades) }
                clearings += 1
                guard clearing.status.hasSolution else {
                    throw MarketError.caseStudyStepFailed(step: "\(step): re-dispatch around the α-scaled trades",
                                                          status: "\(clearing.status)")
                }
            }
        }

        let net = TradeProposal.netPositionsKW(of: executedTrades)
        let grid = try ExecutedGridState.evaluate(network: network, powerFlow: &powerFlow, microgridBuses: buses,
                                                  scenario: scenario, response: last, injectionKW: net,
                                                  periodHours: market.parameters.periodHours, step: step)
        let money = MicrogridEconomics(hours: hours, dispatch: clearing.dispatch, tradesKW: executedTrades,
                                       parameters: market.parameters)
        let periodHours = market.parameters.periodHours
        let soc = zip(microgrids, clearing.dispatch).map { mg, d in
            mg.battery.after(chargeKW: d.chargeKW, dischargeKW: d.dischargeKW, hours: periodHours).socKWh
        }
        let firstAcceptedKWh = zip(TradeProposal.tradePairs(microgridCount: microgrids.count), first.alpha).reduce(0.0) {
            $0 + $1.1 * firstTrades[$1.0.seller][$1.0.buyer]
        }
        return HourOutcome(
            caseStudy: caseStudy, day: day, hour: hour, loadScale: scenario.loadScale, firstAccepted: first.accepted,
            finalAccepted: caseStudy == .networkAgnostic ? first.accepted : last.accepted,
            submissions: submissions, opfCalls: opfCalls, localClearings: clearings,
            predictedAccepted: predictedAccepted, fallback: fallback,
            proposedKWh: Self.total(firstTrades) * periodHours, firstAcceptedKWh: firstAcceptedKWh * periodHours,
            executedKWh: Self.total(executedTrades) * periodHours,
            microgridWelfareRs: money.utilityRs - money.costRs, microgridCostRs: money.costRs, dsoCostRs: grid.dsoCostRs,
            grid: grid, dsoSeconds: dsoSeconds, microgridSeconds: mgSeconds, dispatch: clearing.dispatch, socAfterKWh: soc)
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
