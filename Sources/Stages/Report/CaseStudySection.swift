import Foundation
import Pipeline
import Reporting

/// Report section 4: the four case studies (DESIGN.md §8) — the headline
/// table, total cost per hour (paper Fig. 12), acceptance ratios with 95 %
/// intervals (Fig. 13), the voltage profile along the feeder (Fig. 14), the
/// paper's claims tested (`ClaimsSection`), and the wall times, which are
/// machine-dependent and therefore written to `machine/` beside the report
/// (ignored by git) so every committed file is reproducible.
enum CaseStudySection {
    /// Bootstrap resamples for the energy-weighted acceptance interval.
    static let bootstrapResamples = 2000

    /// The machine-dependent runtime table, outside the reproducible report.
    static let timingsTable = "case-timings"

    /// Declared outputs of this section (when the report has case studies).
    static var outputs: [String] {
        ["case-summary", "case-acceptance", ClaimsSection.tableName].map(ReportOutputs.table)
            + ReportOutputs.figure("case-cost", extraData: ["outliers"])
            + ReportOutputs.figure("case-acceptance")
            + ReportOutputs.figure("case-voltage")
            + [ReportOutputs.machineDependentTable(timingsTable).csv, ReportOutputs.machineDependentTable(timingsTable).markdown]
    }

    /// One case's acceptance numbers.
    struct Acceptance {
        let key: CaseStudyResults.CaseKey
        let hours: Int
        let days: Int
        let firstAccepted: Int
        let firstInterval: ClosedRange<Double>
        let finalAccepted: Int
        let energyRatio: Double?
        let energyInterval: ClosedRange<Double>?

        var firstRatio: Double { Double(firstAccepted) / Double(hours) }
    }

    /// Acceptance per case: first submission with a Wilson interval over hours;
    /// energy-weighted `Σ first_accepted_kwh / Σ proposed_kwh` with a
    /// bootstrap interval over days (hours of one day share the BESS state).
    static func acceptance(_ results: CaseStudyResults, seed: UInt64) -> [Acceptance] {
        results.cases.enumerated().map { index, key in
            let hours = results.hours.filter { $0.key == key }
            let byDay = Dictionary(grouping: hours, by: \.day)
            let days = byDay.keys.sorted()
            let proposed = days.map { byDay[$0]!.reduce(0) { $0 + $1.proposedKWh } }
            let accepted = days.map { byDay[$0]!.reduce(0) { $0 + $1.firstAcceptedKWh } }
            let totalProposed = proposed.reduce(0, +)
            let first = hours.filter(\.firstAccepted).count
            return Acceptance(
                key: key, hours: hours.count, days: days.count, firstAccepted: first,
                firstInterval: SampleStatistics.wilsonInterval(successes: first, trials: hours.count),
                finalAccepted: hours.filter(\.finalAccepted).count,
                energyRatio: totalProposed > 0 ? accepted.reduce(0, +) / totalProposed : nil,
                energyInterval: totalProposed > 0
                    ? SampleStatistics.bootstrapRatioInterval(numerators: accepted, denominators: proposed,
                                                              resamples: bootstrapResamples, seed: seed &+ UInt64(index + 1))
                    : nil)
        }
    }

