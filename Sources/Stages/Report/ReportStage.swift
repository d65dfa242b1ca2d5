import Foundation
import OPFDataset
import Pipeline
import Reporting

/// `report` (DESIGN.md §9): one Markdown report of a pipeline's results with
/// every table as CSV and every figure as SVG beside its gnuplot script and
/// data, published to `Reports/<pipeline>/`.
///
/// Sections: dataset, training, accuracy in and out of distribution, case
/// studies (when a `casestudy` stage feeds the report), provenance. Every
/// finding is computed from the inputs. The outputs are byte-reproducible —
/// same inputs, same bytes — except `machine/case-timings.{csv,md}`, which
/// hold wall times and are therefore kept out of `report.md` and out of git.
///
/// A stage's declared outputs depend on its parameters only, so whether the
/// case-study files exist is the parameter `caseStudies`; it must agree with
/// whether a `casestudy` stage is among `needs:` (checked when the stage runs).
public struct ReportStage: StageKind {
    public init() {}

    public let name = "report"
    public let codeVersion = "report/9"
    public let summary = "Markdown report with CSV tables and gnuplot figures: dataset, training, accuracy, case studies, provenance"
    public var publishesReport: Bool { true }

    public var parameters: [ParameterSpec] {
        [ParameterSpec("caseStudies", .bool, default: .bool(false),
                       summary: "whether a casestudy stage feeds the report (adds the case-study section and its files)")]
    }

    public var inputs: [InputSlot] {
        [InputSlot("dataset", accepts: ["generate"]), InputSlot("models", accepts: ["train"], .oneOrMore),
         InputSlot("accuracy", accepts: ["validate"]), InputSlot("cases", accepts: ["casestudy"], .optional)]
    }

    public func outputs(for parameters: ParameterValues) -> [String] {
        [ReportDocument.markdownFileName] + DatasetSection.outputs + TrainingSection.outputs + AccuracySection.outputs
            + (parameters.bool("caseStudies") ? CaseStudySection.outputs : []) + ProvenanceSection.outputs
    }

    public func run(_ context: StageContext) throws {
        let stage = context.stageName
        let cases = context.inputs("cases")
        let withCases = context.parameters.bool("caseStudies")
        if withCases && cases.isEmpty {
            throw StageError.configuration(
                stage: stage, problem: "parameter caseStudies is true but no casestudy stage is in needs; add it or set caseStudies: false")
        }
        if !withCases, let first = cases.first {
            throw StageError.configuration(
                stage: stage, problem: "casestudy stage '\(first.stageName)' is in needs but parameter caseStudies is false;"
                    + " set caseStudies: true so the report declares the case-study files")
        }

        var document = ReportDocument(title: "p2pgrid report: \(context.pipelineName)")
        document.append(.paragraph("Grid-aware peer-to-peer energy trading among microgrids: the OPF dataset, the predictor of the"
                                   + " DSO's response and its baselines, their accuracy in and out of distribution"
                                   + (withCases ? ", the four case studies and the paper's claims tested against them." : ".")
                                   + " Every table is also a CSV under `tables/`; every figure has its data and gnuplot script"
                                   + " beside it under `figures/`."))
        let dataset = context.input("dataset")
        document.blocks(try DatasetSection.blocks(dataset, stage: stage))
        context.reportProgress(fraction: 0.3, message: "dataset")
        let modelInputs = context.inputs("models")
        document.blocks(try TrainingSection.blocks(try TrainingSection.models(modelInputs, stage: stage), stage: stage))
        let accuracy = context.input("accuracy")
        document.blocks(try AccuracySection.blocks(accuracy, stage: stage))
        context.reportProgress(fraction: 0.5, message: "training and accuracy")
        if let caseInput = cases.first {
            let (blocks, timings) = try CaseStudySection.blocks(caseInput, seed: context.seed, stage: stage,
                                                                voltageLimitsPU: try Self.voltageLimitsPU(of: dataset, context))
            document.blocks(blocks)
            let timingFiles = ReportOutputs.machineDependentTable(timings.name)
            try timings.csv().write(toFile: try context.outputPath(timingFiles.csv), atomically: false, encoding: .utf8)
            try timings.markdown().write(toFile: try context.outputPath(timingFiles.markdown), atomically: false, encoding: .utf8)
        } else {
            document.append(.paragraph("No case studies: no `casestudy` stage feeds this report."))
        }
        let sources = [ProvenanceSection.Source(slot: "dataset", input: dataset)]
            + modelInputs.map { ProvenanceSection.Source(slot: "models", input: $0) }
            + [ProvenanceSection.Source(slot: "accuracy", input: accuracy)]
            + cases.map { ProvenanceSection.Source(slot: "cases", input: $0) }
        document.blocks(try ProvenanceSection.blocks(pipeline: context.pipelineName, stage: stage, seed: context.seed,
                                                     codeVersion: codeVersion, sources: sources,
                                                     gnuplotVersion: ProvenanceSection.gnuplotVersion()))
        context.reportProgress(fraction: 0.6, message: "rendering figures")
        try document.write(to: context.outputDirectory)
    }
}

extension ReportStage {
    /// The tightest voltage band over the load buses of the system the dataset's spec names (DESIGN.md §2).
    static func voltageLimitsPU(of dataset: StageInput, _ context: StageContext) throws -> ClosedRange<Double> {
        let network = try DatasetConfiguration(specFile: context.resolve(dataset.parameters.string("spec"))).network
        let loadBuses = network.buses.filter { $0.type != .slack }
        guard let low = loadBuses.map(\.vminPU).max(), let high = loadBuses.map(\.vmaxPU).min(), low < high else {
            throw StageError.configuration(stage: context.stageName, problem: "the system of the dataset spec has no voltage band on its load buses")
        }
        return low...high
    }
}

extension ReportDocument {
    /// Appends blocks in order.
    mutating func blocks(_ blocks: [Block]) {
        for block in blocks { append(block) }
    }
}
