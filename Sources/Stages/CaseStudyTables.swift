import Foundation
import Market
import Reporting

/// The tables of the `casestudy` stage, built from every case's hourly outcomes; the
/// report computes its own from `cases.h5` with the same functions (`summaryTable`,
/// `busVoltages`).
struct CaseStudyTables {
    let hours: Table
    let voltages: Table
    let summary: Table
    let timings: Table
    let timingSummary: Table

    /// The columns of `hours.csv`, in order (the report reads them by name).
    static let hourColumns = [
        "case", "predictor", "day", "hour", "first_accepted", "final_accepted", "submissions", "opf_calls", "local_rounds",
        "predictor_calls", "local_clearings", "fallback", "first_reconfigured", "reconfigured", "predicted_acceptance", "cleared_kwh", "proposed_kwh",
        "first_accepted_kwh", "executed_kwh", "mg_welfare_rs", "mg_cost_rs", "dso_cost_rs", "network_charge_rs", "total_cost_rs",
        "social_welfare_rs", "v_min_pu", "v_max_pu", "substation_p_mw", "substation_q_mvar", "dg_p_mw", "dg_q_mvar", "shed_kw",
        "voltage_violations", "thermal_violations", "clearing_rounds", "clearing_messages", "clearing_bytes",
    ]
    private static let integerColumns: Set<String> = [
        "case", "day", "hour", "first_accepted", "final_accepted", "submissions", "opf_calls", "local_rounds", "predictor_calls",
        "local_clearings", "fallback", "first_reconfigured", "reconfigured", "voltage_violations", "thermal_violations",
        "clearing_rounds", "clearing_messages", "clearing_bytes",
    ]

    /// - Parameters:
    ///   - outcomes: every case's hours in table order (`HourOutcome.tableOrder`).
    ///   - busIds: feeder bus ids in feeder (case-file) order, the order of every outcome's voltages.
    ///   - peakHourOfFirstDay: the hour of day 0 with the highest network load, for `v_peak_pu`.
    init(outcomes: [HourOutcome], busIds: [Int], peakHourOfFirstDay: Int, maxRounds: Int, policy: RefinementPolicy,
         daySet: Int) throws {
        let records = outcomes.map(CaseHour.init)
        hours = try Self.hoursTable(records)
        voltages = try Table(
            name: "voltages", title: "Bus voltages per case",
            caption: "Over all days and hours at the executed state (AC power flow); v_peak_pu at hour \(peakHourOfFirstDay) of day 0, its highest network load.",
            columns: [Table.Column("case", format: .integer), Table.Column("predictor", format: .text), Table.Column("bus", format: .integer)]
                + ["v_min_pu", "v_mean_pu", "v_max_pu", "v_peak_pu"].map { Table.Column($0, format: .fixed(decimals: 4)) },
            rows: Self.busVoltages(records, busIds: busIds, peakHourOfFirstDay: peakHourOfFirstDay).map { v in
                [.integer(v.label.number), .text(v.label.predictor), .integer(v.bus), .number(v.minimumPU), .number(v.meanPU),
                 .number(v.maximumPU), .number(v.peakPU)]
            })
        summary = try Self.summaryTable(records, maxRounds: maxRounds, policy: policy, daySet: daySet)
        let byCase = Self.byCase(outcomes, label: \.label)

        let keyColumns = [Table.Column("case", format: .integer), Table.Column("predictor", format: .text)]
        timings = try Table(
            name: "timings", title: "Case-study wall time per hour",
            columns: keyColumns + [Table.Column("day", format: .integer), Table.Column("hour", format: .integer),
                                   Table.Column("dso_seconds", format: .scientific(decimals: 3)),
                                   Table.Column("mg_seconds", format: .scientific(decimals: 3))],
            rows: outcomes.map { [.integer($0.label.number), .text($0.label.predictor), .integer($0.day), .integer($0.hour),
                                  .number($0.dsoSeconds), .number($0.microgridSeconds)] })
        timingSummary = try Table(
            name: "timings", title: "Case-study wall time per hour, DSO vs MG side",
            caption: "DSO: the OPFs the case runs to operate the hour (case 1's ex-post acceptance check excluded). "
                + "MG: market clearings and predictions (case 4's predictions are OPFs on the oracle's own DSO). "
                + "Seconds per hour; machine-dependent, unlike every other case-study output.",
            columns: keyColumns + [Table.Column("name", format: .text),
                                   Table.Column("DSO mean", unit: "s", format: .scientific(decimals: 2)),
                                   Table.Column("DSO median", unit: "s", format: .scientific(decimals: 2)),
                                   Table.Column("MG mean", unit: "s", format: .scientific(decimals: 2)),
                                   Table.Column("MG median", unit: "s", format: .scientific(decimals: 2))],
            rows: byCase.map { label, rows in
                let dso = BoxStatistics(samples: rows.map(\.dsoSeconds)), mg = BoxStatistics(samples: rows.map(\.microgridSeconds))
                return [.integer(label.number), .text(label.predictor), .text(label.name), dso.map { .number($0.mean) } ?? .missing,
                        dso.map { .number($0.median) } ?? .missing, mg.map { .number($0.mean) } ?? .missing,
                        mg.map { .number($0.median) } ?? .missing]
            })
    }

