import Foundation
import HDF5Store
import Testing

/// Two headline numbers of each section of ci.yaml's published report, recomputed from the
/// stages' HDF5 files with this test's own code — not the report's readers — and compared
/// with the report's tables: the dataset's status count and curtailed share
/// (`dataset.h5`), each trained model's final training loss and best validation loss (its
/// checkpoint), each model's RMSE and ROC AUC per split (`predictions.h5`), and each case
/// run's first-submission acceptance and mean total cost (`cases.h5`).
extension CIPipelineTests {
    func checkReportHeadlines(_ report: URL, outputs: [String: Data], work: URL) throws {
        let stages = work.appendingPathComponent("stages").path
        func open(_ suffix: String, containing sibling: String? = nil) throws -> HDF5File {
            let entry = try #require(outputs.keys.sorted().first { key in
                key.hasSuffix(suffix) && sibling.map { outputs[(key as NSString).deletingLastPathComponent + "/" + $0] != nil } != false
            }, "no stage output \(suffix)")
            return try HDF5File.openReadOnly(atPath: stages + entry)
        }
        /// A table of the report as header name → column, rows in order.
        func table(_ name: String) throws -> (rows: Int, column: (String) -> [String]) {
            let text = try String(contentsOf: report.appendingPathComponent("tables/\(name).csv"), encoding: .utf8)
            let lines = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            let header = lines[0].split(separator: ",").map(String.init)
            let rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            return (rows.count, { name in header.firstIndex(of: name).map { i in rows.map { $0[i] } } ?? [] })
        }

        // Dataset: optimal OPFs and the share of solved samples the DSO curtailed, in distribution.
        let dataset = try open("/dataset.h5")
        let status = try dataset.read("/opf/status", as: Int32.self).values
        let accepted = try dataset.read("/opf/accepted", as: UInt8.self).values
        try dataset.close()
        let solved = status.indices.filter { status[$0] <= 1 }
        let statusTable = try table("dataset-status"), curtailment = try table("dataset-curtailment")
        #expect(statusTable.column("split").first == "in_distribution")
        #expect(statusTable.column("optimal").first == String(status.filter { $0 == 0 }.count))
        let curtailedShare = 100 * Double(solved.filter { accepted[$0] == 0 }.count) / Double(solved.count)
        #expect(abs((Double(curtailment.column("curtailed (%)").first ?? "") ?? .nan) - curtailedShare) <= 1e-9, "curtailed \(curtailedShare) %")

        // Training: the last epoch's training loss and the lowest validation loss of the history.
        let training = try table("training-summary")
        let models = training.column("model"), final = training.column("final training loss")
        let best = training.column("best validation loss")
        for (index, model) in models.enumerated() where model.hasPrefix("models/") && model != "models/ridge" {
            let checkpoint = try open("/\(model.dropFirst("models/".count)).h5", containing: "transformer.h5")
            let history = try checkpoint.read("/history/train_loss", as: Double.self).values
            let validation = try checkpoint.read("/history/validation_loss", as: Double.self).values
            try checkpoint.close()
            #expect(Double(final[index]) == history.last, "\(model): final training loss \(final[index]) vs \(history)")
            #expect(Double(best[index]) == validation.min(), "\(model): best validation loss \(best[index]) vs \(validation)")
        }
        #expect(models.filter { $0 == "models/transformer" || $0 == "models/mlp" }.count == 2, "\(models)")

        // Accuracy: RMSE and ROC AUC of every model and split, from the stored predictions and targets.
        let predictions = try open("/predictions.h5")
        let groups = try predictions.stringArrayAttribute("groups")
        let accuracy = try table("accuracy")
        #expect(accuracy.rows == groups.count && groups.count == 12)
        for (group, (rmseText, aucText)) in zip(groups, zip(accuracy.column("RMSE (kW)"), accuracy.column("AUC"))) {
            let rmse = IndependentMetrics.rmse(try predictions.read("\(group)/p_acc_kw", as: Float.self).values,
                                               try predictions.read("\(group)/target_p_acc_kw", as: Float.self).values)
            #expect(abs(rmse - Double(rmseText)!) <= 1e-7 * max(rmse, 1), "\(group): RMSE \(rmse) vs \(rmseText)")
            let auc = IndependentMetrics.rocAUC(try predictions.read("\(group)/acceptance_probability", as: Double.self).values,
                                                positive: try predictions.read("\(group)/target_accepted", as: UInt8.self).values.map { $0 == 1 })
            #expect(auc.map { abs($0 - Double(aucText)!) <= 1e-12 } ?? (aucText == "nan"), "\(group): AUC \(String(describing: auc)) vs \(aucText)")
        }
        try predictions.close()

        // Case studies: first-submission acceptance and mean total cost per hour of every case run.
        let cases = try open("/cases.h5")
        let number = try cases.read("/hours/case", as: Int32.self).values
        let predictor = try cases.readStrings("/hours/predictor").values
        let first = try cases.read("/hours/first_accepted", as: Int32.self).values
        let cost = try cases.read("/hours/total_cost_rs", as: Double.self).values
        try cases.close()
        let runs = Array(Set(zip(number, predictor).map { "\($0)|\($1)" })).sorted()
        let acceptance = try table("case-acceptance"), summary = try table("case-summary")
        #expect(acceptance.rows == runs.count && summary.rows == runs.count && runs.count == 4, "\(runs)")
        for (index, run) in runs.enumerated() {
            let rows = number.indices.filter { "\(number[$0])|\(predictor[$0])" == run }
            let ratio = Double(rows.filter { first[$0] == 1 }.count) / Double(rows.count)
            let mean = rows.reduce(0.0) { $0 + cost[$1] } / Double(rows.count)
            #expect(Double(acceptance.column("first-submission ratio")[index]) == ratio, "\(run): first-submission ratio")
            #expect(abs(Double(summary.column("total_cost_mean_rs")[index])! - mean) <= 1e-9 * abs(mean), "\(run): mean cost vs \(mean)")
            #expect(summary.column("case")[index] == run.split(separator: "|").first.map(String.init))
        }
    }
}
