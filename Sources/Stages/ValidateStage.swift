import Foundation
import HDF5Store
import Learning
import Market
import OPFDataset
import Pipeline
import Reporting

/// `validate` (DESIGN.md §7): every model of every `train` input on the
/// in-distribution test split and on every out-of-distribution file of the
/// `generate` input — RMSE, MAE, R² of P_acc in kW; ROC AUC, Brier score and
/// expected calibration error of the acceptance probability; the acceptance
/// classification at 0.5 (accuracy, precision, recall, F1) and the
/// feasibility rate — in one table, `metrics.csv` (with `metrics.md`), and the
/// reliability-diagram bins of every model and split in `reliability.csv`; the
/// tensors behind both (per-sample predictions and targets, the metrics, every
/// feasibility re-solve) in `predictions.h5` (`PredictionsFile`).
///
/// Feasibility: the first `feasibilitySamples` samples of each split (of the
/// test split in distribution) are rebuilt from the dataset spec, the split
/// and the generate stage's seed exactly as the generator made them (the
/// rebuilt features must equal the stored `/inputs`), refined locally with
/// the model as case 3 of the case studies does, and submitted to the DSO's
/// OPF.
public struct ValidateStage: StageKind {
    public init() {}

    public let name = "validate"
    public let codeVersion = "validate/10"
    public let summary = "accuracy and feasibility rate of every model on the test split and every OOD split"

    public var parameters: [ParameterSpec] {
        [ParameterSpec("feasibilitySamples", .int(0...1_000_000), default: .int(200),
                       summary: "samples per model and split re-solved with the refined proposal (0 = no feasibility rate)")]
            + CaseStudyStage.refinementParameters
    }

    public var inputs: [InputSlot] {
        [InputSlot("dataset", accepts: ["generate"]), InputSlot("models", accepts: ["train"], .oneOrMore)]
    }

    public func outputs(for parameters: ParameterValues) -> [String] { ["metrics.csv", "metrics.md", "reliability.csv", "predictions.h5"] }

    public func run(_ context: StageContext) throws {
        let dataset = context.input("dataset")
        let specFile = context.resolve(dataset.parameters.string("spec"))
        // (label, split name for the spec, file)
        let splits: [(label: String, split: String?, file: String)] = [("in_distribution (test split)", nil, try dataset.file("dataset.h5"))]
            + dataset.files.keys.sorted().filter { $0.hasPrefix("ood-") }.map { name in
                let split = String(name.dropFirst(4).dropLast(3))
                return (split, split, dataset.files[name]!)
            }
        let models = context.inputs("models").flatMap { input in
            input.files.keys.sorted().map { (stage: input.stageName, file: input.files[$0]!) }
        }
        var entries: [PredictionsFile.Entry] = []
        let p = context.parameters
        let feasibilitySamples = p.int("feasibilitySamples")
        var rows: [[Cell]] = [], reliabilityRows: [[Cell]] = []
        for (index, model) in models.enumerated() {
            let checkpoint = try ModelCheckpoint.read(from: model.file)
            for split in splits {
                try context.checkCancellation()
                let evaluation = try ModelEvaluation.evaluateSamples(model: model.file, data: split.file)
                let (kind, m) = (evaluation.kind, evaluation.metrics)
                for (bin, entry) in m.reliability.enumerated() {
                    reliabilityRows.append([.text(kind), .text(model.stage), .text(split.label), .integer(bin),
                                            .number(Double(bin) / Double(m.reliability.count)),
                                            .number(Double(bin + 1) / Double(m.reliability.count)), .integer(entry.count),
                                            entry.count > 0 ? .number(entry.meanPredicted) : .missing,
                                            entry.count > 0 ? .number(entry.observedRate) : .missing])
                }
                let feasibility: FeasibilityRate? = try feasibilitySamples > 0
                    ? self.feasibility(of: checkpoint, file: model.file, split: split.split, dataFile: split.file,
                                           specFile: specFile, datasetSeed: dataset.seed, context: context)
                    : nil
                rows.append(Self.metricsRow(kind: kind, stage: model.stage, split: split.label,
                                            values: PredictionsFile.metricValues(m, feasibility)))
                entries.append(PredictionsFile.Entry(
                    stage: model.stage, model: ((model.file as NSString).lastPathComponent as NSString).deletingPathExtension,
                    split: split.split ?? DatasetConfiguration.inDistribution, datasetFile: (split.file as NSString).lastPathComponent,
                    evaluation: evaluation, feasibility: feasibility))
            }
            context.reportProgress(fraction: Double(index + 1) / Double(models.count),
                                   message: "\(model.stage)/\((model.file as NSString).lastPathComponent)")
        }
        let policy = CaseStudyStage.refinementPolicy(p)
        let feasibilityCaption = feasibilitySamples > 0
            ? " Feasibility on the first \(feasibilitySamples) samples of each split (of the test split in distribution): "
                + "n feasible = samples checked; accepted unrefined = share of the original proposals the DSO accepted; "
                + "each proposal is refined as in case study 3 (while p̂_acc < p* = \(policy.acceptanceTarget), re-clear with the trades "
                + "of MGs predicted to be curtailed capped at P̂_acc/P_net − δ (δ = \(policy.safetyMargin)) of their size, at most "
                + "L = \(policy.localRounds) times) and submitted to the DSO's OPF: "
                + "accepted refined = share it accepts (every α ≥ 0.999), curtailed refined = share it still curtails, "
                + "energy kept = Σ α t of the refined proposals / Σ t of the original ones."
            : " Feasibility not measured (feasibilitySamples = 0)."
        let table = try Table(
            name: "metrics", title: "Prediction accuracy and feasibility, in distribution and out of distribution",
            caption: "P_acc per MG in kW (RMSE, MAE, R² of the regression head); AUC, Brier score and ECE (10 equal-width bins) "
                + "of the calibrated proposal acceptance probability p̂_acc against the DSO's answer; curtailment AUC of the "
                + "per-MG curtailment probability; acceptance predicted when p̂_acc ≥ 0.5, with accuracy, precision, recall and "
                + "F1 of the class \"accepted\". AUC is undefined (nan) on a split with one class only." + feasibilityCaption,
            columns: Self.metricsColumns,
            rows: rows)
        try table.csv().write(toFile: try context.outputPath("metrics.csv"), atomically: false, encoding: .utf8)
        try table.markdown(label: "Table").write(toFile: try context.outputPath("metrics.md"), atomically: false, encoding: .utf8)
        let reliability = try Table(
            name: "reliability", title: "Reliability of the predicted acceptance probability",
            caption: "Per model and split, the proposals binned by p̂_acc into \(ProbabilityMetrics.binCount) equal-width bins: "
                + "count, mean predicted probability and observed acceptance rate (empty bins have neither).",
            columns: [Table.Column("model", format: .text), Table.Column("stage", format: .text),
                      Table.Column("split", format: .text), Table.Column("bin", format: .integer),
                      Table.Column("from", format: .fixed(decimals: 2)), Table.Column("to", format: .fixed(decimals: 2)),
                      Table.Column("count", format: .integer),
                      Table.Column("mean predicted", format: .fixed(decimals: 4)),
                      Table.Column("observed rate", format: .fixed(decimals: 4))],
            rows: reliabilityRows)
        try reliability.csv().write(toFile: try context.outputPath("reliability.csv"), atomically: false, encoding: .utf8)
        try predictionsFile(datasetFile: try dataset.file("dataset.h5"))
            .write(entries, to: try context.outputPath("predictions.h5"))
    }