    /// Each case's rows, by label (number, then predictor), in their order in `rows`.
    static func byCase<Row>(_ rows: [Row], label: (Row) -> CaseLabel) -> [(CaseLabel, [Row])] {
        Set(rows.map(label)).sorted().map { key in (key, rows.filter { label($0) == key }) }
    }

    /// `hours.csv`: one row per case, predictor, day and hour.
    static func hoursTable(_ records: [CaseHour]) throws -> Table {
        func flag(_ value: Bool) -> Cell { .integer(value ? 1 : 0) }
        return try Table(
            name: "hours", title: "Case studies, hour by hour",
            columns: Self.hourColumns.map { name in
                Table.Column(name, format: name == "predictor" ? .text : Self.integerColumns.contains(name) ? .integer : .fixed(decimals: 4))
            },
            rows: records.map { h in
                [.integer(h.label.number), .text(h.label.predictor), .integer(h.day), .integer(h.hour), flag(h.firstAccepted),
                 flag(h.finalAccepted), .integer(h.submissions), .integer(h.opfCalls), .integer(h.localRounds),
                 .integer(h.predictorCalls), .integer(h.localClearings), flag(h.fallback),
                 flag(h.firstReconfigured), flag(h.reconfigured),
                 h.predictedAcceptance.map(Cell.number) ?? .missing, .number(h.clearedKWh), .number(h.proposedKWh),
                 .number(h.firstAcceptedKWh), .number(h.executedKWh), .number(h.microgridWelfareRs), .number(h.microgridCostRs),
                 .number(h.dsoCostRs), .number(h.networkChargeRs), .number(h.totalCostRs), .number(h.socialWelfareRs),
                 .number(h.minimumVoltagePU), .number(h.maximumVoltagePU), .number(h.substationPMW), .number(h.substationQMVAr),
                 .number(h.generatorPMW), .number(h.generatorQMVAr), .number(h.shedKW), .integer(h.voltageViolations),
                 .integer(h.thermalViolations), .integer(h.clearingRounds), .integer(h.clearingMessages), .integer(h.clearingBytes)]
            })
    }

    /// One bus of one case over all its hours: `voltages.csv`'s row, the report's voltage band.
    struct BusVoltage: Sendable {
        let label: CaseLabel
        let bus: Int
        let minimumPU: Double
        let meanPU: Double
        let maximumPU: Double
        /// At the peak hour of day 0 (NaN when the case did not run that hour).
        let peakPU: Double
    }

    /// Per case, then bus in feeder order: lowest, mean and highest voltage over the hours, and the peak hour's.
    static func busVoltages(_ records: [CaseHour], busIds: [Int], peakHourOfFirstDay: Int) -> [BusVoltage] {
        byCase(records, label: \.label).flatMap { label, rows in
            let peak = rows.first { $0.day == 0 && $0.hour == peakHourOfFirstDay }
            return busIds.enumerated().map { b, bus in
                let values = rows.map { $0.voltagesPU[b] }
                return BusVoltage(label: label, bus: bus, minimumPU: values.min() ?? .nan,
                                  meanPU: values.reduce(0, +) / Double(max(1, values.count)), maximumPU: values.max() ?? .nan,
                                  peakPU: peak?.voltagesPU[b] ?? .nan)
            }
        }
    }

