import Foundation
import Pipeline
import Reporting

/// Report section 3: prediction accuracy in and out of distribution, with the
/// baselines (DESIGN.md §7). The `validate` stage's `metrics.csv` is read
/// generically — header and rows as written — so columns it gains reach the
/// report without a change here; only the model, split, RMSE, AUC and ECE
/// columns are interpreted, for the figures and findings. The acceptance
/// figures (AUC per split, reliability diagram) are in `AcceptanceFigures`.
enum AccuracySection {
    /// Declared outputs of this section.
    static var outputs: [String] {
        [ReportOutputs.table("accuracy")] + ReportOutputs.figure("accuracy-rmse") + AcceptanceFigures.outputs
    }

    /// One row of the metrics, as the figures and findings need it.
    struct ModelScore {
        let model: String
        let split: String
        let rmseKW: Double
        /// ROC AUC, Brier score and expected calibration error of the acceptance probability (NaN where undefined).
        let auc: Double
        let brier: Double
        let ece: Double
    }

    /// The section's blocks from the `validate` stage's metrics.
    static func blocks(_ input: StageInput, stage: String) throws -> [ReportDocument.Block] {
        let reliabilityFile = "\(input.stageName)/reliability.csv"
        let reliability = try CSVDocument(path: try input.reportFile("reliability.csv", reportStage: stage),
                                          file: reliabilityFile, stage: stage)
        let file = "\(input.stageName)/metrics.csv"
        let path = try input.reportFile("metrics.csv", reportStage: stage)
        let metrics = try CSVDocument(path: path, file: file, stage: stage)
        guard !metrics.rows.isEmpty else {
            throw StageError.malformedInput(stage: stage, file: file, problem: "the table has a header but no rows")
        }
        let scores = try scores(metrics, stage: stage)
        let splits = ordered(scores.map(\.split))
        let models = ordered(scores.map(\.model))
        let rmseHeader = metrics.header[try metrics.column(prefix: "RMSE", stage: stage)]
        let unit = rmseHeader.firstIndex(of: "(").map { String(rmseHeader[rmseHeader.index(after: $0)...].dropLast()) }
        let values = models.map { model in
            splits.map { split in scores.first { $0.model == model && $0.split == split }?.rmseKW ?? .nan }
        }
        let finite = values.flatMap { $0 }.filter(\.isFinite)
        // Out-of-distribution errors can be orders of magnitude above the in-distribution ones.
        let logScale = (finite.min() ?? 0) > 0 && (finite.max() ?? 0) / (finite.min() ?? 1) > 30
        return [
            .heading("Accuracy in and out of distribution"),
            .paragraph(findings(scores, splits: splits, unit: unit ?? "")),
            .table(try metrics.table(name: "accuracy", title: "Prediction accuracy per model and split",
                                     caption: "As written by stage `\(input.stageName)` (kind \(input.kind)); the CSV is its metrics.csv unchanged.")),
            .figure(GroupedBarChart(
                name: "accuracy-rmse", title: "RMSE per split and model",
                caption: "Root-mean-square error of the predicted accepted injection per MG" + (logScale ? "; logarithmic axis." : "."),
                categoryLabel: "Split", categories: splits.map(shortSplitName), y: Axis("RMSE", unit: unit, logScale: logScale),
                series: zip(models, values).map { GroupedBarChart.Series($0, values: $1) },
                size: FigureSize(width: 960, height: 440))),
        ] + (try AcceptanceFigures.blocks(scores, splits: splits, models: models, reliability: reliability, stage: stage))
    }

    /// Model label (with the train stage when several feed the table), split, RMSE, AUC, Brier score and ECE of every row.
    static func scores(_ metrics: CSVDocument, stage: String) throws -> [ModelScore] {
        let split = try metrics.column("split", stage: stage)
        let rmse = try metrics.column(prefix: "RMSE", stage: stage)
        let auc = try metrics.column("AUC", stage: stage)
        let brier = try metrics.column("Brier", stage: stage)
        let ece = try metrics.column("ECE", stage: stage)
        let labels = try modelLabels(metrics, stage: stage)
        return try metrics.rows.indices.map { index in
            ModelScore(model: labels[index], split: metrics.rows[index][split],
                       rmseKW: try metrics.number(row: index, column: rmse, stage: stage),
                       auc: try metrics.number(row: index, column: auc, stage: stage),
                       brier: try metrics.number(row: index, column: brier, stage: stage),
                       ece: try metrics.number(row: index, column: ece, stage: stage))
        }
    }

    /// Each row's model label: the model kind, prefixed by its train stage when several stages feed the table.
    static func modelLabels(_ table: CSVDocument, stage: String) throws -> [String] {
        let model = try table.column("model", stage: stage)
        let stageColumn = table.header.firstIndex(of: "stage")
        let stages = Set(table.rows.map { row in stageColumn.map { row[$0] } ?? "" })
        return table.rows.map { row in stages.count > 1 ? "\(row[stageColumn!])/\(row[model])" : row[model] }
    }

    /// Distinct values in order of first appearance.
    static func ordered(_ values: [String]) -> [String] {
        var seen: Set<String> = []
        return values.filter { seen.insert($0).inserted }
    }

    /// `in_distribution (test split)` → `in distribution`; OOD split names keep their words.
    static func shortSplitName(_ split: String) -> String {
        let base = split.components(separatedBy: " (").first ?? split
        return base.replacingOccurrences(of: "_", with: " ")
    }

    /// Which model has the lowest RMSE in distribution, and on how many OOD splits each model wins.
    static func findings(_ scores: [ModelScore], splits: [String], unit: String) -> String {
        func best(_ split: String) -> ModelScore? {
            scores.filter { $0.split == split && $0.rmseKW.isFinite }.min { $0.rmseKW < $1.rmseKW }
        }
        let unitText = unit.isEmpty ? "" : " \(unit)"
        var sentences: [String] = []
        let inDistribution = splits.first { $0.hasPrefix("in_distribution") } ?? splits[0]
        if let winner = best(inDistribution) {
            let others = scores.filter { $0.split == inDistribution && $0.model != winner.model && $0.rmseKW.isFinite }
                .sorted { $0.rmseKW < $1.rmseKW }
                .map { String(format: "%@ %.3g%@", $0.model, $0.rmseKW, unitText) }
            sentences.append(String(format: "In distribution %@ predicts best (RMSE %.3g%@", winner.model, winner.rmseKW, unitText)
                             + (others.isEmpty ? ")." : "; " + others.joined(separator: ", ") + ")."))
        }
        let ood = splits.filter { $0 != inDistribution }
        let winners = ood.compactMap { split in best(split).map { (split, $0) } }
        if !winners.isEmpty {
            let counts = Dictionary(grouping: winners, by: { $0.1.model }).mapValues(\.count)
            let ranking = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            sentences.append("Out of distribution the lowest RMSE goes to "
                             + ranking.map { "\($0.key) on \($0.value) of \(ood.count) splits" }.joined(separator: ", ")
                             + " (" + winners.map { split, score in
                                 String(format: "%@: %@ %.3g%@", shortSplitName(split), score.model, score.rmseKW, unitText)
                             }.joined(separator: "; ") + ").")
        }
        return sentences.joined(separator: " ")
    }
}
