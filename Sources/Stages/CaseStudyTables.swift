import Foundation
import Market
import Reporting

/// The tables of the `casestudy` stage, built from every case's hourly outcomes.
struct CaseStudyTables {
    let hours: Table
    let voltages: Table
    let summary: Table
    let timings: Table
    let timingSummary: Table

    /// - Parameters:
    ///   - busIds: feeder bus ids in feeder (case-file) order, the order of every outcome's voltages.
    ///   - peakHourOfFirstDay: the hour of day 0 with the highest network load, for `v_peak_pu`.
    init(outcomes unsorted: [HourOutcome], busIds: [Int], peakHourOfFirstDay: Int, settings: CaseStudySettings,
         modelFile: String) throws {
        let outcomes = unsorted.sorted { ($0.caseStudy.rawValue, $0.day, $0.hour) < ($1.caseStudy.rawValue, $1.day, $1.hour) }
        let byCase = CaseStudyCase.allCases.map { c in (c, outcomes.filter { $0.caseStudy == c }) }

        func flag(_ value: Bool) -> Cell { .integer(value ? 1 : 0) }
        let hourColumns = ["case", "day", "hour", "first_accepted", "final_accepted", "submissions", "opf_calls",
                           "local_clearings", "fallback", "proposed_kwh", "first_accepted_kwh", "executed_kwh",
                           "mg_welfare_rs", "mg_cost_rs", "dso_cost_rs", "total_cost_rs", "social_welfare_rs",
                           "v_min_pu", "v_max_pu", "substation_p_mw", "substation_q_mvar", "dg_p_mw", "dg_q_mvar",
                           "shed_kw", "voltage_violations", "thermal_violations"]
        let integerColumns: Set<String> = ["case", "day", "hour", "first_accepted", "final_accepted", "submissions", "opf_calls",
                                           "local_clearings", "fallback", "voltage_violations", "thermal_violations"]
        hours = try Table(
            name: "hours", title: "Case studies, hour by hour",
            columns: hourColumns.map { Table.Column($0, format: integerColumns.contains($0) ? .integer : .fixed(decimals: 4)) },
            rows: outcomes.map { o in
                [.integer(o.caseStudy.rawValue), .integer(o.day), .integer(o.hour), flag(o.firstAccepted), flag(o.finalAccepted),
                 .integer(o.submissions), .integer(o.opfCalls), .integer(o.localClearings), flag(o.fallback),
                 .number(o.proposedKWh), .number(o.firstAcceptedKWh), .number(o.executedKWh),
                 .number(o.microgridWelfareRs), .number(o.microgridCostRs), .number(o.dsoCostRs), .number(o.totalCostRs),
                 .number(o.socialWelfareRs), .number(o.grid.voltagesPU.min() ?? .nan), .number(o.grid.voltagesPU.max() ?? .nan),
                 .number(o.grid.substationPMW), .number(o.grid.substationQMVAr), .number(o.grid.generatorPMW),
                 .number(o.grid.generatorQMVAr), .number(o.grid.shedKW), .integer(o.grid.voltageViolations),
                 .integer(o.grid.thermalViolations)]
            })

        var voltageRows: [[Cell]] = []
        for (c, rows) in byCase {
            let peak = rows.first { $0.day == 0 && $0.hour == peakHourOfFirstDay }
            for (b, bus) in busIds.enumerated() {
                let values = rows.map { $0.grid.voltagesPU[b] }
                voltageRows.append([.integer(c.rawValue), .integer(bus), .number(values.min() ?? .nan),
                                    .number(values.reduce(0, +) / Double(max(1, values.count))), .number(values.max() ?? .nan),
                                    .number(peak?.grid.voltagesPU[b] ?? .nan)])
            }
        }
        voltages = try Table(
            name: "voltages", title: "Bus voltages per case",
            caption: "Over all days and hours at the executed state (AC power flow); v_peak_pu at hour \(peakHourOfFirstDay) of day 0, its highest network load.",
            columns: [Table.Column("case", format: .integer), Table.Column("bus", format: .integer)]
                + ["v_min_pu", "v_mean_pu", "v_max_pu", "v_peak_pu"].map { Table.Column($0, format: .fixed(decimals: 4)) },
            rows: voltageRows)

        summary = try Table(
            name: "summary", title: "Case studies: acceptance, cost and grid state per case",
            caption: Self.summaryCaption(settings: settings, model: (modelFile as NSString).lastPathComponent),
            columns: [Table.Column("case", format: .integer), Table.Column("name", format: .text),
                      Table.Column("hours", format: .integer),
                      Table.Column("first_acceptance", format: .fixed(decimals: 3)),
                      Table.Column("energy_acceptance", format: .fixed(decimals: 3)),
                      Table.Column("final_acceptance", format: .fixed(decimals: 3)),
                      Table.Column("opf_calls_mean", format: .fixed(decimals: 2)),
                      Table.Column("rounds_mean", format: .fixed(decimals: 2)),
                      Table.Column("total_cost_mean_rs", format: .fixed(decimals: 1)),
                      Table.Column("total_cost_q1_rs", format: .fixed(decimals: 1)),
                      Table.Column("total_cost_q3_rs", format: .fixed(decimals: 1)),
                      Table.Column("social_welfare_mean_rs", format: .fixed(decimals: 1)),
                      Table.Column("v_min_pu", format: .fixed(decimals: 4)),
                      Table.Column("v_max_pu", format: .fixed(decimals: 4)),
                      Table.Column("substation_p_mean_mw", format: .fixed(decimals: 3)),
                      Table.Column("substation_q_mean_mvar", format: .fixed(decimals: 3)),
                      Table.Column("dg_p_mean_mw", format: .fixed(decimals: 3)),
                      Table.Column("dg_q_mean_mvar", format: .fixed(decimals: 3)),
                      Table.Column("voltage_violations", format: .integer),
                      Table.Column("thermal_violations", format: .integer)],
            rows: byCase.map { c, rows in
                func mean(_ value: (HourOutcome) -> Double) -> Cell { .number(rows.map(value).reduce(0, +) / Double(max(1, rows.count))) }
                func share(_ value: (HourOutcome) -> Bool) -> Cell { .number(Double(rows.filter(value).count) / Double(max(1, rows.count))) }
                let proposed = rows.reduce(0) { $0 + $1.proposedKWh }, accepted = rows.reduce(0) { $0 + $1.firstAcceptedKWh }
                let cost = BoxStatistics(samples: rows.map(\.totalCostRs))
                return [.integer(c.rawValue), .text(c.title), .integer(rows.count), share(\.firstAccepted),
                        proposed > 0 ? .number(accepted / proposed) : .missing, share(\.finalAccepted),
                        mean { Double($0.opfCalls) }, mean { Double($0.submissions) }, mean(\.totalCostRs),
                        cost.map { .number($0.lowerQuartile) } ?? .missing, cost.map { .number($0.upperQuartile) } ?? .missing,
                        mean(\.socialWelfareRs),
                        .number(rows.compactMap { $0.grid.voltagesPU.min() }.min() ?? .nan),
                        .number(rows.compactMap { $0.grid.voltagesPU.max() }.max() ?? .nan),
                        mean(\.grid.substationPMW), mean(\.grid.substationQMVAr), mean(\.grid.generatorPMW), mean(\.grid.generatorQMVAr),
                        .integer(rows.reduce(0) { $0 + $1.grid.voltageViolations }),
                        .integer(rows.reduce(0) { $0 + $1.grid.thermalViolations })]
            })

        timings = try Table(
            name: "timings", title: "Case-study wall time per hour",
            columns: [Table.Column("case", format: .integer), Table.Column("day", format: .integer), Table.Column("hour", format: .integer),
                      Table.Column("dso_seconds", format: .scientific(decimals: 3)),
                      Table.Column("mg_seconds", format: .scientific(decimals: 3))],
            rows: outcomes.map { [.integer($0.caseStudy.rawValue), .integer($0.day), .integer($0.hour),
                                  .number($0.dsoSeconds), .number($0.microgridSeconds)] })
        timingSummary = try Table(
            name: "timings", title: "Case-study wall time per hour, DSO vs MG side",
            caption: "DSO: the OPFs the case runs to operate the hour (case 1's ex-post acceptance check excluded). "
                + "MG: market clearings and predictions. Seconds per hour; machine-dependent, unlike every other case-study output.",
            columns: [Table.Column("case", format: .integer), Table.Column("name", format: .text),
                      Table.Column("DSO mean", unit: "s", format: .scientific(decimals: 2)),
                      Table.Column("DSO median", unit: "s", format: .scientific(decimals: 2)),
                      Table.Column("MG mean", unit: "s", format: .scientific(decimals: 2)),
                      Table.Column("MG median", unit: "s", format: .scientific(decimals: 2))],
            rows: byCase.map { c, rows in
                let dso = BoxStatistics(samples: rows.map(\.dsoSeconds)), mg = BoxStatistics(samples: rows.map(\.microgridSeconds))
                return [.integer(c.rawValue), .text(c.title), dso.map { .number($0.mean) } ?? .missing,
                        dso.map { .number($0.median) } ?? .missing, mg.map { .number($0.mean) } ?? .missing,
                        mg.map { .number($0.median) } ?? .missing]
            })
    }

