import Foundation
import HDF5Store
import Market

/// `cases.h5` of the `casestudy` stage: the arrays behind every metric of the case
/// studies, one row per case × day × hour in the order of `hours.csv`, under `/hours/`;
/// layout in docs/results-hdf5.md. Wall times are not in it (they are in
/// `timings.csv`), so the file is byte-identical run to run. The report reads it back
/// (`read`) and computes its case-study tables and figures from it.
struct CasesFile {
    let codeVersion: String
    let microgridNames: [String]
    let busIds: [Int]
    /// Every branch as `"F-T"` in the feeder's bus ids, in the network's branch order.
    let branches: [String]
    /// The ordered MG pairs of α (`MG1->MG2`, as in datasets), in `TradeProposal.tradePairs` order.
    let pairs: [String]
    /// R: the most proposals per hour (the width of the `submitted_*` datasets).
    let maxRounds: Int
    /// The hour of day 0 with the highest network load (`voltages.csv`'s `v_peak_pu`).
    let peakHourOfFirstDay: Int
    /// The local refinement of cases 3 and 4 (p*, δ, L), for the summary's caption.
    let policy: RefinementPolicy
    /// 0: the case-study days; 1, 2, …: calibration day sets.
    let daySet: Int

    /// The string datasets of `/hours/`.
    static var textColumns: [(name: String, path: WritableKeyPath<CaseHour, String>)] {
        [("predictor", \.label.predictor), ("case_name", \.label.name)]
    }
    /// The integer-valued ones.
    static var countColumns: [(name: String, path: WritableKeyPath<CaseHour, Int>)] { [
        ("case", \.label.number), ("day", \.day), ("hour", \.hour), ("submissions", \.submissions), ("opf_calls", \.opfCalls),
        ("local_rounds", \.localRounds), ("predictor_calls", \.predictorCalls), ("local_clearings", \.localClearings),
        ("voltage_violations", \.voltageViolations), ("thermal_violations", \.thermalViolations),
        ("clearing_rounds", \.clearingRounds), ("clearing_messages", \.clearingMessages), ("clearing_bytes", \.clearingBytes),
    ] }
    /// The flags, stored as 0/1 like the counts.
    static var flagColumns: [(name: String, path: WritableKeyPath<CaseHour, Bool>)] {
        [("first_accepted", \.firstAccepted), ("final_accepted", \.finalAccepted), ("fallback", \.fallback),
         ("first_reconfigured", \.firstReconfigured), ("reconfigured", \.reconfigured)]
    }
    /// The one-value-per-hour reals: name, unit, value.
    static var scalarColumns: [(name: String, unit: String, path: WritableKeyPath<CaseHour, Double>)] { [
        ("load_scale", "1", \.loadScale), ("predicted_acceptance", "1", \.storedPredictedAcceptance),
        ("cleared_kwh", "kWh", \.clearedKWh), ("proposed_kwh", "kWh", \.proposedKWh),
        ("first_accepted_kwh", "kWh", \.firstAcceptedKWh), ("executed_kwh", "kWh", \.executedKWh),
        ("mg_welfare_rs", "Rs", \.microgridWelfareRs), ("mg_cost_rs", "Rs", \.microgridCostRs), ("dso_cost_rs", "Rs", \.dsoCostRs),
        ("network_charge_rs", "Rs", \.networkChargeRs), ("total_cost_rs", "Rs", \.totalCostRs),
        ("social_welfare_rs", "Rs", \.socialWelfareRs),
        ("substation_p_mw", "MW", \.substationPMW), ("substation_q_mvar", "MVAr", \.substationQMVAr),
        ("dg_p_mw", "MW", \.generatorPMW), ("dg_q_mvar", "MVAr", \.generatorQMVAr), ("shed_kw", "kW", \.shedKW),
    ] }

    /// Writes `outcomes`, in table order (`HourOutcome.tableOrder`), to `path`.
    func write(_ outcomes: [HourOutcome], to path: String) throws {
        let hours = outcomes.map(CaseHour.init)
        let rows = outcomes.count, M = microgridNames.count, R = maxRounds, pairCount = M * (M - 1)
        let file = try HDF5File.create(atPath: path)
        try file.setAttribute("code_version", to: codeVersion)
        try file.setAttribute("microgrid_names", to: microgridNames)
        try file.setAttribute("max_rounds", to: Int64(maxRounds))
        try file.setAttribute("rows", to: Int64(rows))
        try file.setAttribute("peak_hour_of_first_day", to: Int64(peakHourOfFirstDay))
        try file.setAttribute("day_set", to: Int64(daySet))
        try file.setAttribute("acceptance_target", to: policy.acceptanceTarget)
        try file.setAttribute("safety_margin", to: policy.safetyMargin)
        try file.setAttribute("local_rounds", to: Int64(policy.localRounds))

        for column in Self.textColumns {
            try file.write(hours.map { $0[keyPath: column.path] }, shape: [rows], to: "/hours/\(column.name)")
        }
        for column in Self.countColumns {
            try file.write(hours.map { Int32($0[keyPath: column.path]) }, shape: [rows], to: "/hours/\(column.name)")
        }
        for column in Self.flagColumns {
            try file.write(hours.map { Int32($0[keyPath: column.path] ? 1 : 0) }, shape: [rows], to: "/hours/\(column.name)")
        }
        for column in Self.scalarColumns {
            try file.write(hours.map { $0[keyPath: column.path] }, shape: [rows], to: "/hours/\(column.name)")
            try file.setAttribute("unit", to: column.unit, on: "/hours/\(column.name)")
        }
        try file.write(hours.flatMap(\.voltagesPU), shape: [rows, busIds.count], to: "/hours/voltages_pu")
        try file.setAttribute("bus_ids", to: busIds.map(Int64.init), on: "/hours/voltages_pu")
        try file.write(outcomes.flatMap(\.grid.branchLoading), shape: [rows, branches.count], to: "/hours/branch_loading")
        try file.setAttribute("branches", to: branches, on: "/hours/branch_loading")
        try file.write(outcomes.flatMap(\.socAfterKWh), shape: [rows, M], to: "/hours/soc_kwh")
        try file.setAttribute("unit", to: "kWh", on: "/hours/soc_kwh")

        var trades = [Double](repeating: .nan, count: rows * R * M * M)
        var alpha = [Double](repeating: .nan, count: rows * R * pairCount)
        var accepted = [UInt8](repeating: 0, count: rows * R)
        for (row, outcome) in outcomes.enumerated() {
            for (round, submission) in outcome.submitted.prefix(R).enumerated() {
                let slot = row * R + round
                for n in 0..<M { for m in 0..<M { trades[(slot * M + n) * M + m] = submission.tradesKW[n][m] } }
                for k in 0..<pairCount { alpha[slot * pairCount + k] = submission.alpha[k] }
                accepted[slot] = submission.accepted ? 1 : 0
            }
        }
        try file.write(trades, shape: [rows, R, M, M], to: "/hours/submitted_trades_kw")
        try file.setAttribute("unit", to: "kW", on: "/hours/submitted_trades_kw")
        try file.write(alpha, shape: [rows, R, pairCount], to: "/hours/submitted_alpha")
        try file.setAttribute("pairs", to: pairs, on: "/hours/submitted_alpha")
        try file.write(accepted, shape: [rows, R], to: "/hours/submitted_accepted")
        try file.close()
    }

