import Foundation
import Learning
import Market
import OPFDataset

/// The feasibility rate of DESIGN.md §7 for one model on one dataset split:
/// each sample's proposal, refined locally with the model as case 3 does
/// (`LocalRefinement` under a `RefinementPolicy`), is submitted to the real DSO OPF.
struct FeasibilityRate {
    /// Samples checked.
    var samples: Int
    /// Share of the original (unrefined) proposals the DSO accepted (`/opf/accepted`).
    var unrefinedAccepted: Double
    /// Share of refined proposals the DSO accepts (every α ≥ 0.999).
    var refinedAccepted: Double
    /// Share of refined proposals the DSO still curtails (solved, some α < 0.999).
    var refinedCurtailed: Double
    /// Σ α t of the refined proposals / Σ t of the original proposals: the proposal energy kept.
    var energyKept: Double
    /// Every re-solve, in the order of the samples checked.
    var resolves: [FeasibilityResolve] = []
}

/// One sample of a feasibility check: its proposal before and after the local refinement, and the DSO's answer to the refined one.
struct FeasibilityResolve {
    /// The dataset's sample index.
    var sample: Int
    /// `[M][M]` the stored (unrefined) proposal, kW.
    var originalTradesKW: [[Double]]
    /// `[M][M]` the proposal after the local refinement, kW.
    var refinedTradesKW: [[Double]]
    /// Local refinement rounds (re-clearings) it took.
    var localRounds: Int
    /// `[M(M−1)]` the DSO's α per ordered pair for the refined proposal.
    var alpha: [Double]
    /// The OPF's status as stored in datasets (`SampleStatusCode`: 0 optimal, 1 acceptable, …).
    var statusCode: Int32
    /// The DSO accepted the refined proposal (every α ≥ 0.999).
    var accepted: Bool
}

/// Rebuilds stored samples from their dataset spec, split and seed, exactly
/// as `SampleGenerator` made them, and measures the `FeasibilityRate`.
struct FeasibilityCheck {
    let configuration: DatasetConfiguration
    /// The split's seed (`DatasetConfiguration.splitSeed` of the generate stage's seed).
    let seed: UInt64
    let dataFile: String
    let stage: String
    /// Largest difference between a rebuilt and a stored feature, relative to max(1, |stored|):
    /// the stored features are Float32, whose rounding is ~6e-8 relative.
    static let featureTolerance = 1e-5

    /// One rebuilt sample: the MGs' hour, the proposal and the demand behind it.
    struct Rebuilt {
        var hours: [MicrogridHour]
        var scenario: Scenario
        var proposal: TradeProposal
        var demandKW: [Double]
        /// The clearing with the proposal's (possibly perturbed) trades: where case 3's refinement starts.
        var start: MarketClearing
        var features: [[Double]]
    }