    /// What every summary column means.
    static func summaryCaption(settings: CaseStudySettings, model: String) -> String {
        "Per case over all days × 24 hours (hours). first_acceptance: share of hours whose first submission the DSO accepts "
            + "(every α ≥ 0.999; case 1 submits nothing and shows an ex-post OPF check of its trades). "
            + "energy_acceptance: Σ α t / Σ t of the first submissions. final_acceptance: share of hours whose executed trades the DSO accepted. "
            + "opf_calls_mean: DSO OPFs per hour (case 1: one trade-blind dispatch). rounds_mean: proposals submitted per hour "
            + "(at most R = \(settings.maxRounds); case 3 re-clears locally at most L = \(settings.localRounds) times with \(model) "
            + "until every MG's |P̂_acc − P_net| ≤ \(settings.toleranceKW) kW). "
            + "MG cost: diesel cost + battery wear + trade fees; MG welfare: Σ utility − MG cost; DSO cost: substation import and "
            + "bus-18 generator cost at the executed state + load shedding (VOLL shed + c_ls Σ shed²); total cost = MG cost + DSO cost "
            + "(mean, interquartile range q1–q3, Rs per hour); social welfare = Σ utility − total cost (Rs per hour). "
            + "Voltages (min, max over all buses and hours), substation and DG P/Q (mean) and violations (bus-hours beyond the "
            + "voltage limits by > \(ExecutedGridState.voltageTolerancePU) p.u., branch-hours beyond rating by > "
            + "\(Int(ExecutedGridState.thermalToleranceShare * 100)) %) from the AC power flow at the executed state."
    }
}
