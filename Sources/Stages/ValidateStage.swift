import Foundation
import Learning
import Pipeline
import Reporting

/// `validate` (DESIGN.md §7), accuracy part: every model of every `train`
/// input on the in-distribution test split and on every out-of-distribution
/// file of the `generate` input — RMSE, MAE, R² in kW and the acceptance
/// classification — in one table, `metrics.csv` (with `metrics.md`).
///
/// The feasibility rate of DESIGN.md §7 (re-solving the OPF with the
/// model-refined proposal) needs the MG-side refinement of the case studies
/// and comes with the `casestudy` stage.
public struct ValidateStage: StageKind {
    public init() {}

    public let name = "validate"
    public let codeVersion = "validate/1"
    public let summary = "accuracy of every model on the test split and every OOD split"

    public var parameters: [ParameterSpec] {
        [ParameterSpec("toleranceKW", .double(0...1e6), default: .double(EvaluationMetrics.defaultToleranceKW),
                       summary: "acceptance tolerance |P_acc − P_net| per MG, kW")]
    }

    public var inputs: [InputSlot] {
        [InputSlot("dataset", accepts: ["generate"]), InputSlot("models", accepts: ["train"], .oneOrMore)]
    }

    public func outputs(for parameters: ParameterValues) -> [String] { ["metrics.csv", "metrics.md"] }

    public func run(_ context: StageContext) throws {
        let dataset = context.input("dataset")
        let splits = [("in_distribution (test split)", try dataset.file("dataset.h5"))]
            + dataset.files.keys.sorted().filter { $0.hasPrefix("ood-") }.map { name in
                (String(name.dropFirst(4).dropLast(3)), dataset.files[name]!)
            }
        let models = context.inputs("models").flatMap { input in
            input.files.keys.sorted().map { (stage: input.stageName, file: input.files[$0]!) }
        }
        var rows: [[Cell]] = []
        for (index, model) in models.enumerated() {
            for (split, data) in splits {
                try context.checkCancellation()
                let (kind, m) = try ModelEvaluation.evaluate(model: model.file, data: data,
                                                             toleranceKW: context.parameters.double("toleranceKW"))
                rows.append([.text(kind), .text(model.stage), .text(split), .integer(m.n), .number(m.rmseKW), .number(m.maeKW),
                             .number(m.r2), .number(m.acceptAccuracy), .number(m.acceptF1)])
            }
            context.reportProgress(fraction: Double(index + 1) / Double(models.count),
                                   message: "\(model.stage)/\((model.file as NSString).lastPathComponent)")
        }
        let table = try Table(
            name: "metrics", title: "Prediction accuracy, in distribution and out of distribution",
            caption: "P_acc per MG in kW; acceptance predicted when every MG's |P_acc − P_net| ≤ \(context.parameters.double("toleranceKW")) kW.",
            columns: [Table.Column("model", format: .text), Table.Column("stage", format: .text),
                      Table.Column("split", format: .text), Table.Column("n", format: .integer),
                      Table.Column("RMSE", unit: "kW", format: .fixed(decimals: 3)),
                      Table.Column("MAE", unit: "kW", format: .fixed(decimals: 3)),
                      Table.Column("R²", format: .fixed(decimals: 4)),
                      Table.Column("accept accuracy", format: .fixed(decimals: 3)),
                      Table.Column("accept F1", format: .fixed(decimals: 3))],
            rows: rows)
        try table.csv().write(toFile: try context.outputPath("metrics.csv"), atomically: false, encoding: .utf8)
        try table.markdown(label: "Table").write(toFile: try context.outputPath("metrics.md"), atomically: false, encoding: .utf8)
    }
}
