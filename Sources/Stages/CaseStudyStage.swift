import Foundation
import Learning
import Market
import OPFDataset
import Pipeline

/// `casestudy` (DESIGN.md §8): the four case studies — network-agnostic
/// trading, iterative DSO feedback, the learning-augmented market and its
/// oracle — on the same `days` × 24 hourly scenarios, drawn from the
/// in-distribution ranges of the `generate` input's dataset spec
/// (`DayScenarioSampler`).
///
/// Case 3 runs once per `train` input that holds the checkpoint `<model>.h5`,
/// in `needs:` order, labelled `<train stage>/<model>` (e.g. the stressed
/// pipeline's `models/transformer` on every feature and
/// `paper_models/transformer` on the paper's five): one stage, so cases 1, 2
/// and 4 run once and every case-3 variant is paired with them on the same
/// hours. Case 4 is case 3 with the DSO's own OPF as the predictor.
///
/// The refinement parameters p*, δ and L default to `RefinementPolicy()`:
/// p* = 0.9, δ = 0.05, L = 2, chosen on calibration days, never on the
/// case-study days: `daySet: 1` draws a disjoint set of days from another seed
/// stream. `scripts/calibrate-refinement` ran the grid p* ∈ {0.5, 0.7, 0.9,
/// 0.95} × δ ∈ {0, 0.01, 0.02, 0.05} × L ∈ {2, 5} on 10 calibration days of
/// the stressed spec, with a transformer trained on 4000 samples of it (40
/// epochs; on every feature); the setting chosen has the highest
/// first-submission acceptance of case 3 among those executing at least 90 %
/// of the unconstrained clearing's energy (`energy_kept` ≥ 0.9), ties going
/// to fewer local rounds: 98.8 % first-submission acceptance (case 2: 73.8 %,
/// oracle: 100 %), 1.03 DSO calls per hour (case 2: 1.34), energy kept 0.913
/// (case 2: 0.984). δ is what buys the acceptance: at δ = 0 the same model
/// reaches 85–88 %, keeping 0.95. The paper's five features keep less energy
/// at every setting (≤ 0.88), because that model flags more MGs as curtailed.
/// On the same calibration days case 2's first proposal is curtailed in 26 %
/// of hours, so the day sampler needed no change for the stressed pipeline's
/// target of at least 15 %. The values in force are stated in the summary's
/// caption.
///
/// Outputs (the `report` stage reads them by these names and columns):
/// `hours.csv` (one row per case, predictor, day and hour), `voltages.csv`
/// (per case, predictor and bus), `summary.csv`/`summary.md` (one row per case
/// and predictor) — byte-identical for the same seed — and
/// `timings.csv`/`timings.md`, the only wall-clock outputs; `convergence.csv`, the
/// ADMM clearings' residuals per round (`ClearingConvergence`; the header alone when
/// the market clears centrally); and `cases.h5`, the arrays behind all of it (`CasesFile`).
public struct CaseStudyStage: StageKind {
    public init() {}

    public let name = "casestudy"
    public let codeVersion = "casestudy/12"
    public let summary = "case studies 1–4 (network-agnostic, iterative DSO feedback, learning-augmented, oracle) over Monte-Carlo days"

    /// p*, δ and L of case 3's local refinement, shared with `validate`'s feasibility rate.
    static var refinementParameters: [ParameterSpec] {
        let defaults = RefinementPolicy()
        return [
            ParameterSpec("acceptanceTarget", .double(0...1), default: .double(defaults.acceptanceTarget),
                          summary: "p*: case 3 submits once the predicted acceptance probability p̂_acc reaches it"),
            ParameterSpec("safetyMargin", .double(0...1), default: .double(defaults.safetyMargin),
                          summary: "δ: subtracted from a predicted-curtailed MG's predicted share P̂_acc/P_net"),
            ParameterSpec("localRounds", .int(0...100), default: .int(defaults.localRounds),
                          summary: "L: most local re-clearings before case 3 submits"),
        ]
    }

