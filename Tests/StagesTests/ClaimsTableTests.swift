import Foundation
import SeededRandom
import Testing
@testable import Stages

/// `tables/claims.csv` recomputed from the fixture's hours (what it wrote to cases.h5) without the
/// report's code: pairing by (day, hour), the per-hour mean difference, a
/// percentile bootstrap over days with the documented seeds, the oracle's
/// share and the verdict rule.
@Suite struct ClaimsTableTests {
    /// Fields of a CSV file by header name, header dropped (the fixture and the claims table quote nothing).
    func records(_ path: String, separator: String) throws -> [[String: String]] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: separator).filter { !$0.isEmpty }
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return lines.dropFirst().map { line in
            Dictionary(uniqueKeysWithValues: zip(header, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)))
        }
    }

    /// Type-7 quantile of ascending values.
    func quantile(_ sorted: [Double], _ p: Double) -> Double {
        let h = Double(sorted.count - 1) * p, below = Int(h)
        return below + 1 < sorted.count ? sorted[below] + (h - Double(below)) * (sorted[below + 1] - sorted[below]) : sorted[below]
    }

    @Test("Every claim row equals an independent recomputation from the hours, bootstrap seeds included")
    func claimsRecomputed() throws {
        let fixture = try ReportFixture()
        defer { fixture.remove() }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("p2pgrid-claims-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        try fixture.runReport(into: output)
        let hours = ReportFixture.caseHours()
        let claims = try records(output + "/tables/claims.csv", separator: "\r\n")

        let metrics: [(statement: String, direction: Double, value: ([String: String]) -> Double)] = [
            ("raises first-submission acceptance", 1, { Double($0["first_accepted"]!)! }),
            ("needs fewer DSO calls", -1, { Double($0["opf_calls"]!)! }),
            ("costs less", -1, { Double($0["total_cost_rs"]!)! }),
            ("keeps every limit", 0, { Double($0["voltage_violations"]!)! + Double($0["thermal_violations"]!)! }),
        ]
        let compared = ReportFixture.caseRuns.filter { $0.number >= 3 }
        #expect(claims.count == metrics.count * compared.count)
        let baseline = Dictionary(uniqueKeysWithValues: hours.filter { $0["case"] == "2" }.map { ("\($0["day"]!)/\($0["hour"]!)", $0) })
        var row = 0
        for metric in metrics {
            var oracleDifference = 0.0
            var expected: [(difference: Double, low: Double, high: Double, total: Double)] = []
            for run in compared {
                let mine = hours.filter { $0["case"] == String(run.number) && $0["predictor"] == run.predictor }
                let days = Array(Set(mine.map { Int($0["day"]!)! })).sorted()
                var sums = [Double](repeating: 0, count: days.count), counts = sums
                var total = 0.0, difference = 0.0
                for hour in mine {
                    let d = metric.value(hour) - metric.value(baseline["\(hour["day"]!)/\(hour["hour"]!)"]!)
                    let i = days.firstIndex(of: Int(hour["day"]!)!)!
                    sums[i] += d
                    counts[i] += 1
                    difference += d / Double(mine.count)
                    total += metric.value(hour)
                }
                var generator = SeededGenerator(seed: 42 + 1000 + UInt64(row + expected.count))
                var ratios: [Double] = []
                for _ in 0..<2000 {
                    var top = 0.0, bottom = 0.0
                    for _ in days.indices {
                        let i = Int(generator.next() % UInt64(days.count))
                        top += sums[i]
                        bottom += counts[i]
                    }
                    ratios.append(top / bottom)
                }
                ratios.sort()
                expected.append((difference, quantile(ratios, 0.025), quantile(ratios, 0.975), total))
                if run.number == 4 { oracleDifference = difference }
            }
            for (run, e) in zip(compared, expected) {
                let claim = claims[row]
                row += 1
                #expect(claim["claim"] == metric.statement && claim["case"] == String(run.number) && claim["predictor"] == run.predictor)
                #expect(abs(Double(claim["difference"]!)! - e.difference) < 1e-9, "\(claim)")
                #expect(abs(Double(claim["ci_low"]!)! - e.low) < 1e-9 && abs(Double(claim["ci_high"]!)! - e.high) < 1e-9, "\(claim)")
                #expect(abs(Double(claim["oracle_difference"]!)! - oracleDifference) < 1e-9, "\(claim)")
                if run.number == 3 && metric.direction != 0 && oracleDifference != 0 {
                    #expect(abs(Double(claim["oracle_share"]!)! - e.difference / oracleDifference) < 1e-9, "\(claim)")
                } else {
                    #expect(claim["oracle_share"] == "", "\(claim)")
                }
                let verdict: String
                if metric.direction == 0 {
                    verdict = e.total == 0 ? "supported" : "not supported"
                } else {
                    let low = min(metric.direction * e.low, metric.direction * e.high)
                    let high = max(metric.direction * e.low, metric.direction * e.high)
                    verdict = low > 0 ? "supported" : high <= 0 ? "not supported" : "inconclusive"
                }
                #expect(claim["verdict"] == verdict, "\(claim)")
            }
        }
        // The fixture is built so the verdicts differ: the oracle accepts every first proposal, one case-3 run violates a limit.
        #expect(Set(claims.map { $0["verdict"]! }).count >= 2)
        #expect(claims.contains { $0["claim"] == "keeps every limit" && $0["predictor"] == "paper_models/transformer" && $0["verdict"] == "not supported" })
        let markdown = try String(contentsOfFile: output + "/report.md", encoding: .utf8)
        #expect(markdown.contains("## The paper's claims, tested") && markdown.contains("(tables/claims.csv)"))
        // Each case run's sentence starts with its capitalised short label.
        for run in ReportFixture.caseRuns where run.number >= 3 {
            let label = run.number == 4 ? "Case 4" : "Case 3 (\(run.predictor))"
            #expect(markdown.contains("\(label) against case 2 over "), "no findings sentence for \(label)")
        }
    }
}
