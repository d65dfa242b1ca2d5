import Foundation
import HDF5Store
import Market

/// `cases.h5` of the `casestudy` stage: the arrays behind every metric of the case
/// studies, one row per case × day × hour in the order of `hours.csv`, under `/hours/`;
/// layout in docs/results-hdf5.md. Wall times are not in it (they are in
/// `timings.csv`), so the file is byte-identical run to run.
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

    /// The one-value-per-hour datasets: name, unit, value.
    static var scalarColumns: [(name: String, unit: String, value: (HourOutcome) -> Double)] { [
        ("load_scale", "1", \.loadScale),
        ("predicted_acceptance", "1", { $0.predictedAcceptance ?? .nan }),
        ("cleared_kwh", "kWh", \.clearedKWh), ("proposed_kwh", "kWh", \.proposedKWh),
        ("first_accepted_kwh", "kWh", \.firstAcceptedKWh), ("executed_kwh", "kWh", \.executedKWh),
        ("mg_welfare_rs", "Rs", \.microgridWelfareRs), ("mg_cost_rs", "Rs", \.microgridCostRs), ("dso_cost_rs", "Rs", \.dsoCostRs),
        ("network_charge_rs", "Rs", \.networkChargeRs), ("total_cost_rs", "Rs", \.totalCostRs),
        ("social_welfare_rs", "Rs", \.socialWelfareRs),
        ("substation_p_mw", "MW", \.grid.substationPMW), ("substation_q_mvar", "MVAr", \.grid.substationQMVAr),
        ("dg_p_mw", "MW", \.grid.generatorPMW), ("dg_q_mvar", "MVAr", \.grid.generatorQMVAr), ("shed_kw", "kW", \.grid.shedKW),
    ] }
    /// The integer-valued ones (flags as 0/1).
    static var countColumns: [(name: String, value: (HourOutcome) -> Int)] { [
        ("case", \.label.number), ("day", \.day), ("hour", \.hour), ("first_accepted", { $0.firstAccepted ? 1 : 0 }),
        ("final_accepted", { $0.finalAccepted ? 1 : 0 }), ("submissions", \.submissions), ("opf_calls", \.opfCalls),
        ("local_rounds", \.localRounds), ("predictor_calls", \.predictions), ("local_clearings", \.localClearings),
        ("fallback", { $0.fallback ? 1 : 0 }), ("voltage_violations", \.grid.voltageViolations),
        ("thermal_violations", \.grid.thermalViolations),
    ] }

    /// Writes `outcomes` (sorted as `hours.csv` is) to `path`, atomically.
    func write(_ unsorted: [HourOutcome], to path: String) throws {
        let outcomes = unsorted.sorted(by: HourOutcome.tableOrder)
        let rows = outcomes.count, M = microgridNames.count, R = maxRounds, pairCount = M * (M - 1)
        let file = try HDF5File.create(atPath: path)
        try file.setAttribute("code_version", to: codeVersion)
        try file.setAttribute("microgrid_names", to: microgridNames)
        try file.setAttribute("max_rounds", to: Int64(maxRounds))
        try file.setAttribute("rows", to: Int64(rows))
        try file.setAttribute("peak_hour_of_first_day", to: Int64(peakHourOfFirstDay))

        try file.write(outcomes.map(\.label.predictor), shape: [rows], to: "/hours/predictor")
        try file.write(outcomes.map(\.label.name), shape: [rows], to: "/hours/case_name")
        for column in Self.countColumns {
            try file.write(outcomes.map { Int32(column.value($0)) }, shape: [rows], to: "/hours/\(column.name)")
        }
        for column in Self.scalarColumns {
            try file.write(outcomes.map(column.value), shape: [rows], to: "/hours/\(column.name)")
            try file.setAttribute("unit", to: column.unit, on: "/hours/\(column.name)")
        }
        try file.write(outcomes.flatMap(\.grid.voltagesPU), shape: [rows, busIds.count], to: "/hours/voltages_pu")
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
}
