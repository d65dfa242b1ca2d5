import Foundation
import Learning
import Market
import OPFDataset
import Pipeline

/// `casestudy` (DESIGN.md §8): the three case studies — network-agnostic
/// trading, iterative DSO feedback and the learning-augmented market — on the
/// same `days` × 24 hourly scenarios, drawn from the in-distribution ranges of
/// the `generate` input's dataset spec (`DayScenarioSampler`), with the
/// checkpoint `<model>.h5` of a `train` input as the MGs' predictor.
///
/// Outputs (the `report` stage reads them by these names and columns):
/// `hours.csv` (one row per case, day and hour), `voltages.csv` (per case and
/// bus), `summary.csv`/`summary.md` (one row per case) — byte-identical for
/// the same seed — and `timings.csv`/`timings.md`, the only wall-clock outputs.
public struct CaseStudyStage: StageKind {
    public init() {}

    public let name = "casestudy"
    public let codeVersion = "casestudy/1"
    public let summary = "case studies 1–3 (network-agnostic, iterative DSO feedback, learning-augmented) over Monte-Carlo days"

    public var parameters: [ParameterSpec] {
        [
            ParameterSpec("days", .int(1...3650), default: .int(30), summary: "Monte-Carlo days of 24 hourly periods"),
            ParameterSpec("maxRounds", .int(1...100), default: .int(5), summary: "R: most proposals the DSO sees per hour (cases 2, 3)"),
            ParameterSpec("localRounds", .int(0...100), default: .int(5), summary: "L: most local re-clearings before case 3 submits"),
            ParameterSpec("model", .choice(ModelKind.allCases.map(\.rawValue)), default: .string(ModelKind.transformer.rawValue),
                          summary: "checkpoint of the train input the MGs predict with in case 3"),
            ParameterSpec("toleranceKW", .double(0...1e6), default: .double(CaseStudySettings().toleranceKW),
                          summary: "predicted acceptance tolerance |P_acc − P_net| per MG, kW"),
        ]
    }

    public var inputs: [InputSlot] {
        [InputSlot("dataset", accepts: ["generate"]), InputSlot("models", accepts: ["train"], .oneOrMore)]
    }

    public func outputs(for parameters: ParameterValues) -> [String] {
        ["hours.csv", "voltages.csv", "summary.csv", "summary.md", "timings.csv", "timings.md"]
    }

    public func run(_ context: StageContext) throws {
        let p = context.parameters
        let configuration = try DatasetConfiguration(specFile: context.resolve(context.input("dataset").parameters.string("spec")))
        let modelFile = try Self.modelFile(named: p.string("model"), in: context.inputs("models"), stage: context.stageName)
        let checkpoint = try ModelCheckpoint.read(from: modelFile)
        let predictor = try CheckpointResponsePredictor(checkpoint: checkpoint, file: modelFile, configuration: configuration,
                                                        stage: context.stageName)
        let settings = CaseStudySettings(maxRounds: p.int("maxRounds"), localRounds: p.int("localRounds"),
                                         toleranceKW: p.double("toleranceKW"))
        let simulator = try CaseStudySimulator(network: configuration.network, microgrids: configuration.microgrids,
                                               marketParameters: configuration.spec.market,
                                               formulation: configuration.formulation, settings: settings,
                                               vollRsPerKWh: configuration.dsoPrices?.vollRsPerKWh,
                                               curtailmentPriceRsPerKWh: configuration.dsoPrices?.curtailmentPriceRsPerKWh)
        let sampler = DayScenarioSampler(distribution: configuration.distribution, microgridCount: configuration.microgrids.count)
        let days = p.int("days")
        var outcomes: [HourOutcome] = []
        var peakHours: [Int] = []
        // One process, one day after another: Debian's Ipopt (sequential MUMPS) cannot solve in two threads at once.
        for day in 0..<days {
            try context.checkCancellation()
            let scenario = sampler.day(seed: context.seed, index: day)
            peakHours.append(scenario.peakLoadHour)
            for caseStudy in CaseStudyCase.allCases {
                outcomes += try simulator.run(caseStudy, day: scenario, predictor: predictor)
            }
            context.reportProgress(fraction: Double(day + 1) / Double(days), message: "day \(day + 1)/\(days)")
        }
        let tables = try CaseStudyTables(outcomes: outcomes, busIds: configuration.network.buses.map(\.id),
                                         peakHourOfFirstDay: peakHours[0], settings: settings, modelFile: modelFile)
        try write(tables.hours.csv(), "hours.csv", context)
        try write(tables.voltages.csv(), "voltages.csv", context)
        try write(tables.summary.csv(), "summary.csv", context)
        try write(tables.summary.markdown(label: "Table"), "summary.md", context)
        try write(tables.timings.csv(), "timings.csv", context)
        try write(tables.timingSummary.markdown(label: "Table"), "timings.md", context)
    }

    private func write(_ text: String, _ name: String, _ context: StageContext) throws {
        try text.write(toFile: try context.outputPath(name), atomically: false, encoding: .utf8)
    }

    /// The checkpoint `<model>.h5` among the train inputs (the first one, in `needs:` order).
    static func modelFile(named model: String, in inputs: [StageInput], stage: String) throws -> String {
        for input in inputs {
            if let file = input.files["\(model).h5"] { return file }
        }
        let available = inputs.flatMap { input in input.files.keys.sorted().map { "\(input.stageName)/\($0)" } }
        throw StageError.invalidParameter(stage: stage, field: "model",
                                          message: "no train input has a '\(model)' checkpoint; available: \(available.joined(separator: ", "))")
    }
}
