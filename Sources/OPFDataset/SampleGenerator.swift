import Foundation
import Market
import OPF

/// Generates samples one after another on one thread: scenario → market
/// clearing → proposal → DSO OPF (DESIGN.md §5). It owns its solvers, so the
/// OPF of each sample is warm-started from the previous one of the same block.
final class SampleGenerator {
    let configuration: DatasetConfiguration
    let sampler: ScenarioSampler
    let seed: UInt64
    private let market: P2PMarket
    private let dso: DistributionSystemOperator
    private let busCount: Int
    private let branchCount: Int
    /// For each network branch, its index among the OPF's (in-service) branch results; nil for open switches.
    private let branchOrder: [Int?]

    init(configuration: DatasetConfiguration, seed: UInt64) {
        self.configuration = configuration
        self.seed = configuration.splitSeed(seed)
        sampler = ScenarioSampler(distribution: configuration.distribution, microgridCount: configuration.microgrids.count)
        market = P2PMarket(parameters: configuration.spec.market)
        var options = IpoptOptions()
        options.linearSolver = configuration.linearSolver
        options.boundRelaxFactor = configuration.ipoptBoundRelaxFactor
        dso = configuration.makeDSO(options: options)
        busCount = configuration.network.buses.count
        branchCount = configuration.network.branches.count
        var next = 0
        branchOrder = configuration.network.branches.map { branch in
            guard branch.inService else { return nil }
            defer { next += 1 }
            return next
        }
    }

    /// The record of sample `index`.
    func sample(_ index: Int) -> SampleRecord {
        let scenario = sampler.scenario(seed: seed, index: index)
        let m = configuration.microgrids.count
        let clock = ContinuousClock()
        var clearing: MarketClearing?
        let marketTime = clock.measure {
            clearing = try? market.clear(scenario.microgridHours(for: configuration.microgrids))
        }
        var record = SampleRecord(
            features: [], targets: Array(repeating: [.nan, .nan], count: m), scenario: scenario,
            proposalKW: Array(repeating: Array(repeating: 0, count: m), count: m),
            marketStatus: SampleStatusCode.code(clearing?.status ?? .invalidProblem),
            marketPricesRsPerKWh: Array(repeating: .nan, count: m), marketWelfareRs: .nan,
            opfStatus: SampleStatusCode.marketFailed, accepted: false,
            alpha: Array(repeating: .nan, count: m * (m - 1)), curtailedKW: Array(repeating: .nan, count: m * (m - 1)),
            networkChargeRsPerH: Array(repeating: .nan, count: m * (m - 1)),
            bindingCounts: Array(repeating: 0, count: BindingConstraint.Family.allCases.count), bindingConstraints: "",
            exactResolve: false, acceptedInjectionKW: Array(repeating: .nan, count: m),
            dlmpRsPerKWh: Array(repeating: .nan, count: m), objectiveRs: .nan, iterations: 0, relaxationGap: .nan,
            acCheckMaxDeviationPU: .nan, lossesKW: .nan, shedKW: .nan,
            voltagesPU: Array(repeating: .nan, count: busCount), branchLoading: Array(repeating: .nan, count: branchCount),
            marketSeconds: seconds(marketTime), opfSeconds: 0)
        let demand = clearing?.dispatch.map(\.demandKW) ?? Array(repeating: .nan, count: m)
        var proposal = record.proposalKW
        if let clearing, clearing.status.hasSolution {
            record.marketPricesRsPerKWh = clearing.pricesRsPerKWh
            record.marketWelfareRs = clearing.socialWelfareRs
            proposal = scenario.proposedTrades(fromCleared: clearing.tradesKW)
            record.proposalKW = proposal
            let request = TradeProposal(tradesKW: proposal, loadScale: scenario.loadScale, powerFactors: scenario.powerFactors,
                                        loadSheddingPriceRsPerKW2: scenario.loadSheddingPriceRsPerKW2,
                                        correctionPriceRsPerKW2: scenario.correctionPriceRsPerKW2)
            var response: DSOResponse?
            var failure = false
            let opfTime = clock.measure {
                do { response = try dso.respond(to: request) } catch { failure = true }
            }
            record.opfSeconds = seconds(opfTime)
            if let response {
                store(response, in: &record)
            } else if failure {
                record.opfStatus = SampleStatusCode.code(.invalidProblem)
            }
        }
        let net = TradeProposal.netPositionsKW(of: proposal)
        record.features = configuration.featureSet.rows(
            demandKW: demand, powerFactors: scenario.powerFactors, proposal: proposal, netPositionsKW: net,
            loadSheddingPrice: scenario.loadSheddingPriceRsPerKW2, correctionPrice: scenario.correctionPriceRsPerKW2,
            loadScale: scenario.loadScale, pathResistancePU: configuration.pathResistancePU)
        return record
    }

    private func store(_ response: DSOResponse, in record: inout SampleRecord) {
        let opf = response.opf
        record.opfStatus = SampleStatusCode.code(response.status)
        record.accepted = response.accepted
        record.alpha = response.alpha
        record.curtailedKW = response.curtailedKW
        record.networkChargeRsPerH = response.networkChargeRsPerH
        record.bindingCounts = BindingConstraint.Family.allCases.map { family in
            UInt8(min(response.binding.filter { $0.family == family }.count, Int(UInt8.max)))
        }
        record.bindingConstraints = response.binding.map(\.description).joined(separator: "; ")
        record.exactResolve = response.exactResolve
        record.acceptedInjectionKW = response.acceptedInjectionKW
        record.targets = zip(response.acceptedInjectionKW, response.curtailedMicrogrids).map { [$0, $1 ? 1 : 0] }
        record.dlmpRsPerKWh = response.dlmpRsPerKWh
        record.objectiveRs = opf.objective
        record.iterations = Int32(opf.iterations)
        record.relaxationGap = opf.relaxationGap
        record.acCheckMaxDeviationPU = opf.acCheckMaxVoltageDifferencePU ?? .nan
        record.lossesKW = opf.lossesKW
        record.shedKW = opf.shedMW.reduce(0, +) * 1000
        record.voltagesPU = opf.voltagesPU
        record.branchLoading = branchOrder.map { slot in slot.map { opf.branches[$0].loading ?? .nan } ?? .nan }
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
