import Foundation
import Pipeline
import Testing
@testable import Stages

/// The report's reconfiguration-lever section from two case-study inputs on the
/// same hours: the table's means and differences recomputed from the fixture's
/// rows without the report's code, and the pairing refused when the runs are
/// not the same days or the parameters disagree with the inputs.
@Suite struct ReconfigurationSectionTests {
    /// The fixture's hours as a reconfiguring DSO would have answered them: every first submission of
    /// case 2 the plain DSO curtailed on day 1 is accepted on an alternative topology, at 3 more OPFs.
    static func leverHours() -> [[String: String]] {
        ReportFixture.caseHours().map { row in
            var row = row
            if row["case"] == "2", row["day"] == "1", row["first_accepted"] == "0" {
                row["first_accepted"] = "1"
                row["first_accepted_kwh"] = row["proposed_kwh"]
                row["opf_calls"] = "\(Int(row["opf_calls"]!)! + 3)"
                row["first_reconfigured"] = "1"
                row["reconfigured"] = "1"
            }
            return row
        }
    }

    func leverInput(_ fixture: ReportFixture, rows: [[String: String]] = leverHours(), k: Int = 3, seed: UInt64 = 99) throws -> StageInput {
        let folder = fixture.directory + "/cases_lever"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try ReportFixture.writeCaseFiles(rows, into: folder)
        return try fixture.input("cases_lever", kind: "casestudy", codeVersion: "casestudy/2", parameters: ["reconfigure": .int(k)], seed: seed)
    }

    func records(_ path: String) throws -> [[String: String]] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init))) }
    }

    @Test("The lever's table: per case and metric, the means without and with it on the same hours")
    func tableRecomputed() throws {
        let fixture = try ReportFixture()
        defer { fixture.remove() }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("p2pgrid-lever-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let declared = try fixture.runReport(into: output, lever: try leverInput(fixture))
        #expect(declared.contains("tables/reconfiguration.csv"))
        let table = try records(output + "/tables/reconfiguration.csv")
        #expect(table.count == ReportFixture.caseRuns.count * ReconfigurationSection.metrics.count)
        let without = ReportFixture.caseHours(), with = Self.leverHours()
        for run in ReportFixture.caseRuns {
            let mine = { (rows: [[String: String]]) in rows.filter { $0["case"] == "\(run.number)" && $0["predictor"] == run.predictor } }
            let a = mine(without), b = mine(with)
            func mean(_ rows: [[String: String]], _ value: ([String: String]) -> Double) -> Double { rows.map(value).reduce(0, +) / Double(rows.count) }
            let values: [String: ([String: String]) -> Double] = [
                "first_accepted": { Double($0["first_accepted"]!)! },
                "first_curtailed_kwh": { Double($0["proposed_kwh"]!)! - Double($0["first_accepted_kwh"]!)! },
                "executed_kwh": { Double($0["executed_kwh"]!)! }, "total_cost_rs": { Double($0["total_cost_rs"]!)! },
                "opf_calls": { Double($0["opf_calls"]!)! },
            ]
            for (metric, value) in values {
                let row = try #require(table.first { $0["case"] == "\(run.number)" && $0["predictor"] == run.predictor && $0["metric"] == metric })
                #expect(row["hours"] == "\(a.count)")
                #expect(abs(Double(row["without"]!)! - mean(a, value)) < 1e-4, "\(run) \(metric)")
                #expect(abs(Double(row["with"]!)! - mean(b, value)) < 1e-4, "\(run) \(metric)")
                let low = Double(row["ci_low"]!)!, high = Double(row["ci_high"]!)!, difference = Double(row["difference"]!)!
                #expect(low <= difference + 1e-4 && difference <= high + 1e-4)
                let reconfigured = Double(b.filter { $0["first_reconfigured"] == "1" }.count) / Double(b.count)
                #expect(abs(Double(row["first_reconfigured"]!)! - reconfigured) < 1e-3)
            }
        }
        // Case 2 gained on day 1 only: the interval over 3 days is not a point, and the other cases did not move.
        let case2 = try #require(table.first { $0["case"] == "2" && $0["metric"] == "first_accepted" })
        #expect(Double(case2["difference"]!)! > 0 && Double(case2["ci_low"]!)! < Double(case2["ci_high"]!)!)
        #expect(table.filter { $0["case"] != "2" }.allSatisfy { Double($0["difference"]!)! == 0 })
        let report = try String(contentsOfFile: output + "/report.md", encoding: .utf8)
        #expect(report.contains("## Reconfiguration as a DSO lever") && report.contains("K = 3"))
    }

    @Test("Runs that are not the same days, or parameters that disagree with the inputs, are refused")
    func pairingRefused() throws {
        let fixture = try ReportFixture()
        defer { fixture.remove() }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("p2pgrid-lever-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        func problem(_ run: () throws -> Void) -> String {
            do { try run(); return "" } catch { return "\(error)" }
        }
        #expect(problem { try fixture.runReport(into: output, lever: try leverInput(fixture, seed: 7)) }.contains("seed (99 vs 7)"))
        let missing = Array(Self.leverHours().dropLast())
        #expect(problem { try fixture.runReport(into: output, lever: try leverInput(fixture, rows: missing)) }.contains("not the same days"))
        #expect(problem { try fixture.runReport(into: output, lever: try leverInput(fixture), reconfigurationLever: false) }
            .contains("set reconfigurationLever: true"))
        #expect(problem { try fixture.runReport(into: output, reconfigurationLever: true) }.contains("no casestudy stage with reconfigure K > 0"))
        #expect(problem { try fixture.runReport(into: output, withCasesInput: false, lever: try leverInput(fixture)) }
            .contains("which needs lacks"))
    }
}