    /// The policy of `refinementParameters`.
    static func refinementPolicy(_ p: ParameterValues) -> RefinementPolicy {
        RefinementPolicy(acceptanceTarget: p.double("acceptanceTarget"), safetyMargin: p.double("safetyMargin"),
                         localRounds: p.int("localRounds"))
    }

    public var parameters: [ParameterSpec] {
        [
            ParameterSpec("days", .int(1...3650), default: .int(30), summary: "Monte-Carlo days of 24 hourly periods"),
            ParameterSpec("daySet", .int(0...1000), default: .int(0),
                          summary: "0: the case-study days; 1, 2, …: disjoint calibration days from other seed streams"),
            ParameterSpec("networkLoadLevel", .list(of: .double(0.1...3), count: 2...2), default: .list([.double(0.9), .double(1)]),
                          summary: "[min, max] of each day's network load level (× the RTS load shape × the spec's upper load scale)"),
            ParameterSpec("microgridLoadLevel", .list(of: .double(0.1...3), count: 2...2), default: .list([.double(0.85), .double(1)]),
                          summary: "[min, max] of each MG's daily load level (× the RTS load shape × the spec's upper MG load scale)"),
            ParameterSpec("maxRounds", .int(1...100), default: .int(5), summary: "R: most proposals the DSO sees per hour (cases 2–4)"),
            ParameterSpec("reconfigure", .int(0...20), default: .int(0),
                          summary: "K: before it curtails, the DSO also checks its K best loss-minimising topologies (0: never reconfigures)"),
            ParameterSpec("clearing", .choice(["spec"] + ClearingMethod.allCases.map(\.rawValue)), default: .string("spec"),
                          summary: "how the MGs clear the market: central, admm (consensus ADMM, messages counted) or the dataset spec's market.clearing"),
            ParameterSpec("model", .choice(ModelKind.allCases.map(\.rawValue)), default: .string(ModelKind.transformer.rawValue),
                          summary: "checkpoint the MGs predict with in case 3, once per train input that has it"),
        ] + Self.refinementParameters
    }

    public var inputs: [InputSlot] {
        [InputSlot("dataset", accepts: ["generate"]), InputSlot("models", accepts: ["train"], .oneOrMore)]
    }

    public func outputs(for parameters: ParameterValues) -> [String] {
        ["hours.csv", "voltages.csv", "summary.csv", "summary.md", "timings.csv", "timings.md", "convergence.csv", "cases.h5"]
    }

