import Foundation
import HDF5Store
import Pipeline
import Reporting

/// The output contract of the `validate` stage as the report reads it: `predictions.h5`
/// (`PredictionsFile`), group by group in the order of its `groups` attribute — the
/// metrics of every model and split and their reliability bins. The accuracy table, the
/// figures and the findings are all computed from here, so they cannot disagree with the
/// tensors; `metrics.csv` is the same table as validate wrote it, from the same values.
struct ValidationResults {
    /// One model on one split.
    struct Group {
        let stage: String
        /// transformer, mlp or ridge.
        let kind: String
        /// `in_distribution (test split)` or the OOD split's name, as in `metrics.csv`.
        let split: String
        /// The metrics by `PredictionsFile.metricNames`.
        let metrics: [String: Double]
        /// Reliability bins of `p̂_acc`: sample count, mean prediction, observed rate.
        let binCounts: [Int64]
        let binMeanPredicted: [Double]
        let binObservedRate: [Double]
    }

    let groups: [Group]
    /// `<stage>/predictions.h5`, for error messages.
    let file: String

    init(_ input: StageInput, stage: String) throws {
        file = "\(input.stageName)/predictions.h5"
        let path = try input.reportFile("predictions.h5", reportStage: stage)
        let name = file
        func malformed(_ problem: String) -> StageError { .malformedInput(stage: stage, file: name, problem: problem) }
        do {
            let h5 = try HDF5File.openReadOnly(atPath: path)
            defer { try? h5.close() }
            let paths = try h5.stringArrayAttribute("groups")
            guard !paths.isEmpty else { throw malformed("no groups (the validate stage evaluated no model)") }
            groups = try paths.map { group in
                let names = try h5.stringArrayAttribute("names", of: "\(group)/metrics")
                let values = try h5.read("\(group)/metrics", as: Double.self).values
                guard names.count == values.count, Set(PredictionsFile.metricNames).isSubset(of: names) else {
                    throw malformed("\(group)/metrics: names \(names) for \(values.count) values; expected \(PredictionsFile.metricNames)")
                }
                let counts = try h5.read("\(group)/reliability/count", as: Int64.self).values
                let predicted = try h5.read("\(group)/reliability/mean_predicted", as: Double.self).values
                let observed = try h5.read("\(group)/reliability/observed_rate", as: Double.self).values
                guard predicted.count == counts.count, observed.count == counts.count else {
                    throw malformed("\(group)/reliability: \(counts.count) counts, \(predicted.count) means, \(observed.count) rates")
                }
                let split = try h5.stringAttribute("split", of: group)
                return Group(stage: try h5.stringAttribute("stage", of: group), kind: try h5.stringAttribute("model_kind", of: group),
                             split: split == "in_distribution" ? "in_distribution (test split)" : split,
                             metrics: Dictionary(uniqueKeysWithValues: zip(names, values)),
                             binCounts: counts, binMeanPredicted: predicted, binObservedRate: observed)
            }
        } catch let error as StageError {
            throw error
        } catch {
            throw malformed("\(error)")
        }
    }

    /// Each group's model label: the kind, prefixed by its train stage when several stages feed the table.
    var modelLabels: [String] {
        let several = Set(groups.map(\.stage)).count > 1
        return groups.map { several ? "\($0.stage)/\($0.kind)" : $0.kind }
    }

    /// The accuracy table: the columns and cells of validate's `metrics.csv`, from the stored values.
    var table: (header: [String], cells: [[Cell]]) {
        (ValidateStage.metricsColumns.map(\.header),
         groups.map { g in
             ValidateStage.metricsRow(kind: g.kind, stage: g.stage, split: g.split,
                                      values: PredictionsFile.metricNames.map { g.metrics[$0] ?? .nan })
         })
    }
}
