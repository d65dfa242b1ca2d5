import Foundation
import Pipeline
import Reporting

/// Report section 3: prediction accuracy in and out of distribution, with the
/// baselines (DESIGN.md §7), computed from the `validate` stage's
/// `predictions.h5` (`ValidationResults`): the accuracy table (the columns and
/// values of its `metrics.csv`), the RMSE and AUC figures, the reliability
/// diagram (in `AcceptanceFigures`) and the findings.
enum AccuracySection {
    /// Declared outputs of this section.
    static var outputs: [String] {
        [ReportOutputs.table("accuracy")] + ReportOutputs.figure("accuracy-rmse") + AcceptanceFigures.outputs
    }

    /// One model on one split, as the figures and findings need it.
    struct ModelScore {
        let model: String
        let split: String
        let rmseKW: Double
        /// ROC AUC, Brier score and expected calibration error of the acceptance probability (NaN where undefined).
        let auc: Double
        let brier: Double
        let ece: Double
    }

    /// The section's blocks from the `validate` stage's predictions.
    static func blocks(_ input: StageInput, stage: String) throws -> [ReportDocument.Block] {
        let results = try ValidationResults(input, stage: stage)
        let scores = scores(results)
        let splits = ordered(scores.map(\.split))
        let models = ordered(scores.map(\.model))
        let values = models.map { model in
            splits.map { split in scores.first { $0.model == model && $0.split == split }?.rmseKW ?? .nan }
        }
        let finite = values.flatMap { $0 }.filter(\.isFinite)
        // Out-of-distribution errors can be orders of magnitude above the in-distribution ones.
        let logScale = (finite.min() ?? 0) > 0 && (finite.max() ?? 0) / (finite.min() ?? 1) > 30
        let table = results.table
        return [
            .heading("Accuracy in and out of distribution"),
            .paragraph(findings(scores, splits: splits, unit: "kW")),
            .table(try CSVDocument.table(name: "accuracy", title: "Prediction accuracy per model and split",
                                         caption: "Computed from stage `\(input.stageName)`'s predictions.h5 (kind \(input.kind)); "
                                             + "the same columns and values as its metrics.csv.",
                                         header: table.header, cells: table.cells)),
            .figure(GroupedBarChart(
                name: "accuracy-rmse", title: "RMSE per split and model",
                caption: "Root-mean-square error of the predicted accepted injection per MG" + (logScale ? "; logarithmic axis." : "."),
                categoryLabel: "Split", categories: splits.map(shortSplitName), y: Axis("RMSE", unit: "kW", logScale: logScale),
                series: zip(models, values).map { GroupedBarChart.Series($0, values: $1) },
                size: FigureSize(width: 960, height: 440))),
        ] + AcceptanceFigures.blocks(scores, splits: splits, models: models, results: results)
    }

    /// Model label (with the train stage when several feed the table), split, RMSE, AUC, Brier score and ECE of every group.
    static func scores(_ results: ValidationResults) -> [ModelScore] {
        zip(results.groups, results.modelLabels).map { group, label in
            ModelScore(model: label, split: group.split, rmseKW: group.metrics["rmse_kw"] ?? .nan, auc: group.metrics["auc"] ?? .nan,
                       brier: group.metrics["brier"] ?? .nan, ece: group.metrics["ece"] ?? .nan)
        }
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
