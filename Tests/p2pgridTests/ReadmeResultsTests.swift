import Foundation
import Testing

/// The README's results tables against the committed reports: every row of
/// the marker-delimited blocks equals the row of the CSV it names, formatted
/// here independently of `p2pgrid results-table`, and every row of those CSVs
/// is in the README — so no README number can go stale.
@Suite struct ReadmeResultsTests {
    let root = CommandLineRun.packageRoot

    /// The table rows (after the header and its rule) of block `name`, split into trimmed cells.
    func block(_ name: String, in readme: String) throws -> [[String]] {
        let lines = readme.components(separatedBy: "\n")
        let begin = try #require(lines.firstIndex { $0.hasPrefix("<!-- \(name):begin") }, "README.md has no \(name) block")
        let end = try #require(lines[begin...].firstIndex { $0.hasPrefix("<!-- \(name):end") }, "README.md's \(name) block is not closed")
        return lines[(begin + 1)..<end].dropFirst(2).map { line in
            line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast().map { $0.trimmingCharacters(in: .whitespaces) }
        }
    }

    /// A committed report CSV by header name; nil when the file is absent.
    func records(_ relative: String) -> [[String: String]]? {
        guard let text = try? String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8) else { return nil }
        let lines = text.components(separatedBy: .newlines).filter { !$0.isEmpty }
        let header = lines[0].components(separatedBy: ",")
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0.components(separatedBy: ","))) }
    }

    func percent(_ value: String?) -> String { value.flatMap(Double.init).map { String(format: "%.1f %%", $0 * 100) } ?? "–" }
    /// A value that rounds to zero is written without a sign ("0.000", not the "-0.000" of a −1e-16 residue).
    func fixed(_ value: String?, _ decimals: Int) -> String {
        value.flatMap(Double.init).map { v in
            let text = String(format: "%.\(decimals)f", v)
            return Double(text) == 0 ? String(format: "%.\(decimals)f", 0.0) : text
        } ?? "–"
    }

    @Test("Every README results row equals the case-summary.csv row it names, and every such row is in the README")
    func summaryRows() throws {
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let rows = try block("results-table", in: readme)
        #expect(!rows.isEmpty)
        var sources: Set<String> = []
        for cells in rows {
            #expect(cells.count == 11, "\(cells)")
            guard cells.count == 11 else { continue }
            sources.insert(cells[0])
            let csv = try #require(records(cells[0]), "\(cells[0]) is missing")
            let match = csv.first { "\($0["case"] ?? "") \($0["name"] ?? "")" == cells[1] && ($0["predictor"] ?? "") == cells[2] }
            let r = try #require(match, "\(cells[0]) has no row for case '\(cells[1])', predictor '\(cells[2])'")
            let expected = [percent(r["first_acceptance"]), percent(r["energy_acceptance"]), percent(r["final_acceptance"]),
                            fixed(r["opf_calls_mean"], 2), fixed(r["clearing_messages_mean"], 0), fixed(r["energy_kept"], 3), fixed(r["total_cost_mean_rs"], 0),
                            r["voltage_violations"] ?? "–"]
            #expect(Array(cells[3...]) == expected, "README row for \(cells[0]) case \(cells[1]) \(cells[2])")
        }
        for source in sources {
            #expect(records(source)?.count == rows.filter { $0.first == source }.count, "README lacks rows of \(source)")
        }
        for report in ["Reports/paper", "Reports/stressed"] {
            #expect(sources.contains(report + "/tables/case-summary.csv"), "README lacks the case studies of \(report)")
        }
    }

    @Test("Every README claims row equals the claims.csv row it names, and every such row is in the README")
    func claimRows() throws {
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let rows = try block("claims-table", in: readme)
        var sources: Set<String> = []
        for cells in rows {
            #expect(cells.count == 7, "\(cells)")
            guard cells.count == 7 else { continue }
            sources.insert(cells[0])
            let csv = try #require(records(cells[0]), "\(cells[0]) is missing")
            let r = try #require(csv.first { $0["claim"] == cells[1] && $0["case"] == cells[2] && ($0["predictor"] ?? "") == cells[3] },
                                 "\(cells[0]) has no row for '\(cells[1])', case \(cells[2]) \(cells[3])")
            #expect([fixed(r["difference"], 3), "\(fixed(r["ci_low"], 3)) to \(fixed(r["ci_high"], 3))", r["verdict"] ?? "–"]
                    == Array(cells[4...]), "README claims row \(cells)")
        }
        for source in sources {
            #expect(records(source)?.count == rows.filter { $0.first == source }.count, "README lacks rows of \(source)")
        }
        // A report that has a claims table must have its rows in the README.
        for report in ["Reports/paper", "Reports/stressed"] where records(report + "/tables/claims.csv") != nil {
            #expect(sources.contains(report + "/tables/claims.csv"), "README lacks the claims of \(report)")
        }
    }

    @Test("Every README reconfiguration row equals the reconfiguration.csv row it names, and every case-2 and case-3 row is in the README")
    func reconfigurationRows() throws {
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let rows = try block("reconfiguration-table", in: readme)
        var sources: Set<String> = []
        for cells in rows {
            #expect(cells.count == 9, "\(cells)")
            guard cells.count == 9 else { continue }
            sources.insert(cells[0])
            let csv = try #require(records(cells[0]), "\(cells[0]) is missing")
            let r = try #require(csv.first { $0["case"] == cells[1] && ($0["predictor"] ?? "") == cells[2] && $0["metric"] == cells[3] },
                                 "\(cells[0]) has no row for case \(cells[1]) \(cells[2]) \(cells[3])")
            #expect([fixed(r["without"], 3), fixed(r["with"], 3), fixed(r["difference"], 3),
                     "\(fixed(r["ci_low"], 3)) to \(fixed(r["ci_high"], 3))", percent(r["first_reconfigured"])] == Array(cells[4...]),
                    "README reconfiguration row \(cells)")
        }
        for source in sources {
            let expected = records(source)?.filter { ["2", "3"].contains($0["case"] ?? "") }.count
            #expect(expected == rows.filter { $0.first == source }.count, "README lacks case-2/3 rows of \(source)")
        }
        for report in ["Reports/paper", "Reports/stressed"] where records(report + "/tables/reconfiguration.csv") != nil {
            #expect(sources.contains(report + "/tables/reconfiguration.csv"), "README lacks the reconfiguration lever of \(report)")
        }
    }

    @Test("Every README accuracy row equals the in-distribution accuracy.csv row it names, and every such row is in the README")
    func accuracyRows() throws {
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let rows = try block("accuracy-table", in: readme)
        var sources: Set<String> = []
        for cells in rows {
            #expect(cells.count == 9, "\(cells)")
            guard cells.count == 9 else { continue }
            sources.insert(cells[0])
            let csv = try #require(records(cells[0]), "\(cells[0]) is missing")
            let r = try #require(csv.first { ($0["split"] ?? "").hasPrefix("in_distribution") && $0["model"] == cells[1] && $0["stage"] == cells[2] },
                                 "\(cells[0]) has no in-distribution row for \(cells[1]) of stage \(cells[2])")
            #expect([r["n"] ?? "–", fixed(r["R²"], 4), fixed(r["RMSE (kW)"], 2), fixed(r["AUC"], 4), fixed(r["Brier"], 4), fixed(r["ECE"], 4)]
                    == Array(cells[3...]), "README accuracy row \(cells)")
        }
        for source in sources {
            let inDistribution = records(source)?.filter { ($0["split"] ?? "").hasPrefix("in_distribution") }
            #expect(inDistribution?.count == rows.filter { $0.first == source }.count, "README lacks rows of \(source)")
        }
        for report in ["Reports/paper", "Reports/stressed"] {
            #expect(sources.contains(report + "/tables/accuracy.csv"), "README lacks the accuracy of \(report)")
        }
    }
}