    /// Sample `index` rebuilt: scenario → market clearing → (perturbed) proposal → features.
    /// - Throws: `StageError.incompatibleInput` when the rebuilt features differ from `stored` ([M][F]).
    func rebuild(sample index: Int, market: P2PMarket, stored: ArraySlice<Float>) throws -> Rebuilt {
        let sampler = ScenarioSampler(distribution: configuration.distribution, microgridCount: configuration.microgrids.count)
        let scenario = sampler.scenario(seed: seed, index: index)
        let hours = scenario.microgridHours(for: configuration.microgrids)
        let clearing = try market.clear(hours)
        guard clearing.status.hasSolution else {
            throw StageError.incompatibleInput(stage: stage, file: dataFile,
                                               message: "sample \(index): the rebuilt market clearing failed (\(clearing.status)), but the file holds it as solved")
        }
        let trades = scenario.proposedTrades(fromCleared: clearing.tradesKW)
        let proposal = TradeProposal(tradesKW: trades, loadScale: scenario.loadScale, powerFactors: scenario.powerFactors,
                                     loadSheddingPriceRsPerKW2: scenario.loadSheddingPriceRsPerKW2,
                                     correctionPriceRsPerKW2: scenario.correctionPriceRsPerKW2)
        let demand = clearing.dispatch.map(\.demandKW)
        let features = configuration.featureSet.rows(
            demandKW: demand, powerFactors: scenario.powerFactors, proposal: trades, netPositionsKW: proposal.netPositionsKW,
            loadSheddingPrice: scenario.loadSheddingPriceRsPerKW2, correctionPrice: scenario.correctionPriceRsPerKW2,
            loadScale: scenario.loadScale, pathResistancePU: configuration.pathResistancePU)
        let names = configuration.featureSet.names(microgridCount: configuration.microgrids.count)
        for (m, row) in features.enumerated() {
            for (f, value) in row.enumerated() {
                let saved = Double(stored[stored.startIndex + m * row.count + f])
                guard abs(value - saved) <= Self.featureTolerance * max(1, abs(saved)) else {
                    throw StageError.incompatibleInput(
                        stage: stage, file: dataFile,
                        message: "sample \(index): rebuilt feature \(names[f]) of MG\(m + 1) is \(value), the file stores \(saved); "
                            + "the file was not generated from \(configuration.specFile) (split \(configuration.split)) with the generate stage's seed by this code")
                }
            }
        }
        var start = clearing
        start.tradesKW = trades
        return Rebuilt(hours: hours, scenario: scenario, proposal: proposal, demandKW: demand, start: start, features: features)
    }

    /// Refines and submits `samples` of `data` with `predictor`.
    func measure(samples: [Int], data: TrainingData, predictor: any ResponsePredictor, policy: RefinementPolicy,
                 checkCancellation: () throws -> Void) throws -> FeasibilityRate {
        let market = P2PMarket(parameters: configuration.spec.market)
        let dso = configuration.makeDSO()
        let perSample = data.tokenCount * data.featureCount
        var unrefined = 0, accepted = 0, curtailed = 0
        var proposedKWh = 0.0, keptKWh = 0.0
        var resolves: [FeasibilityResolve] = []
        for index in samples {
            try checkCancellation()
            let sample = try rebuild(sample: index, market: market, stored: data.inputs[(index * perSample)..<((index + 1) * perSample)])
            let base = sample.proposal
            let refined = try LocalRefinement.run(
                hours: sample.hours, start: sample.start, caps: TradeCaps(microgridCount: base.tradesKW.count),
                proposal: { trades in var p = base; p.tradesKW = trades; return p },
                market: market, predictor: predictor, policy: policy)
            let refinedTrades = refined.clearing.tradesKW
            var submitted = base
            submitted.tradesKW = refinedTrades
            let response = try dso.respond(to: submitted)
            if data.accepted[index] { unrefined += 1 }
            if response.accepted { accepted += 1 } else if response.status.hasSolution { curtailed += 1 }
            proposedKWh += base.tradesKW.reduce(0) { $0 + $1.reduce(0, +) }
            if response.status.hasSolution {
                for (k, pair) in TradeProposal.tradePairs(microgridCount: base.tradesKW.count).enumerated() {
                    keptKWh += response.alpha[k] * refinedTrades[pair.seller][pair.buyer]
                }
            }
            resolves.append(FeasibilityResolve(sample: index, originalTradesKW: base.tradesKW, refinedTradesKW: refinedTrades,
                                               localRounds: refined.reclearings, alpha: response.alpha,
                                               statusCode: SampleStatusCode.code(response.status),
                                               accepted: response.accepted))
        }
        let n = Double(max(1, samples.count))
        return FeasibilityRate(samples: samples.count, unrefinedAccepted: Double(unrefined) / n, refinedAccepted: Double(accepted) / n,
                               refinedCurtailed: Double(curtailed) / n, energyKept: proposedKWh > 0 ? keptKWh / proposedKWh : .nan,
                               resolves: resolves)
    }
}