    /// The section's blocks, and the runtime table written beside the report.
    /// - Parameter voltageLimitsPU: the feeder's bus voltage limits, drawn as reference lines in the voltage figure.
    static func blocks(_ input: StageInput, seed: UInt64, stage: String,
                       voltageLimitsPU: ClosedRange<Double>) throws -> (blocks: [ReportDocument.Block], timings: Table) {
        let results = try CaseStudyResults(input, stage: stage)
        let acceptance = acceptance(results, seed: seed)
        let costs = results.cases.map { key in results.hours.filter { $0.key == key }.map(\.totalCostRs) }
        let wide = FigureSize(width: 760, height: 440)
        let cost = BoxPlot(
            name: "case-cost", title: "Total cost per hour and case",
            caption: "MG + DSO cost + network charges per simulated hour, all days; n = "
                + zip(results.cases, costs).map { "\($1.count) (\($0.shortLabel))" }.joined(separator: ", ")
                + ". Box: quartiles; whiskers: 1.5 IQR (Tukey); circles: outliers.",
            categoryLabel: "Case", y: Axis("Total cost", unit: "Rs"),
            categories: zip(results.cases, costs).map { BoxPlot.Category("\($0.label) (n = \($1.count))", samples: $1) },
            size: wide)
        let bars = GroupedBarChart(
            name: "case-acceptance", title: "Acceptance ratio per case",
            caption: "First submission: share of hours whose first proposal the DSO accepted whole, 95 % Wilson interval over hours."
                + " Energy-weighted: accepted share of proposed energy at first submission, 95 % percentile bootstrap over days"
                + " (\(bootstrapResamples) resamples). n = " + acceptance.map { "\($0.hours) hours / \($0.days) days (\($0.key.shortLabel))" }
                    .joined(separator: ", ") + ".",
            categoryLabel: "Case", categories: results.cases.map(\.label), y: Axis("Acceptance ratio"),
            series: [GroupedBarChart.Series("first submission", values: acceptance.map(\.firstRatio),
                                            intervals: acceptance.map(\.firstInterval)),
                     GroupedBarChart.Series("energy-weighted", values: acceptance.map { $0.energyRatio ?? .nan },
                                            intervals: acceptance.map(\.energyInterval))],
            size: wide)
        let voltage = voltageFigure(results, limitsPU: voltageLimitsPU)
        let timings = try timingsTable(results)
        let blocks: [ReportDocument.Block] = [
            .heading("Case studies"),
            .paragraph(findings(results, acceptance: acceptance, costs: costs)),
            .table(try Table(name: "case-summary", title: "Case studies: headline numbers",
                             caption: "Computed from `\(input.stageName)/cases.h5` by the case-study stage's own code, so it equals"
                                 + " its summary.csv. " + results.summary.caption,
                             columns: results.summary.columns, rows: results.summary.rows)),
            .figure(cost),
            .table(try acceptanceTable(acceptance)),
            .figure(bars),
            .figure(voltage),
        ] + (try ClaimsSection.blocks(results, seed: seed)) + [
            .paragraph("Wall times (DSO and MG side) depend on the machine, so they are kept out of this report to keep it"
                       + " reproducible byte for byte: each run writes them beside it, to"
                       + " [\(ReportOutputs.machineDependentTable(timingsTable).markdown)](\(ReportOutputs.machineDependentTable(timingsTable).markdown))"
                       + " and `\(ReportOutputs.machineDependentTable(timingsTable).csv)`, which git ignores (they are not committed)."),
        ]
        return (blocks, timings)
    }

    private static func acceptanceTable(_ acceptance: [Acceptance]) throws -> Table {
        let ratio = { (name: String) in Table.Column(name, format: .fixed(decimals: 3)) }
        return try Table(
            name: "case-acceptance", title: "Acceptance per case",
            caption: "First-submission ratio with its 95 % Wilson interval over hours; energy-weighted ratio"
                + " Σ first-accepted kWh / Σ proposed kWh with its 95 % bootstrap interval over days; final = accepted after all rounds.",
            columns: [Table.Column("case", format: .text), Table.Column("hours", format: .integer), Table.Column("days", format: .integer),
                      Table.Column("first accepted", format: .integer), ratio("first-submission ratio"), ratio("Wilson low"),
                      ratio("Wilson high"), ratio("energy-weighted ratio"), ratio("bootstrap low"), ratio("bootstrap high"),
                      ratio("final ratio")],
            rows: acceptance.map { a in
                [.text(a.key.label), .integer(a.hours), .integer(a.days), .integer(a.firstAccepted), .number(a.firstRatio),
                 .number(a.firstInterval.lowerBound), .number(a.firstInterval.upperBound), a.energyRatio.map(Cell.number) ?? .missing,
                 a.energyInterval.map { .number($0.lowerBound) } ?? .missing, a.energyInterval.map { .number($0.upperBound) } ?? .missing,
                 .number(Double(a.finalAccepted) / Double(a.hours))]
            })
    }

    private static func voltageFigure(_ results: CaseStudyResults, limitsPU: ClosedRange<Double>) -> BandPlot {
        let cases = Set(results.voltages.map(\.key)).sorted()
        let series = cases.map { key -> BandPlot.Series in
            let buses = results.voltages.filter { $0.key == key }.sorted { $0.bus < $1.bus }
            // Short legend entries leave the plot its width; the caption names the cases.
            return BandPlot.Series(key.shortLabel, x: buses.map { Double($0.bus) }, lower: buses.map(\.minimumPU),
                                   upper: buses.map(\.maximumPU), line: buses.map(\.peakPU))
        }
        return BandPlot(
            name: "case-voltage", title: "Voltage along the feeder per case",
            caption: "Band: lowest to highest voltage at each bus over all simulated hours; line: the voltage at the peak hour; "
                + String(format: "dashed: the feeder's voltage limits %.2f and %.2f p.u.; ", limitsPU.lowerBound, limitsPU.upperBound)
                + cases.map(\.label).joined(separator: ", ") + ".",
            x: Axis("Bus"), y: Axis("Voltage", unit: "p.u."), bandLabel: "min–max", lineLabel: "peak hour", series: series,
            referenceLines: [LinePlot.ReferenceLine(y: limitsPU.lowerBound, label: "V min"),
                             LinePlot.ReferenceLine(y: limitsPU.upperBound, label: "V max")],
            size: FigureSize(width: 760, height: 480))
    }

