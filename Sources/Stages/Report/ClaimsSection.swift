import Foundation
import Reporting

/// The paper's claims, tested (DESIGN.md §8): each case-3 run (one per
/// predictor) and the oracle (case 4) against iterative DSO feedback (case
/// 2) on the same hours. Per claim and case: the paired difference case − case 2
/// averaged over the hours both simulated, its 95 % percentile-bootstrap
/// interval over days (whole days resampled, because hours of a day share the
/// batteries' state; `SampleStatistics.bootstrapRatioInterval` of the per-day
/// sums of differences over the per-day hour counts, 2000 resamples, seed =
/// report seed + 1000 + the row's index in `claims.csv`), the oracle's
/// difference, the share of the oracle's gain a case-3 run captures, and a
/// verdict computed from the interval:
/// - a claim of direction ("raises", "fewer", "less"): supported when the
///   interval lies strictly on the claimed side of 0, not supported when it
///   lies on the other side or at 0, inconclusive when it contains 0 and more;
/// - "keeps every limit" is a claim about every hour, so one hour with a
///   violation refutes it: supported when the case has no violation at all.
enum ClaimsSection {
    /// The claims table, `tables/claims.csv`.
    static let tableName = "claims"
    /// Bootstrap resamples per interval.
    static let bootstrapResamples = 2000
    /// Offset of the rows' bootstrap seeds from the report seed.
    static let seedOffset: UInt64 = 1000

    /// One claim of the paper.
    struct Claim {
        let statement: String
        /// The per-hour quantity compared, as named in cases.h5 and hours.csv (or a sum of columns).
        let metric: String
        /// +1: the claim is that the case is higher; −1: lower; 0: the case's value is 0 in every hour.
        let direction: Int
        let value: @Sendable (CaseHour) -> Double
    }

    static let claims = [
        Claim(statement: "raises first-submission acceptance", metric: "first_accepted", direction: 1) { $0.firstAccepted ? 1 : 0 },
        Claim(statement: "needs fewer DSO calls", metric: "opf_calls", direction: -1) { Double($0.opfCalls) },
        Claim(statement: "costs less", metric: "total_cost_rs", direction: -1) { $0.totalCostRs },
        Claim(statement: "keeps every limit", metric: "voltage_violations + thermal_violations", direction: 0) {
            Double($0.voltageViolations + $0.thermalViolations)
        },
    ]

    /// One tested claim for one case run.
    struct Row {
        let claim: Claim
        let key: CaseStudyResults.CaseKey
        let hours: Int
        let days: Int
        let baselineMean: Double
        let caseMean: Double
        var difference: Double { caseMean - baselineMean }
        let interval: ClosedRange<Double>
        let oracleDifference: Double?
        let oracleShare: Double?
        let verdict: String
    }

    /// The tested claims: per claim, every case-3 run and case 4 in order; empty without case 2.
    static func rows(_ results: CaseStudyResults, seed: UInt64) -> [Row] {
        guard let baseline = results.cases.first(where: { $0.number == 2 }) else { return [] }
        let compared = results.cases.filter { $0.number == 3 || $0.number == 4 }
        struct Slot: Hashable { let day: Int, hour: Int }
        let base = Dictionary(results.hours.filter { $0.key == baseline }.map { (Slot(day: $0.day, hour: $0.hour), $0) },
                              uniquingKeysWith: { first, _ in first })
        var rows: [Row] = []
        for claim in claims {
            var oracle: Double?
            var pending: [(key: CaseStudyResults.CaseKey, hours: Int, days: Int, baseline: Double, value: Double,
                           interval: ClosedRange<Double>, violations: Double)] = []
            for key in compared {
                let paired = results.hours.filter { $0.key == key }.compactMap { hour in
                    base[Slot(day: hour.day, hour: hour.hour)].map { (day: hour.day, baseline: claim.value($0), value: claim.value(hour)) }
                }
                guard !paired.isEmpty else { continue }
                let days = Set(paired.map(\.day))
                let interval = SampleStatistics.pairedDifferenceInterval(paired.map { (day: $0.day, value: $0.value, baseline: $0.baseline) }, resamples: bootstrapResamples,
                                                                         seed: seed &+ seedOffset &+ UInt64(rows.count + pending.count))
                let n = Double(paired.count)
                let entry = (key: key, hours: paired.count, days: days.count, baseline: paired.reduce(0) { $0 + $1.baseline } / n,
                             value: paired.reduce(0) { $0 + $1.value } / n, interval: interval,
                             violations: paired.reduce(0) { $0 + $1.value })
                if key.number == 4 { oracle = entry.value - entry.baseline }
                pending.append(entry)
            }
            for entry in pending {
                let difference = entry.value - entry.baseline
                let share = claim.direction != 0 && entry.key.number == 3 ? oracle.flatMap { abs($0) > 1e-12 ? difference / $0 : nil } : nil
                rows.append(Row(claim: claim, key: entry.key, hours: entry.hours, days: entry.days, baselineMean: entry.baseline,
                                caseMean: entry.value, interval: entry.interval, oracleDifference: oracle, oracleShare: share,
                                verdict: verdict(claim, interval: entry.interval, total: entry.violations)))
            }
        }
        return rows
    }

