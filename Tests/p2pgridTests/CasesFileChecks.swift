import Foundation
import HDF5Store
import Testing

/// `cases.h5` of ci.yaml's casestudy stage against its `hours.csv`, row by row: the same
/// rows in the same order, every shared column equal to the CSV's value (the CSV spells
/// each number in full, shortest round-trip form), the
/// voltage extremes recomputed from the per-bus voltages, and the submissions consistent
/// with the hour's counts.
extension CIPipelineTests {
    func checkCasesFile(_ outputs: [String: Data], work: URL) throws {
        let entry = try #require(outputs.keys.first { $0.hasSuffix("/cases.h5") })
        let file = try HDF5File.openReadOnly(atPath: work.appendingPathComponent("stages").path + entry)
        defer { try? file.close() }
        let csv = try #require(outputs.first { $0.key.hasSuffix("/hours.csv") }?.value)
        let lines = String(decoding: csv, as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let header = lines[0].split(separator: ",").map(String.init)
        let rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        func column(_ name: String) -> [String] { let i = header.firstIndex(of: name)!; return rows.map { $0[i] } }
        #expect(try file.attribute("rows", as: Int64.self) == Int64(rows.count) && rows.count == 4 * 24)
        // The root attributes docs/results-hdf5.md lists; ci.yaml runs the case-study days with the default refinement.
        #expect(Set(try file.attributeNames()) == ["code_version", "microgrid_names", "max_rounds", "rows", "peak_hour_of_first_day",
                                                   "day_set", "acceptance_target", "safety_margin", "local_rounds"])
        #expect(try file.attribute("day_set", as: Int64.self) == 0 && file.stringAttribute("code_version") == "casestudy/12")

        let predictors = try file.readStrings("/hours/predictor").values
        #expect(predictors == column("predictor"))
        for name in ["case", "day", "hour", "first_accepted", "final_accepted", "submissions", "opf_calls", "local_rounds",
                     "predictor_calls", "local_clearings", "fallback", "first_reconfigured", "reconfigured", "voltage_violations",
                     "thermal_violations", "clearing_rounds", "clearing_messages", "clearing_bytes"] {
            let stored = try file.read("/hours/\(name)", as: Int32.self).values.map(String.init)
            #expect(stored == column(name), "/hours/\(name) differs from hours.csv")
        }
        for name in ["predicted_acceptance", "cleared_kwh", "proposed_kwh", "first_accepted_kwh", "executed_kwh", "mg_welfare_rs",
                     "mg_cost_rs", "dso_cost_rs", "network_charge_rs", "total_cost_rs", "social_welfare_rs", "substation_p_mw",
                     "substation_q_mvar", "dg_p_mw", "dg_q_mvar", "shed_kw"] {
            let stored = try file.read("/hours/\(name)", as: Double.self).values
            for (value, text) in zip(stored, column(name)) {
                if text.isEmpty {
                    #expect(value.isNaN, "/hours/\(name): \(value) where hours.csv is empty")
                } else {
                    #expect(value == Double(text)!, "/hours/\(name): \(value) vs \(text)")
                }
            }
        }
        let voltages = try file.read("/hours/voltages_pu", as: Double.self)
        let buses = voltages.shape[1]
        #expect(voltages.shape == [rows.count, 33])
        for (row, (low, high)) in zip(column("v_min_pu"), column("v_max_pu")).enumerated() {
            let bus = voltages.values[(row * buses)..<((row + 1) * buses)]
            #expect(bus.min()! == Double(low)! && bus.max()! == Double(high)!, "row \(row)")
        }

        let rounds = Int(try file.attribute("max_rounds", as: Int64.self))
        let trades = try file.read("/hours/submitted_trades_kw", as: Double.self)
        let accepted = try file.read("/hours/submitted_accepted", as: UInt8.self).values
        #expect(trades.shape == [rows.count, rounds, 4, 4])
        let submissions = column("submissions").map { Int($0)! }, first = column("first_accepted")
        for row in rows.indices {
            let perRound = 16
            let used = (0..<rounds).filter { round in
                !trades.values[((row * rounds + round) * perRound)..<((row * rounds + round + 1) * perRound)].contains { $0.isNaN }
            }
            #expect(used == Array(0..<submissions[row]), "row \(row): submissions \(submissions[row]), proposals stored in \(used)")
            if submissions[row] > 0 { #expect(String(accepted[row * rounds]) == first[row], "row \(row)") }
        }
        let loading = try file.read("/hours/branch_loading", as: Double.self)
        #expect(loading.shape == [rows.count, try file.stringArrayAttribute("branches", of: "/hours/branch_loading").count])
        #expect(loading.values.contains { $0.isFinite && $0 > 0 })
    }
}