    /// Per case: hours, total and mean wall time per hour on each side.
    private static func timingsTable(_ results: CaseStudyResults) throws -> Table {
        let cases = Set(results.timings.map(\.key)).sorted()
        let seconds = { (name: String, decimals: Int) in Table.Column(name, unit: "s", format: .fixed(decimals: decimals)) }
        return try Table(
            name: timingsTable, title: "Wall time per case (machine-dependent)",
            caption: "From the case-study stage's timings.csv; these numbers change from run to run and machine to machine.",
            columns: [Table.Column("case", format: .text), Table.Column("hours", format: .integer), seconds("DSO total", 2),
                      seconds("MG total", 2), seconds("DSO per hour", 4), seconds("MG per hour", 4)],
            rows: cases.map { key in
                let rows = results.timings.filter { $0.key == key }
                let dso = rows.reduce(0) { $0 + $1.dsoSeconds }, mg = rows.reduce(0) { $0 + $1.mgSeconds }
                return [.text(key.label), .integer(rows.count), .number(dso), .number(mg),
                        .number(dso / Double(rows.count)), .number(mg / Double(rows.count))]
            })
    }

    private static func findings(_ results: CaseStudyResults, acceptance: [Acceptance], costs: [[Double]]) -> String {
        var sentences: [String] = []
        let medians = zip(results.cases, costs).map { ($0, SampleStatistics.quantile(sorted: $1.sorted(), 0.5)) }
        if let cheapest = medians.min(by: { $0.1 < $1.1 }), let dearest = medians.max(by: { $0.1 < $1.1 }) {
            let listed = " (" + medians.map { "\($0.0.shortLabel): " + String(format: "%.1f Rs", $0.1) }.joined(separator: ", ") + ")."
            // Below 0.1 % the ranking is noise of the solvers' tolerances, not a finding.
            if dearest.1 - cheapest.1 <= 1e-3 * abs(cheapest.1) {
                sentences.append(String(format: "The median total cost per hour is the same in every case to within %.3f %%",
                                        100 * (dearest.1 - cheapest.1) / max(abs(cheapest.1), 1e-12)) + listed)
            } else {
                sentences.append("The median total cost per hour is lowest in case " + cheapest.0.label + listed)
            }
        }
        sentences.append("First-submission acceptance: " + acceptance.map { a in
            a.key.shortLabel + String(format: " %.1f %% (95 %% CI %.1f–%.1f %%)", 100 * a.firstRatio,
                   100 * a.firstInterval.lowerBound, 100 * a.firstInterval.upperBound)
        }.joined(separator: ", ") + ".")
        let violations = results.cases.map { key -> String in
            let hours = results.hours.filter { $0.key == key }
            let voltage = hours.reduce(0) { $0 + $1.voltageViolations }, thermal = hours.reduce(0) { $0 + $1.thermalViolations }
            return "\(key.shortLabel) \(voltage) voltage / \(thermal) thermal"
        }
        sentences.append("Limit violations summed over all hours: " + violations.joined(separator: ", ") + ".")
        // Communication: the MGs' market messages (ADMM clearing) and the DSO's (a proposal and an answer per submission).
        let communication = results.cases.map { key -> (key: CaseStudyResults.CaseKey, market: Double, dso: Double) in
            let hours = results.hours.filter { $0.key == key }
            let n = Double(max(1, hours.count))
            return (key, Double(hours.reduce(0) { $0 + $1.clearingMessages }) / n, 2 * Double(hours.reduce(0) { $0 + $1.submissions }) / n)
        }
        if communication.contains(where: { $0.market > 0 }) {
            var sentence = "Messages per hour — the MGs' ADMM clearings and the DSO's proposals and answers: "
                + communication.map { $0.key.shortLabel + String(format: " %.0f + %.2f", $0.market, $0.dso) }.joined(separator: ", ") + "."
            if let feedback = communication.first(where: { $0.key.number == 2 }) {
                let others = communication.filter { $0.key.number == 3 || $0.key.number == 4 }
                sentence += " Against case 2: " + others.map { c in
                    c.key.shortLabel + String(format: " %+.1f %% market messages, %+.1f %% DSO messages",
                                              100 * (c.market / max(feedback.market, 1e-12) - 1), 100 * (c.dso / max(feedback.dso, 1e-12) - 1))
                }.joined(separator: "; ") + "."
            }
            sentences.append(sentence)
        } else {
            sentences.append("The market clears centrally (no MG-to-MG messages); the DSO exchanges a proposal and an answer per submission.")
        }
        let extremes = results.cases.compactMap { key -> String? in
            let buses = results.voltages.filter { $0.key == key }
            guard let low = buses.map(\.minimumPU).min(), let high = buses.map(\.maximumPU).max() else { return nil }
            return key.shortLabel + String(format: " %.4f–%.4f p.u.", low, high)
        }
        if !extremes.isEmpty { sentences.append("Voltage range over all buses and hours: " + extremes.joined(separator: ", ") + ".") }
        return sentences.joined(separator: " ")
    }
}