    /// The verdict rule of the type's documentation.
    static func verdict(_ claim: Claim, interval: ClosedRange<Double>, total: Double) -> String {
        guard claim.direction != 0 else { return total == 0 ? "supported" : "not supported" }
        let d = Double(claim.direction)
        let low = min(d * interval.lowerBound, d * interval.upperBound), high = max(d * interval.lowerBound, d * interval.upperBound)
        if low > 0 { return "supported" }
        return high <= 0 ? "not supported" : "inconclusive"
    }

    /// The section's blocks: what the claims say, and the table.
    static func blocks(_ results: CaseStudyResults, seed: UInt64) throws -> [ReportDocument.Block] {
        let rows = rows(results, seed: seed)
        guard !rows.isEmpty else {
            return [.heading("The paper's claims, tested"),
                    .paragraph("No claims tested: the case studies have no case 2 to compare with, or no case 3 or 4.")]
        }
        return [.heading("The paper's claims, tested"), .paragraph(findings(rows, results)), .table(try table(rows))]
    }

    private static func table(_ rows: [Row]) throws -> Table {
        let number = { (name: String) in Table.Column(name, format: .fixed(decimals: 4)) }
        return try Table(
            name: tableName, title: "The paper's claims: each case against case 2 on the same hours",
            caption: "difference = case mean − case 2 mean per hour over the hours both simulated; ci_low/ci_high: 95 % percentile "
                + "bootstrap over days (\(bootstrapResamples) resamples); oracle_difference: case 4 − case 2; oracle_share: the share of "
                + "the oracle's difference a case-3 run achieves. Verdict: supported when the interval lies strictly on the claimed "
                + "side of 0, not supported when it lies on the other side or at 0, inconclusive otherwise; \"keeps every limit\" "
                + "is supported only when no hour of the case violates a limit (AC power flow at the executed state).",
            columns: [Table.Column("claim", format: .text), Table.Column("case", format: .integer),
                      Table.Column("predictor", format: .text), Table.Column("metric", format: .text),
                      Table.Column("hours", format: .integer), Table.Column("days", format: .integer), number("case_2_mean"),
                      number("case_mean"), number("difference"), number("ci_low"), number("ci_high"), number("oracle_difference"),
                      Table.Column("oracle_share", format: .fixed(decimals: 3)), Table.Column("verdict", format: .text)],
            rows: rows.map { r in
                [.text(r.claim.statement), .integer(r.key.number), .text(r.key.predictor), .text(r.claim.metric), .integer(r.hours),
                 .integer(r.days), .number(r.baselineMean), .number(r.caseMean), .number(r.difference), .number(r.interval.lowerBound),
                 .number(r.interval.upperBound), r.oracleDifference.map(Cell.number) ?? .missing,
                 r.oracleShare.map(Cell.number) ?? .missing, .text(r.verdict)]
            })
    }

    /// One sentence per case run, then what its predictions were worth on the submitted proposals.
    private static func findings(_ rows: [Row], _ results: CaseStudyResults) -> String {
        var sentences: [String] = []
        let keys = rows.map(\.key).reduce(into: [CaseStudyResults.CaseKey]()) { if !$0.contains($1) { $0.append($1) } }
        for key in keys {
            let mine = rows.filter { $0.key == key }
            let parts = mine.map { r -> String in
                let scale = r.claim.metric == "first_accepted" ? 100.0 : 1.0
                let unit = r.claim.metric == "first_accepted" ? " points" : r.claim.metric == "total_cost_rs" ? " Rs/h" : ""
                return "\(r.claim.statement) — " + String(format: "%+.2f%@ (95 %% CI %+.2f to %+.2f)", scale * r.difference, unit,
                                                          scale * r.interval.lowerBound, scale * r.interval.upperBound)
                    + ": \(r.verdict)"
            }
            sentences.append("\(key.shortLabel.prefix(1).uppercased() + key.shortLabel.dropFirst()) against case 2 over \(mine[0].hours) hours of "
                             + "\(mine[0].days) days: " + parts.joined(separator: "; ") + ".")
            if key.number == 3, let acceptance = mine.first(where: { $0.claim.metric == "first_accepted" }) {
                if let share = acceptance.oracleShare {
                    sentences.append(String(format: "It achieves %.0f %% of the oracle's gain in first-submission acceptance", 100 * share)
                                     + String(format: " (case 3 %.1f %%, oracle %.1f %%).", 100 * acceptance.caseMean,
                                              100 * (acceptance.baselineMean + (acceptance.oracleDifference ?? 0))))
                }
                let hours = results.hours.filter { $0.key == key }
                let predicted = hours.compactMap(\.predictedAcceptance)
                if !predicted.isEmpty {
                    let accepted = Double(hours.filter(\.firstAccepted).count) / Double(hours.count)
                    let rounds = Double(hours.reduce(0) { $0 + $1.localRounds }) / Double(hours.count)
                    let meanPredicted = predicted.reduce(0, +) / Double(predicted.count)
                    // Within 5 points the predictions are as good as their hour count can tell.
                    let calibration = abs(meanPredicted - accepted) <= 0.05
                        ? "so its predictions were calibrated on the proposals it made"
                        : meanPredicted > accepted ? "so it was overconfident on the proposals it made" : "so it was underconfident on the proposals it made"
                    sentences.append(String(format: "Why: its first submissions carried a mean predicted acceptance p̂_acc of %.3f and the DSO "
                                            + "accepted %.1f %% of them, ", meanPredicted, 100 * accepted)
                                     + calibration + String(format: "; it re-cleared locally %.2f times per hour.", rounds))
                }
            }
        }
        return sentences.joined(separator: " ")
    }
}