    public func run(_ context: StageContext) throws {
        let p = context.parameters
        let configuration = try DatasetConfiguration(specFile: context.resolve(context.input("dataset").parameters.string("spec")))
        let policy = Self.refinementPolicy(p)
        let predictors = try Self.modelFiles(named: p.string("model"), in: context.inputs("models"), stage: context.stageName).map {
            (name: $0.name, predictor: try CheckpointResponsePredictor(checkpoint: try ModelCheckpoint.read(from: $0.file), file: $0.file,
                                                                      configuration: configuration, stage: context.stageName))
        }
        var market = configuration.spec.market
        if let method = ClearingMethod(rawValue: p.string("clearing")) { market.clearing = method }
        let simulator = try CaseStudySimulator(network: configuration.network, microgrids: configuration.microgrids,
                                               marketParameters: market,
                                               formulation: configuration.formulation, maxRounds: p.int("maxRounds"),
                                               vollRsPerKWh: configuration.dsoPrices?.vollRsPerKWh,
                                               curtailmentPriceRsPerKWh: configuration.dsoPrices?.curtailmentPriceRsPerKWh,
                                               reconfigurationAlternatives: p.int("reconfigure"))
        let sampler = DayScenarioSampler(distribution: configuration.distribution, microgridCount: configuration.microgrids.count,
                                         networkLoadLevel: try Self.range(p, "networkLoadLevel", stage: context.stageName),
                                         microgridLoadLevel: try Self.range(p, "microgridLoadLevel", stage: context.stageName))
        let days = p.int("days"), daySet = p.int("daySet")
        var outcomes: [HourOutcome] = []
        var peakHours: [Int] = []
        // One process, one day after another: Debian's Ipopt (sequential MUMPS) cannot solve in two threads at once.
        for day in 0..<days {
            try context.checkCancellation()
            let scenario = sampler.day(seed: context.seed, index: day, set: daySet)
            peakHours.append(scenario.peakLoadHour)
            let cases: [any CaseStudy] = [NetworkAgnosticCase(), IterativeFeedbackCase()]
                + predictors.map { LearningAugmentedCase(predictor: $0.predictor, predictorName: $0.name, policy: policy) }
                + [OracleCase(dso: simulator.makeDSO(), policy: policy)]
            for caseStudy in cases {
                outcomes += try simulator.run(caseStudy, day: scenario)
            }
            context.reportProgress(fraction: Double(day + 1) / Double(days), message: "day \(day + 1)/\(days)")
        }
        outcomes.sort(by: HourOutcome.tableOrder)
        let tables = try CaseStudyTables(outcomes: outcomes, busIds: configuration.network.buses.map(\.id),
                                         peakHourOfFirstDay: peakHours[0], maxRounds: p.int("maxRounds"), policy: policy,
                                         daySet: daySet)
        try write(tables.hours.csv(), "hours.csv", context)
        try write(tables.voltages.csv(), "voltages.csv", context)
        try write(tables.summary.csv(), "summary.csv", context)
        try write(tables.summary.markdown(label: "Table"), "summary.md", context)
        try write(tables.timings.csv(), "timings.csv", context)
        try write(tables.timingSummary.markdown(label: "Table"), "timings.md", context)
        try write(ClearingConvergence(outcomes.compactMap(\.firstClearingResiduals)).table().csv(), "convergence.csv", context)
        let network = configuration.network
        try CasesFile(codeVersion: codeVersion, microgridNames: configuration.microgrids.map(\.name), busIds: network.buses.map(\.id),
                      branches: network.branches.map { "\($0.fromBus)-\($0.toBus)" },
                      pairs: TradeProposal.tradePairLabels(microgridCount: configuration.microgrids.count),
                      maxRounds: p.int("maxRounds"), peakHourOfFirstDay: peakHours[0], policy: policy, daySet: daySet)
            .write(outcomes, to: try context.outputPath("cases.h5"))
    }

    /// A `[min, max]` list parameter as a range; min above max is refused naming the field.
    static func range(_ p: ParameterValues, _ field: String, stage: String) throws -> ValueRange {
        let values = p.list(field).compactMap { value -> Double? in
            if case let .double(x) = value { return x }
            if case let .int(x) = value { return Double(x) }
            return nil
        }
        guard values.count == 2, values[0] <= values[1] else {
            throw StageError.invalidParameter(stage: stage, field: field, message: "expected [min, max] with min ≤ max, got \(values)")
        }
        return ValueRange(values[0], values[1])
    }

    private func write(_ text: String, _ name: String, _ context: StageContext) throws {
        try text.write(toFile: try context.outputPath(name), atomically: false, encoding: .utf8)
    }

    /// The checkpoint `<model>.h5` of every train input that has one, in `needs:` order, named `<stage>/<model>`.
    static func modelFiles(named model: String, in inputs: [StageInput], stage: String) throws -> [(name: String, file: String)] {
        let found = inputs.compactMap { input in input.files["\(model).h5"].map { (name: "\(input.stageName)/\(model)", file: $0) } }
        guard found.isEmpty else { return found }
        let available = inputs.flatMap { input in input.files.keys.sorted().map { "\(input.stageName)/\($0)" } }
        throw StageError.invalidParameter(stage: stage, field: "model",
                                          message: "no train input has a '\(model)' checkpoint; available: \(available.joined(separator: ", "))")
    }
}