    /// `summary.csv`: one row per case and predictor; the report's headline table.
    static func summaryTable(_ records: [CaseHour], maxRounds: Int, policy: RefinementPolicy, daySet: Int) throws -> Table {
        let ratio = { (name: String) in Table.Column(name, format: .fixed(decimals: 3)) }
        let rupees = { (name: String) in Table.Column(name, format: .fixed(decimals: 1)) }
        let mean2 = { (name: String) in Table.Column(name, format: .fixed(decimals: 2)) }
        let grid = { (name: String, decimals: Int) in Table.Column(name, format: .fixed(decimals: decimals)) }
        return try Table(
            name: "summary", title: "Case studies: acceptance, cost and grid state per case",
            caption: summaryCaption(maxRounds: maxRounds, policy: policy, daySet: daySet),
            columns: [Table.Column("case", format: .integer), Table.Column("name", format: .text), Table.Column("predictor", format: .text),
                      Table.Column("hours", format: .integer), ratio("first_acceptance"), ratio("energy_acceptance"),
                      ratio("final_acceptance"), mean2("opf_calls_mean"), mean2("rounds_mean"), mean2("local_rounds_mean"),
                      mean2("predictor_calls_mean"), Table.Column("clearing_rounds_mean", format: .fixed(decimals: 1)),
                      Table.Column("clearing_messages_mean", format: .fixed(decimals: 1)), ratio("fallback_share"), ratio("energy_kept"),
                      rupees("total_cost_mean_rs"), rupees("total_cost_q1_rs"), rupees("total_cost_q3_rs"),
                      rupees("network_charge_mean_rs"), rupees("social_welfare_mean_rs"), grid("v_min_pu", 4), grid("v_max_pu", 4),
                      grid("substation_p_mean_mw", 3), grid("substation_q_mean_mvar", 3), grid("dg_p_mean_mw", 3),
                      grid("dg_q_mean_mvar", 3), Table.Column("voltage_violations", format: .integer),
                      Table.Column("thermal_violations", format: .integer)],
            rows: byCase(records, label: \.label).map { label, rows in
                func mean(_ value: (CaseHour) -> Double) -> Cell { .number(rows.map(value).reduce(0, +) / Double(max(1, rows.count))) }
                func share(_ value: (CaseHour) -> Bool) -> Cell { .number(Double(rows.filter(value).count) / Double(max(1, rows.count))) }
                func ratioOfSums(_ top: (CaseHour) -> Double, _ bottom: (CaseHour) -> Double) -> Cell {
                    let denominator = rows.reduce(0) { $0 + bottom($1) }
                    return denominator > 0 ? .number(rows.reduce(0) { $0 + top($1) } / denominator) : .missing
                }
                let cost = BoxStatistics(samples: rows.map(\.totalCostRs))
                return [.integer(label.number), .text(label.name), .text(label.predictor), .integer(rows.count), share(\.firstAccepted),
                        ratioOfSums(\.firstAcceptedKWh, \.proposedKWh), share(\.finalAccepted),
                        mean { Double($0.opfCalls) }, mean { Double($0.submissions) }, mean { Double($0.localRounds) },
                        mean { Double($0.predictorCalls) }, mean { Double($0.clearingRounds) }, mean { Double($0.clearingMessages) },
                        share(\.fallback), ratioOfSums(\.executedKWh, \.clearedKWh),
                        mean(\.totalCostRs), cost.map { .number($0.lowerQuartile) } ?? .missing,
                        cost.map { .number($0.upperQuartile) } ?? .missing, mean(\.networkChargeRs), mean(\.socialWelfareRs),
                        .number(rows.compactMap { $0.voltagesPU.min() }.min() ?? .nan),
                        .number(rows.compactMap { $0.voltagesPU.max() }.max() ?? .nan),
                        mean(\.substationPMW), mean(\.substationQMVAr), mean(\.generatorPMW), mean(\.generatorQMVAr),
                        .integer(rows.reduce(0) { $0 + $1.voltageViolations }),
                        .integer(rows.reduce(0) { $0 + $1.thermalViolations })]
            })
    }

    /// What every summary column means, with the parameters in force.
    static func summaryCaption(maxRounds: Int, policy: RefinementPolicy, daySet: Int) -> String {
        "Per case (and, for cases 3 and 4, predictor: <train stage>/<model> or the DSO's own OPF) over all days × 24 hours "
            + "(hours\(daySet == 0 ? "" : "; calibration day set \(daySet)")). first_acceptance: share of hours whose first submission "
            + "the DSO accepts (every α ≥ 0.999; case 1 submits nothing and shows an ex-post OPF check of its trades). "
            + "energy_acceptance: Σ α t / Σ t of the first submissions. final_acceptance: share of hours whose executed trades the DSO "
            + "accepted. opf_calls_mean: DSO OPFs per hour (case 1: one trade-blind dispatch). rounds_mean: proposals submitted per "
            + "hour (at most R = \(maxRounds)). Cases 3 and 4 refine locally before they submit: while p̂_acc < p* = "
            + "\(policy.acceptanceTarget) they cap the trades of every MG predicted curtailed at P̂_acc/P_net − δ (δ = "
            + "\(policy.safetyMargin)) and re-clear, at most L = \(policy.localRounds) times (local_rounds_mean), calling the "
            + "predictor predictor_calls_mean times per hour. clearing_rounds_mean, clearing_messages_mean: ADMM rounds and "
            + "messages (MG-to-MG trade offers, convergence flags and broadcasts) of the hour's market clearings, 0 when the market "
            + "clears centrally; the DSO exchanges 2 messages per submission (rounds_mean). fallback_share: hours whose refined proposal the DSO still curtailed. "
            + "energy_kept: Σ executed kWh / Σ kWh of the unconstrained clearing. "
            + "MG cost: diesel cost + battery wear + trade fees; DSO cost: substation import and bus-18 generator cost at the "
            + "executed state + load shedding (VOLL shed + c_ls Σ shed²); network charges: Σ (λ_buyer − λ_seller) α t the MGs pay "
            + "the DSO; total cost = MG cost + DSO cost + network charges (mean, interquartile range q1–q3, Rs per hour); social "
            + "welfare = Σ utility − MG cost − DSO cost (the network charges are a transfer; Rs per hour). "
            + "Voltages (min, max over all buses and hours), substation and DG P/Q (mean) and violations (bus-hours beyond the "
            + "voltage limits by > \(ExecutedGridState.voltageTolerancePU) p.u., branch-hours beyond rating by > "
            + "\(Int(ExecutedGridState.thermalToleranceShare * 100)) %) from the AC power flow at the executed state."
    }
}