    /// What the report needs of a `cases.h5`: the hours and what the tables' captions state.
    struct Contents {
        /// In the file's (table) order.
        let hours: [CaseHour]
        let busIds: [Int]
        let maxRounds: Int
        let peakHourOfFirstDay: Int
        let policy: RefinementPolicy
        let daySet: Int
    }

    /// A `cases.h5` that does not have the documented layout.
    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    /// Reads the hours of the file at `path`, checking shapes, flags and that every value the tables use is finite.
    static func read(atPath path: String) throws -> Contents {
        let file = try HDF5File.openReadOnly(atPath: path)
        defer { try? file.close() }
        let rows = Int(try file.attribute("rows", as: Int64.self))
        guard rows > 0 else { throw Malformed(description: "no hours (attribute rows is \(rows))") }
        func column<Element>(_ name: String, _ values: HDF5Array<Element>) throws -> [Element] {
            guard values.shape == [rows] else {
                throw Malformed(description: "/hours/\(name) has shape \(values.shape), expected [\(rows)] (attribute rows)")
            }
            return values.values
        }
        var hours = [CaseHour](repeating: CaseHour(), count: rows)
        for c in textColumns {
            for (row, value) in try column(c.name, file.readStrings("/hours/\(c.name)")).enumerated() { hours[row][keyPath: c.path] = value }
        }
        for c in countColumns {
            for (row, value) in try column(c.name, file.read("/hours/\(c.name)", as: Int32.self)).enumerated() {
                guard value >= 0 else { throw Malformed(description: "/hours/\(c.name)[\(row)] is \(value), below 0") }
                hours[row][keyPath: c.path] = Int(value)
            }
        }
        for c in flagColumns {
            for (row, value) in try column(c.name, file.read("/hours/\(c.name)", as: Int32.self)).enumerated() {
                guard value == 0 || value == 1 else { throw Malformed(description: "/hours/\(c.name)[\(row)] is \(value), not 0 or 1") }
                hours[row][keyPath: c.path] = value == 1
            }
        }
        for c in scalarColumns {
            for (row, value) in try column(c.name, file.read("/hours/\(c.name)", as: Double.self)).enumerated() {
                // Only p̂_acc may be absent (NaN: cases 1 and 2 predict nothing).
                guard value.isFinite || (value.isNaN && c.name == "predicted_acceptance") else {
                    throw Malformed(description: "/hours/\(c.name)[\(row)] is \(value), not a finite number")
                }
                hours[row][keyPath: c.path] = value
            }
        }
        let busIds = try file.attributeArray("bus_ids", of: "/hours/voltages_pu", as: Int64.self).map(Int.init)
        let voltages = try file.read("/hours/voltages_pu", as: Double.self)
        guard voltages.shape == [rows, busIds.count], !busIds.isEmpty else {
            throw Malformed(description: "/hours/voltages_pu has shape \(voltages.shape), expected [\(rows), \(busIds.count)] (rows, bus_ids)")
        }
        if let bad = voltages.values.firstIndex(where: { !$0.isFinite }) {
            throw Malformed(description: "/hours/voltages_pu[\(bad / busIds.count), \(bad % busIds.count)] is \(voltages.values[bad]), not a finite number")
        }
        for row in 0..<rows { hours[row].voltagesPU = Array(voltages.values[(row * busIds.count)..<((row + 1) * busIds.count)]) }
        let policy = RefinementPolicy(acceptanceTarget: try file.attribute("acceptance_target", as: Double.self),
                                      safetyMargin: try file.attribute("safety_margin", as: Double.self),
                                      localRounds: Int(try file.attribute("local_rounds", as: Int64.self)))
        return Contents(hours: hours, busIds: busIds, maxRounds: Int(try file.attribute("max_rounds", as: Int64.self)),
                        peakHourOfFirstDay: Int(try file.attribute("peak_hour_of_first_day", as: Int64.self)), policy: policy,
                        daySet: Int(try file.attribute("day_set", as: Int64.self)))
    }
}
