import Foundation
import Pipeline
import Reporting

/// What the DSO's reconfiguration lever buys (DESIGN.md §12): the case studies
/// run twice on the same days — once by a DSO that only curtails (the report's
/// `cases` input), once by one that first checks a curtailed proposal on its K
/// best loss-minimising alternative topologies (`reconfiguring`, casestudy
/// parameter `reconfigure: K`). Per case run and metric: the means without and
/// with the lever over the same hours, their paired difference with a 95 %
/// percentile-bootstrap interval over days (whole days, as in `ClaimsSection`;
/// seed = report seed + 2000 + the row's index), and how often the lever's
/// DSO answered on an alternative topology.
enum ReconfigurationSection {
    /// The table, `tables/reconfiguration.csv`.
    static let tableName = "reconfiguration"
    static let bootstrapResamples = 2000
    static let seedOffset: UInt64 = 2000

    static var outputs: [String] { [ReportOutputs.table(tableName)] }

    /// K of a casestudy input (its parameter `reconfigure`; 0 for a run that predates it).
    static func alternatives(of input: StageInput) -> Int {
        if case .int(let k)? = input.parameters.values["reconfigure"] { return k }
        return 0
    }

    /// A per-hour quantity compared with and without the lever.
    struct Metric {
        let name: String
        let meaning: String
        let value: @Sendable (CaseHour) -> Double
    }

    static let metrics = [
        Metric(name: "first_accepted", meaning: "first-submission acceptance") { $0.firstAccepted ? 1 : 0 },
        Metric(name: "first_curtailed_kwh", meaning: "energy curtailed at first submission (kWh)") { $0.proposedKWh - $0.firstAcceptedKWh },
        Metric(name: "executed_kwh", meaning: "executed trades (kWh)") { $0.executedKWh },
        Metric(name: "total_cost_rs", meaning: "total cost (Rs/h)") { $0.totalCostRs },
        Metric(name: "opf_calls", meaning: "DSO OPFs per hour") { Double($0.opfCalls) },
    ]

    struct Row {
        let key: CaseStudyResults.CaseKey
        let metric: Metric
        let hours: Int
        let days: Int
        let without: Double
        let with: Double
        var difference: Double { with - without }
        let interval: ClosedRange<Double>
        /// Share of the lever run's hours whose first submission / executed state the DSO answered on an alternative topology.
        let firstReconfigured: Double
        let executedReconfigured: Double
    }

    /// The two runs must be the same days and hours of the same cases, and differ in the lever alone.
    static func pairedHours(base: StageInput, baseResults: CaseStudyResults, lever: StageInput, leverResults: CaseStudyResults,
                            stage: String) throws -> [CaseStudyResults.CaseKey: [(without: CaseHour, with: CaseHour)]] {
        let k = alternatives(of: lever), k0 = alternatives(of: base)
        guard k > 0, k0 == 0 else {
            throw StageError.configuration(stage: stage, problem: "the reconfiguring input '\(lever.stageName)' must set reconfigure K > 0 (it has \(k))"
                                           + " and the cases input '\(base.stageName)' must not reconfigure (it has \(k0))")
        }
        let different = ["days", "daySet", "networkLoadLevel", "microgridLoadLevel", "maxRounds", "model", "clearing"]
            .filter { base.parameters.values[$0] != lever.parameters.values[$0] }
        guard base.seed == lever.seed, different.isEmpty else {
            throw StageError.configuration(
                stage: stage, problem: "casestudy stages '\(base.stageName)' and '\(lever.stageName)' must simulate the same days to compare the"
                    + " reconfiguration lever, but they differ in " + (base.seed != lever.seed ? ["seed (\(base.seed) vs \(lever.seed))"] : []).joined()
                    + (base.seed != lever.seed && !different.isEmpty ? ", " : "") + different.joined(separator: ", ")
                    + "; give the reconfiguring stage the same seed: and parameters")
        }
        struct Slot: Hashable { let key: CaseStudyResults.CaseKey, day: Int, hour: Int }
        let withLever = Dictionary(leverResults.hours.map { (Slot(key: $0.key, day: $0.day, hour: $0.hour), $0) }, uniquingKeysWith: { a, _ in a })
        var paired: [CaseStudyResults.CaseKey: [(without: CaseHour, with: CaseHour)]] = [:]
        for hour in baseResults.hours {
            guard let other = withLever[Slot(key: hour.key, day: hour.day, hour: hour.hour)], other.loadScale == hour.loadScale else {
                throw StageError.malformedInput(stage: stage, file: "\(lever.stageName)/cases.h5",
                                                problem: "has no hour matching \(hour.key.shortLabel), day \(hour.day), hour \(hour.hour) of"
                                                    + " '\(base.stageName)' at load scale \(hour.loadScale): not the same days")
            }
            paired[hour.key, default: []].append((hour, other))
        }
        return paired
    }

