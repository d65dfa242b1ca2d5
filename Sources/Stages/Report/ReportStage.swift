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
/// Likewise `reconfigurationLever`: a second `casestudy` stage among `needs:`, on the
/// same days with `reconfigure: K > 0`, adds the lever's section (`ReconfigurationSection`);
/// and `clearingConvergence`: the case studies cleared by ADMM, which adds the residual
/// figure (`ClearingConvergenceSection`).
public struct ReportStage: StageKind {
    public init() {}

    public let name = "report"
    public let codeVersion = "report/12"
    public let summary = "Markdown report with CSV tables and gnuplot figures: dataset, training, accuracy, case studies, provenance"
    public var publishesReport: Bool { true }

    public var parameters: [ParameterSpec] {
        [ParameterSpec("caseStudies", .bool, default: .bool(false),
                       summary: "whether a casestudy stage feeds the report (adds the case-study section and its files)"),
         ParameterSpec("reconfigurationLever", .bool, default: .bool(false),
                       summary: "whether a second casestudy stage, the same days with reconfigure K > 0, feeds the report (adds the lever's section)"),
         ParameterSpec("clearingConvergence", .bool, default: .bool(false),
                       summary: "whether the case studies cleared the market by ADMM (adds the figure of its residuals per round)")]
    }

    public var inputs: [InputSlot] {
        [InputSlot("dataset", accepts: ["generate"]), InputSlot("models", accepts: ["train"], .oneOrMore),
         InputSlot("accuracy", accepts: ["validate"]), InputSlot("cases", accepts: ["casestudy"], .any)]
    }

    public func outputs(for parameters: ParameterValues) -> [String] {
        [ReportDocument.markdownFileName] + DatasetSection.outputs + TrainingSection.outputs + AccuracySection.outputs
            + (parameters.bool("caseStudies") ? CaseStudySection.outputs : [])
            + (parameters.bool("clearingConvergence") ? ClearingConvergenceSection.outputs : [])
            + (parameters.bool("reconfigurationLever") ? ReconfigurationSection.outputs : []) + ProvenanceSection.outputs
    }

    public func run(_ context: StageContext) throws {
        let stage = context.stageName
        let (cases, lever) = try Self.caseInputs(context)
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
            document.blocks(try Self.convergenceBlocks(caseInput, context))
            let timingFiles = ReportOutputs.machineDependentTable(timings.name)
            try timings.csv().write(toFile: try context.outputPath(timingFiles.csv), atomically: false, encoding: .utf8)
            try timings.markdown().write(toFile: try context.outputPath(timingFiles.markdown), atomically: false, encoding: .utf8)
            if let lever {
                document.blocks(try ReconfigurationSection.blocks(base: caseInput, lever: lever, seed: context.seed, stage: stage))
            }
        } else {
            if context.parameters.bool("clearingConvergence") {
                throw StageError.configuration(stage: stage, problem: "parameter clearingConvergence is true but no casestudy stage is in needs")
            }
            document.append(.paragraph("No case studies: no `casestudy` stage feeds this report."))
        }
        let sources = [ProvenanceSection.Source(slot: "dataset", input: dataset)]
            + modelInputs.map { ProvenanceSection.Source(slot: "models", input: $0) }
            + [ProvenanceSection.Source(slot: "accuracy", input: accuracy)]
            + context.inputs("cases").map { ProvenanceSection.Source(slot: "cases", input: $0) }
        document.blocks(try ProvenanceSection.blocks(pipeline: context.pipelineName, stage: stage, seed: context.seed,
                                                     codeVersion: codeVersion, sources: sources,
                                                     gnuplotVersion: ProvenanceSection.gnuplotVersion()))
        context.reportProgress(fraction: 0.6, message: "rendering figures")
        try document.write(to: context.outputDirectory)
    }
}

extension ReportStage {
    /// The `cases` inputs split by the DSO they ran with: at most one that only curtails (`reconfigure` 0), and at
    /// most one reconfiguring run beside it — present exactly when the parameter `reconfigurationLever` says so.
    static func caseInputs(_ context: StageContext) throws -> (cases: [StageInput], lever: StageInput?) {
        let stage = context.stageName, all = context.inputs("cases")
        let plain = all.filter { ReconfigurationSection.alternatives(of: $0) == 0 }
        let levers = all.filter { ReconfigurationSection.alternatives(of: $0) > 0 }
        guard plain.count <= 1, levers.count <= 1 else {
            throw StageError.configuration(stage: stage, problem: "needs lists casestudy stages \(all.map { "'\($0.stageName)'" }.joined(separator: ", "));"
                                           + " the report takes one without reconfigure and at most one with reconfigure K > 0")
        }
        let wantsLever = context.parameters.bool("reconfigurationLever")
        if let lever = levers.first {
            guard wantsLever, !plain.isEmpty else {
                throw StageError.configuration(
                    stage: stage, problem: "casestudy stage '\(lever.stageName)' reconfigures (K = \(ReconfigurationSection.alternatives(of: lever)));"
                        + (plain.isEmpty ? " the report compares it with a casestudy stage on the same days without reconfigure, which needs lacks"
                                         : " set reconfigurationLever: true so the report declares the lever's table"))
            }
        } else if wantsLever {
            throw StageError.configuration(stage: stage, problem: "parameter reconfigurationLever is true but no casestudy stage with reconfigure K > 0 is in needs")
        }
        return (plain, levers.first)
    }


    /// The ADMM convergence figure of the case studies — present exactly when the parameter `clearingConvergence`
    /// says so, which must agree with whether they cleared by ADMM (`convergence.csv` has rounds).
    static func convergenceBlocks(_ cases: StageInput, _ context: StageContext) throws -> [ReportDocument.Block] {
        let stage = context.stageName, wanted = context.parameters.bool("clearingConvergence")
        // A casestudy run from before casestudy/8 has no convergence.csv; only a report that wants the figure needs it.
        guard wanted || cases.files["convergence.csv"] != nil else { return [] }
        let rounds = try ClearingConvergenceSection.rounds(cases, stage: stage)
        if wanted && rounds.isEmpty {
            throw StageError.configuration(
                stage: stage, problem: "parameter clearingConvergence is true but casestudy stage '\(cases.stageName)' cleared the market centrally"
                    + " (its convergence.csv has no rounds); set its clearing to admm or clearingConvergence: false")
        }
        if !wanted && !rounds.isEmpty {
            throw StageError.configuration(
                stage: stage, problem: "casestudy stage '\(cases.stageName)' cleared the market by ADMM;"
                    + " set clearingConvergence: true so the report declares the convergence figure")
        }
        return wanted ? ClearingConvergenceSection.blocks(rounds, casesStage: cases.stageName) : []
    }

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