    /// The writer of `predictions.h5`, with the MG names and trade pairs of the dataset file.
    private func predictionsFile(datasetFile: String) throws -> PredictionsFile {
        let file = try HDF5File.openReadOnly(atPath: datasetFile)
        defer { try? file.close() }
        return PredictionsFile(codeVersion: codeVersion, microgridNames: try file.stringArrayAttribute("microgrid_names"),
                               pairs: try file.stringArrayAttribute("pairs", of: "/opf/alpha"))
    }

    /// The columns of `metrics.csv` (the report's accuracy table has the same ones).
    static var metricsColumns: [Table.Column] {
        [Table.Column("model", format: .text), Table.Column("stage", format: .text),
         Table.Column("split", format: .text), Table.Column("n", format: .integer),
         Table.Column("RMSE", unit: "kW", format: .fixed(decimals: 3)),
         Table.Column("MAE", unit: "kW", format: .fixed(decimals: 3)),
         Table.Column("R²", format: .fixed(decimals: 4)),
         Table.Column("AUC", format: .fixed(decimals: 4)),
         Table.Column("Brier", format: .fixed(decimals: 4)),
         Table.Column("ECE", format: .fixed(decimals: 4)),
         Table.Column("curtailment AUC", format: .fixed(decimals: 4)),
         Table.Column("accept accuracy", format: .fixed(decimals: 3)),
         Table.Column("accept precision", format: .fixed(decimals: 3)),
         Table.Column("accept recall", format: .fixed(decimals: 3)),
         Table.Column("accept F1", format: .fixed(decimals: 3)),
         Table.Column("n feasible", format: .integer),
         Table.Column("accepted unrefined", format: .fixed(decimals: 3)),
         Table.Column("accepted refined", format: .fixed(decimals: 3)),
         Table.Column("curtailed refined", format: .fixed(decimals: 3)),
         Table.Column("energy kept", format: .fixed(decimals: 3))]
    }

    /// One row of `metrics.csv` from the metric values in `PredictionsFile.metricNames` order
    /// (the feasibility cells empty where its count is NaN: not measured).
    static func metricsRow(kind: String, stage: String, split: String, values v: [Double]) -> [Cell] {
        [.text(kind), .text(stage), .text(split), .integer(Int(v[0]))] + v[1...11].map { Cell.number($0) }
            + (v[12].isNaN ? Array(repeating: .missing, count: 5) : [.integer(Int(v[12]))] + v[13...16].map { Cell.number($0) })
    }

    /// The feasibility rate of one model on one split file.
    private func feasibility(of checkpoint: ModelCheckpoint, file: String, split: String?, dataFile: String, specFile: String,
                             datasetSeed: UInt64, context: StageContext) throws -> FeasibilityRate {
        let configuration = try DatasetConfiguration(specFile: specFile, split: split)
        let data = try TrainingData.load(path: dataFile)
        let test = checkpoint.model.split.test
        let candidates = checkpoint.dataFingerprint == data.fingerprint && !test.isEmpty ? test : data.solvedIndices
        let samples = Array(candidates.prefix(context.parameters.int("feasibilitySamples")))
        let predictor = try CheckpointResponsePredictor(checkpoint: checkpoint, file: file, configuration: configuration,
                                                        stage: context.stageName)
        let check = FeasibilityCheck(configuration: configuration, seed: configuration.splitSeed(datasetSeed),
                                     dataFile: dataFile, stage: context.stageName)
        return try check.measure(samples: samples, data: data, predictor: predictor,
                                 policy: CaseStudyStage.refinementPolicy(context.parameters),
                                 checkCancellation: { try context.checkCancellation() })
    }
}
