import Foundation
import Reporting

/// The acceptance part of report section 3 (DESIGN.md §7): how well each model's
/// calibrated acceptance probability `p̂_acc` separates the proposals the DSO
/// accepts from those it curtails (ROC AUC per split), how well its
/// probabilities are calibrated (reliability diagram in distribution, from the
/// `validate` stage's `predictions.h5`), and which model and feature set
/// predicts acceptance best — computed from the table, whichever way it falls.
enum AcceptanceFigures {
    /// Declared outputs: the AUC bar chart and the reliability diagram.
    static var outputs: [String] {
        ReportOutputs.figure("accuracy-auc") + ReportOutputs.figure("accuracy-reliability")
    }

    /// The findings paragraph and both figures.
    static func blocks(_ scores: [AccuracySection.ModelScore], splits: [String], models: [String],
                       results: ValidationResults) -> [ReportDocument.Block] {
        let inDistribution = splits.first { $0.hasPrefix("in_distribution") } ?? splits[0]
        func score(_ model: String, _ split: String) -> AccuracySection.ModelScore? {
            scores.first { $0.model == model && $0.split == split }
        }
        let auc = models.map { model in splits.map { score(model, $0)?.auc ?? .nan } }
        let categories = splits.map(AccuracySection.shortSplitName)
        let aucFigure: GroupedBarChart
        if auc.joined().contains(where: \.isFinite) {
            aucFigure = GroupedBarChart(
                name: "accuracy-auc", title: "Acceptance ROC AUC per split and model",
                caption: "ROC AUC of the calibrated acceptance probability p̂_acc against the DSO's answer "
                    + "(1 = perfect ranking, 0.5 = chance, where the axis starts unless a value lies below it); "
                    + "a split with one class only has no AUC and no bar.",
                categoryLabel: "Split", categories: categories, y: Axis("ROC AUC"),
                series: zip(models, auc).map { GroupedBarChart.Series($0, values: $1) }, yFloor: 0.5,
                size: FigureSize(width: 960, height: 440))
        } else {
            // Every split has one class only (e.g. κ = 1, where the DSO accepts every proposal), so
            // there is no AUC to draw; the Brier score is defined on one class too.
            let brier = models.map { model in splits.map { score(model, $0)?.brier ?? .nan } }
            aucFigure = GroupedBarChart(
                name: "accuracy-auc", title: "Acceptance Brier score per split and model (AUC undefined)",
                caption: "Every split has one class only, so ROC AUC is undefined; shown instead is the Brier score "
                    + "(mean squared error of p̂_acc, 0 = perfect).",
                categoryLabel: "Split", categories: categories, y: Axis("Brier score"),
                series: zip(models, brier).map { GroupedBarChart.Series($0, values: $1) },
                size: FigureSize(width: 960, height: 440))
        }
        return [
            .paragraph(findings(scores, inDistribution: inDistribution)),
            .figure(aucFigure),
            .figure(reliabilityDiagram(results, models: models, inDistribution: inDistribution)),
        ]
    }

    /// Observed acceptance rate against mean predicted probability per bin, one line per model, in distribution.
    static func reliabilityDiagram(_ results: ValidationResults, models: [String], inDistribution: String) -> LinePlot {
        var series: [LinePlot.Series] = []
        for model in models {
            var x: [Double] = [], y: [Double] = []
            for (group, label) in zip(results.groups, results.modelLabels) where label == model && group.split == inDistribution {
                for bin in group.binCounts.indices where group.binCounts[bin] > 0 {
                    x.append(group.binMeanPredicted[bin])
                    y.append(group.binObservedRate[bin])
                }
            }
            if !x.isEmpty { series.append(LinePlot.Series(model, x: x, y: y)) }
        }
        series.append(LinePlot.Series("perfect calibration", x: [0, 1], y: [0, 1]))
        return LinePlot(
            name: "accuracy-reliability", title: "Reliability of p̂_acc in distribution",
            caption: "Test-split proposals binned by predicted acceptance probability (10 equal-width bins; empty bins left out): "
                + "observed acceptance rate against the bin's mean prediction. On the diagonal, a probability of p means "
                + "acceptance in a share p of the proposals; the expected calibration error is the count-weighted mean distance.",
            x: Axis("mean predicted p̂_acc"), y: Axis("observed acceptance rate"), series: series, style: .linesPoints,
            size: FigureSize(width: 640, height: 480))
    }

    /// Which model predicts acceptance best in distribution (highest AUC; ECE beside it), the rest ranked.
    static func findings(_ scores: [AccuracySection.ModelScore], inDistribution: String) -> String {
        let ranked = scores.filter { $0.split == inDistribution && $0.auc.isFinite }.sorted {
            $0.auc != $1.auc ? $0.auc > $1.auc : $0.model < $1.model
        }
        guard let best = ranked.first else {
            return "Acceptance AUC is undefined in distribution: the test split has one class only "
                + "(the DSO accepts every proposal, or curtails every one), so no model can be ranked by it."
        }
        let rest = ranked.dropFirst().map { String(format: "%@ AUC %.4f, ECE %.4f", $0.model, $0.auc, $0.ece) }
        var text = String(format: "Acceptance is predicted best in distribution by %@ (ROC AUC %.4f, ECE %.4f)", best.model, best.auc, best.ece)
        text += rest.isEmpty ? "." : "; then " + rest.joined(separator: "; ") + "."
        let oodWins = Dictionary(grouping: scores.filter { $0.split != inDistribution && $0.auc.isFinite }, by: \.split)
            .compactMapValues { $0.max { $0.auc != $1.auc ? $0.auc < $1.auc : $0.model > $1.model } }
        if !oodWins.isEmpty {
            let counts = Dictionary(grouping: oodWins.values, by: \.model).mapValues(\.count)
            text += " Out of distribution the highest AUC goes to "
                + counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                    .map { "\($0.key) on \($0.value) of \(oodWins.count) splits" }.joined(separator: ", ") + "."
        }
        return text
    }
}
