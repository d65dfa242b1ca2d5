import Foundation
import HDF5Store
import Testing

/// `predictions.h5` of ci.yaml's validate stage against its `metrics.csv`: the headline
/// numbers recomputed from the stored tensors with code of this test's own (RMSE as a plain
/// sum, ROC AUC by counting concordant pairs, the feasibility share by counting).
extension CIPipelineTests {
    func checkPredictionsFile(_ outputs: [String: Data], work: URL) throws {
        let entry = try #require(outputs.keys.first { $0.hasSuffix("/predictions.h5") })
        let file = try HDF5File.openReadOnly(atPath: work.appendingPathComponent("stages").path + entry)
        defer { try? file.close() }
        let metrics = try #require(outputs.first { $0.key.hasSuffix("/metrics.csv") }?.value)
        let rows = String(decoding: metrics, as: UTF8.self).split(whereSeparator: \.isNewline).dropFirst()
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let groups = try file.stringArrayAttribute("groups")
        #expect(groups.count == rows.count && groups.count == 12, "\(groups)")
        #expect(try file.stringAttribute("code_version") == "validate/10")

        for (group, row) in zip(groups, rows) {
            // metrics.csv: model, stage, split, n, RMSE, …, AUC (column 7), …, accepted refined (column 17).
            let (kind, stage, split) = (try file.stringAttribute("model_kind", of: group), try file.stringAttribute("stage", of: group),
                                        try file.stringAttribute("split", of: group))
            #expect(kind == row[0] && stage == row[1] && row[2].hasPrefix(split), "\(group) vs \(row[0...2])")
            let predicted = try file.read("\(group)/p_acc_kw", as: Float.self)
            let target = try file.read("\(group)/target_p_acc_kw", as: Float.self).values
            let n = predicted.shape[0]
            #expect(String(n) == row[3] && predicted.shape == [n, 4])
            let rmse = IndependentMetrics.rmse(predicted.values, target)
            #expect(abs(rmse - Double(row[4])!) <= 1e-7 * max(rmse, 1), "\(group): RMSE \(rmse) vs \(row[4])")

            let probability = try file.read("\(group)/acceptance_probability", as: Double.self).values
            let accepted = try file.read("\(group)/target_accepted", as: UInt8.self).values
            if let auc = IndependentMetrics.rocAUC(probability, positive: accepted.map { $0 == 1 }) {
                #expect(abs(auc - Double(row[7])!) <= 1e-12, "\(group): AUC \(auc) vs \(row[7])")
            } else {
                #expect(row[7] == "nan")
            }

            let names = try file.stringArrayAttribute("names", of: "\(group)/metrics")
            let values = try file.read("\(group)/metrics", as: Double.self).values
            let stored = values[try #require(names.firstIndex(of: "rmse_kw"))]
            // The same sum in another order: equal to rounding.
            #expect(abs(stored - rmse) <= 1e-7 * max(rmse, 1), "\(group): stored RMSE \(stored) vs \(rmse)")

            let refinedAccepted = try file.read("\(group)/feasibility/accepted", as: UInt8.self).values
            #expect(refinedAccepted.count == 8 && row[15] == "8")
            let share = Double(refinedAccepted.filter { $0 == 1 }.count) / Double(refinedAccepted.count)
            #expect(share == Double(row[17])!, "\(group): accepted refined \(share) vs \(row[17])")
            let trades = try file.read("\(group)/feasibility/refined_trades_kw", as: Double.self)
            #expect(trades.shape == [8, 4, 4] && trades.values.allSatisfy { $0 >= 0 })
            let alpha = try file.read("\(group)/feasibility/alpha", as: Double.self)
            #expect(alpha.shape == [8, 12])
        }
    }
}