    static func rows(_ paired: [CaseStudyResults.CaseKey: [(without: CaseHour, with: CaseHour)]], seed: UInt64) -> [Row] {
        var rows: [Row] = []
        for key in paired.keys.sorted() {
            let hours = paired[key]!
            let days = Set(hours.map(\.without.day))
            let n = Double(hours.count)
            let first = Double(hours.filter(\.with.firstReconfigured).count) / n
            let executed = Double(hours.filter(\.with.reconfigured).count) / n
            for metric in metrics {
                let interval = SampleStatistics.pairedDifferenceInterval(
                    hours.map { (day: $0.without.day, value: metric.value($0.with), baseline: metric.value($0.without)) },
                    resamples: bootstrapResamples, seed: seed &+ seedOffset &+ UInt64(rows.count))
                rows.append(Row(key: key, metric: metric, hours: hours.count, days: days.count,
                                without: hours.reduce(0) { $0 + metric.value($1.without) } / n,
                                with: hours.reduce(0) { $0 + metric.value($1.with) } / n,
                                interval: interval, firstReconfigured: first, executedReconfigured: executed))
            }
        }
        return rows
    }

    static func blocks(base: StageInput, lever: StageInput, seed: UInt64, stage: String) throws -> [ReportDocument.Block] {
        let baseResults = try CaseStudyResults(base, stage: stage), leverResults = try CaseStudyResults(lever, stage: stage)
        let paired = try pairedHours(base: base, baseResults: baseResults, lever: lever, leverResults: leverResults, stage: stage)
        let rows = rows(paired, seed: seed)
        let k = alternatives(of: lever)
        return [.heading("Reconfiguration as a DSO lever"),
                .paragraph(findings(rows, k: k, base: base.stageName, lever: lever.stageName)),
                .table(try table(rows, k: k))]
    }

    private static func table(_ rows: [Row], k: Int) throws -> Table {
        let number = { (name: String) in Table.Column(name, format: .fixed(decimals: 4)) }
        return try Table(
            name: tableName, title: "The reconfiguration lever: each case with and without it on the same hours",
            caption: "without: the DSO only curtails; with: before it curtails, it checks the proposal on its K = \(k) best loss-minimising"
                + " radial alternatives (branch exchange at the hour's load level) and answers with the cheapest OPF. Means per hour over the"
                + " same hours; difference = with − without, ci_low/ci_high its 95 % percentile bootstrap over days (\(bootstrapResamples)"
                + " resamples). first_curtailed_kwh: proposed − accepted energy of the first submission. first_reconfigured / reconfigured:"
                + " share of hours whose first answer / executed state is on an alternative topology (case 1: its ex-post check).",
            columns: [Table.Column("case", format: .integer), Table.Column("predictor", format: .text), Table.Column("metric", format: .text),
                      Table.Column("hours", format: .integer), Table.Column("days", format: .integer), number("without"), number("with"),
                      number("difference"), number("ci_low"), number("ci_high"),
                      Table.Column("first_reconfigured", format: .fixed(decimals: 3)), Table.Column("reconfigured", format: .fixed(decimals: 3))],
            rows: rows.map { r in
                [.integer(r.key.number), .text(r.key.predictor), .text(r.metric.name), .integer(r.hours), .integer(r.days),
                 .number(r.without), .number(r.with), .number(r.difference), .number(r.interval.lowerBound), .number(r.interval.upperBound),
                 .number(r.firstReconfigured), .number(r.executedReconfigured)]
            })
    }

    /// One sentence per case run: the metrics the lever moved (interval clear of 0), with their intervals.
    private static func findings(_ rows: [Row], k: Int, base: String, lever: String) -> String {
        var sentences = ["The case studies of `\(base)` rerun by `\(lever)` on the same days with a DSO that may reconfigure"
                         + " (K = \(k) alternative topologies) before it curtails."]
        let keys = rows.map(\.key).reduce(into: [CaseStudyResults.CaseKey]()) { if !$0.contains($1) { $0.append($1) } }
        for key in keys {
            let mine = rows.filter { $0.key == key }
            let moved = mine.filter { $0.interval.lowerBound > 0 || $0.interval.upperBound < 0 }
            let label = key.shortLabel.prefix(1).uppercased() + key.shortLabel.dropFirst()
            let where_ = String(format: " (%d hours of %d days; first answers on an alternative topology: %.1f %%, executed: %.1f %%)",
                                mine[0].hours, mine[0].days, 100 * mine[0].firstReconfigured, 100 * mine[0].executedReconfigured)
            guard !moved.isEmpty else {
                sentences.append(label + where_ + ": no metric moved distinguishably from 0.")
                continue
            }
            let parts = moved.map { r -> String in
                let scale = r.metric.name == "first_accepted" ? 100.0 : 1.0
                let shown = { (x: Double) in String(format: r.metric.name == "first_accepted" ? "%.1f %%" : "%.2f", scale * x) }
                return "\(r.metric.meaning) \(shown(r.without)) → \(shown(r.with))"
                    + String(format: " (%+.2f, 95 %% CI %+.2f to %+.2f)", scale * r.difference, scale * r.interval.lowerBound,
                             scale * r.interval.upperBound)
            }
            sentences.append(label + where_ + ": " + parts.joined(separator: "; ")
                             + (moved.count < mine.count ? "; no other metric moved distinguishably from 0." : "."))
        }
        return sentences.joined(separator: " ")
    }
}
