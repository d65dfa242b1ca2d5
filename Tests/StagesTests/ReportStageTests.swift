import Foundation
import Testing
@testable import Stages

/// The `report` stage on synthetic inputs: its numbers against independent
/// computations from the raw fixture data, its byte reproducibility, and its
/// errors for missing or malformed case-study inputs.
@Suite struct ReportStageTests {
    /// One fixture for the read-only tests (training its models takes a moment).
    static let shared = Result { try ReportFixture() }

    func fixture() throws -> ReportFixture {
        try Self.shared.get()
    }

    func scratch() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("p2pgrid-report-out-\(UUID().uuidString)").path
    }

    /// The report of the shared fixture in a fresh directory, which the caller removes.
    func report(caseStudies: Bool = true) throws -> (fixture: ReportFixture, output: String) {
        let fixture = try fixture()
        let output = scratch()
        try fixture.runReport(into: output, caseStudies: caseStudies)
        return (fixture, output)
    }

    /// The hours of case run `index` of `ReportFixture.caseRuns`, as the fixture wrote them to cases.h5.
    func hours(run index: Int) -> [[String: String]] {
        ReportFixture.caseHours().filter { $0["run"] == String(index) }
    }

    /// Rows of a CSV the report wrote, header dropped, split on commas (the checked tables quote nothing).
    func csvRows(_ path: String) throws -> [[String]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\r\n").dropFirst().map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
    }

    @Test("Writes exactly the declared outputs, and report.md links every table and figure")
    func declaredOutputs() throws {
        let output = scratch()
        defer { try? FileManager.default.removeItem(atPath: output) }
        let declared = try fixture().runReport(into: output)
        #expect(ReportFixture.files(under: output) == declared.sorted())
        let markdown = try String(contentsOfFile: output + "/report.md", encoding: .utf8)
        for file in declared where file.hasSuffix(".csv") && file.hasPrefix("tables/") || file.hasSuffix(".svg") || file.hasSuffix(".gp") {
            #expect(markdown.contains("(\(file))"), "report.md does not link \(file)")
        }
        for svg in declared where svg.hasSuffix(".svg") {
            let text = try String(contentsOfFile: output + "/" + svg, encoding: .utf8)
            #expect(text.contains("<path"), "\(svg) draws nothing")
        }
        let inputs = try fixture().directory
        #expect(!markdown.contains(output) && !markdown.contains(inputs), "report.md holds an absolute path")
    }

    @Test("The correlation table equals a direct one-pass computation over the solved tokens")
    func correlation() throws {
        let (fixture, output) = try report()
        defer { try? FileManager.default.removeItem(atPath: output) }
        let draws = fixture.inDistribution
        // Values as stored: f32.
        var variables = [[Double]](repeating: [], count: 6)
        for sample in 0..<draws.samples where draws.status[sample] <= 1 {
            for token in 0..<ReportFixture.microgrids {
                for feature in 0..<5 { variables[feature].append(Double(Float(draws.features[sample][token][feature]))) }
                variables[5].append(Double(Float(draws.targets[sample][token])))
            }
        }
        func pearson(_ x: [Double], _ y: [Double]) -> Double {
            let n = Double(x.count)
            let sx = x.reduce(0, +), sy = y.reduce(0, +)
            let sxx = x.reduce(0) { $0 + $1 * $1 }, syy = y.reduce(0) { $0 + $1 * $1 }
            let sxy = zip(x, y).reduce(0) { $0 + $1.0 * $1.1 }
            return (n * sxy - sx * sy) / ((n * sxx - sx * sx).squareRoot() * (n * syy - sy * sy).squareRoot())
        }
        let rows = try csvRows(output + "/tables/input-correlation.csv")
        #expect(rows.map(\.first) == ["P_load_n", "pf", "P_net_n", "c_ls", "lambda_corr", "P_acc_n"])
        for i in 0..<6 {
            for j in 0..<6 {
                let reported = try #require(Double(rows[i][j + 1]))
                #expect(abs(reported - pearson(variables[i], variables[j])) < 1e-9, "r[\(i)][\(j)]")
            }
        }
        #expect(PearsonCorrelation.matrix([[1, 2, 3], [5, 5, 5]])[0][1].isNaN)
    }

    @Test("Status counts and curtailment shares equal counts over the HDF5 data")
    func statusAndCurtailment() throws {
        let (fixture, output) = try report()
        defer { try? FileManager.default.removeItem(atPath: output) }
        let draws = fixture.inDistribution
        let header = try String(contentsOfFile: output + "/tables/dataset-status.csv", encoding: .utf8).split(separator: "\r\n")[0]
        #expect(header == "split,optimal,acceptable,infeasible,total")
        let status = try csvRows(output + "/tables/dataset-status.csv")
        let counts = (0...2).map { code in draws.status.filter { $0 == code }.count }
        #expect(status[0] == ["in_distribution"] + counts.map(String.init) + [String(draws.samples)])
        #expect(status.map(\.first) == ["in_distribution", "ood_load"])

        let solved = (0..<draws.samples).filter { draws.status[$0] <= 1 }
        let curtailed = solved.filter { draws.alpha[$0].contains { $0 < 0.999 } }
        let row = try csvRows(output + "/tables/dataset-curtailment.csv")[0]
        #expect(Int(row[1]) == solved.count)
        #expect(abs(try #require(Double(row[3])) - 100 * Double(curtailed.count) / Double(solved.count)) < 1e-12)
        // Curtailed energy of a curtailed sample: half of the MG1→MG2 trade over all its trades.
        let shares = solved.map { sample -> Double in
            let trades = draws.trades[sample].flatMap { $0 }
            return draws.alpha[sample][0] < 1 ? 0.5 * draws.trades[sample][0][1] / trades.reduce(0, +) : 0
        }.sorted()
        #expect(abs(try #require(Double(row[8])) - 100 * shares.last!) < 1e-9)
    }

    @Test("Box statistics of the cost figure equal order statistics of the hours")
    func boxStatistics() throws {
        let (_, output) = try report()
        defer { try? FileManager.default.removeItem(atPath: output) }
        let boxes = try csvRows(output + "/figures/case-cost.csv")
        #expect(boxes.count == ReportFixture.caseRuns.count)
        for (index, box) in boxes.enumerated() {
            let costs = hours(run: index).map { Double($0["total_cost_rs"]!)! }.sorted()
            #expect(Int(box[2]) == costs.count && costs.count == 24 * ReportFixture.days)
            // n = 72: the median is the mean of the 36th and 37th order statistics; type-7 quartiles at h = 17.75 and 53.25.
            #expect(Double(box[6]) == (costs[35] + costs[36]) / 2)
            #expect(abs(Double(box[5])! - (costs[17] + 0.75 * (costs[18] - costs[17]))) < 1e-9)
            #expect(abs(Double(box[7])! - (costs[53] + 0.25 * (costs[54] - costs[53]))) < 1e-9)
            #expect(Double(box[3]) == costs.first && Double(box[9]) == costs.last)
        }
        #expect(boxes.allSatisfy { $0[0].hasSuffix("(n = 72)") })
    }

    @Test("The voltage figure draws the limits of the spec's system (IEEE 33-bus: 0.90 and 1.05 p.u.)")
    func voltageLimitLines() throws {
        let (_, output) = try report()
        defer { try? FileManager.default.removeItem(atPath: output) }
        let script = try String(contentsOfFile: output + "/figures/case-voltage.gp", encoding: .utf8)
        #expect(script.contains("0.9 ") && script.contains("1.05 ") && script.contains("V min") && script.contains("V max"), "\(script)")
    }

    @Test("Acceptance ratios count the hours; the Wilson interval matches its closed form")
    func acceptance() throws {
        let (_, output) = try report()
        defer { try? FileManager.default.removeItem(atPath: output) }
        for (index, row) in try csvRows(output + "/tables/case-acceptance.csv").enumerated() {
            let hours = hours(run: index)
            let first = hours.filter { $0["first_accepted"] == "1" }.count
            #expect(Int(row[3]) == first && Int(row[1]) == hours.count)
            let energy = hours.reduce(0) { $0 + Double($1["first_accepted_kwh"]!)! }
                / hours.reduce(0) { $0 + Double($1["proposed_kwh"]!)! }
            #expect(abs(Double(row[7])! - energy) < 1e-12)
            #expect(Double(row[8])! <= energy && energy <= Double(row[9])!)
        }
        // 8 of 10: Wilson 95 % interval (0.4902, 0.9433) to four places.
        let interval = SampleStatistics.wilsonInterval(successes: 8, trials: 10)
        #expect(abs(interval.lowerBound - 0.4902) < 5e-5 && abs(interval.upperBound - 0.9433) < 5e-5)
        #expect(SampleStatistics.wilsonInterval(successes: 0, trials: 5).lowerBound == 0)
    }

    @Test("Same inputs, same bytes: every file except the machine-dependent timing table")
    func reproducible() throws {
        let fixture = try fixture()
        let first = scratch(), second = scratch()
        defer {
            try? FileManager.default.removeItem(atPath: first)
            try? FileManager.default.removeItem(atPath: second)
        }
        let declared = try fixture.runReport(into: first)
        try fixture.runReport(into: second)
        for file in declared where !file.hasPrefix(ReportOutputs.machineDependentDirectory + "/") {
            #expect(FileManager.default.contents(atPath: first + "/" + file) == FileManager.default.contents(atPath: second + "/" + file),
                    "\(file) differs between runs")
        }
        let markdown = try String(contentsOfFile: first + "/report.md", encoding: .utf8)
        #expect(!markdown.contains("0.0015"), "report.md must not carry wall times")
    }

    @Test("The accuracy table is computed from predictions.h5 with validate's columns and values; findings come from it")
    func accuracyTable() throws {
        let (_, output) = try report()
        defer { try? FileManager.default.removeItem(atPath: output) }
        let published = try String(contentsOfFile: output + "/tables/accuracy.csv", encoding: .utf8)
        let expected = try ReportFixture.expectedAccuracyCSV()
        #expect(published == expected, "\(published)\nvs\n\(expected)")
        let markdown = try String(contentsOfFile: output + "/report.md", encoding: .utf8)
        #expect(markdown.contains("| energy kept |") && markdown.contains("predictions.h5"))
        #expect(markdown.contains("In distribution transformer predicts best (RMSE 2.12 kW; ridge 4.25 kW)"))
        #expect(markdown.contains("Out of distribution the lowest RMSE goes to ridge on 1 of 1 splits"))
        // Acceptance: ranked by in-distribution AUC; an undefined (nan) AUC is left out, not ranked.
        #expect(markdown.contains("Acceptance is predicted best in distribution by transformer (ROC AUC 0.9500, ECE 0.0200); then ridge AUC 0.9000, ECE 0.0500."))
        #expect(markdown.contains("Out of distribution the highest AUC goes to ridge on 1 of 1 splits."))
    }

    @Test("The reliability diagram draws the in-distribution bins with samples, and the AUC chart every defined AUC")
    func acceptanceFigures() throws {
        let (_, output) = try report()
        defer { try? FileManager.default.removeItem(atPath: output) }
        let reliability = try String(contentsOfFile: output + "/figures/accuracy-reliability.csv", encoding: .utf8)
        let rows = reliability.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        // Per series two columns (x, y): ridge, transformer, the diagonal; two filled bins each, the empty bin left out.
        #expect(rows.count == 1 + 2, "\(reliability)")
        #expect(rows[1] == "0.05,0.0,0.055,0.05,0.0,0.0", "\(rows[1])")
        #expect(rows[2] == "0.95,1.0,0.95,0.95,1.0,1.0", "\(rows[2])")
        let auc = try String(contentsOfFile: output + "/figures/accuracy-auc.csv", encoding: .utf8)
        let aucRows = auc.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(aucRows.count == 3, "\(auc)")
        #expect(aucRows[1].contains("0.9") && aucRows[1].contains("0.95"), "\(aucRows[1])")
        #expect(aucRows[2].contains("0.875") && !aucRows[2].contains("nan"), "\(aucRows[2])")
    }

    @Test("Without a casestudy input the report says so in one line and writes no case files")
    func withoutCases() throws {
        let fixture = try fixture()
        let output = scratch()
        defer { try? FileManager.default.removeItem(atPath: output) }
        let declared = try fixture.runReport(into: output, caseStudies: false)
        #expect(!declared.contains { $0.contains("case-") })
        #expect(ReportFixture.files(under: output) == declared.sorted())
        let markdown = try String(contentsOfFile: output + "/report.md", encoding: .utf8)
        #expect(markdown.contains("No case studies: no `casestudy` stage feeds this report."))
        #expect(!markdown.contains("## Case studies"))
    }

    @Test("caseStudies and the cases input must agree")
    func caseStudiesParameter() throws {
        let fixture = try fixture()
        let output = scratch()
        defer { try? FileManager.default.removeItem(atPath: output) }
        #expect(throws: StageError.self) { try fixture.runReport(into: output, caseStudies: true, withCasesInput: false) }
        do {
            try fixture.runReport(into: output, caseStudies: false, withCasesInput: true)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("report stage 'report'") && "\(error)".contains("caseStudies: true"), "\(error)")
        }
    }

    @Test("Malformed or missing input files fail with the stage, file and line",
          arguments: [("cases/cases.h5", "not HDF5", "cases/cases.h5 is malformed"),
                      ("cases/cases.h5", nil, "cases/cases.h5 is missing"),
                      ("cases/timings.csv", "case,predictor,day,hour,dso_seconds,mg_seconds\n1,,1,x,0.1,0.2\n",
                       "cases/timings.csv is malformed: line 2, column 'hour': 'x' is not an integer"),
                      ("cases/timings.csv", "case,predictor,day,hour,dso_seconds,mg_seconds\n1,\"open\n",
                       "cases/timings.csv is malformed: a quoted field is not closed"),
                      ("cases/timings.csv", "case,day,hour\n1,1,1\n", "cases/timings.csv is malformed: header is 'case,day,hour'"),
                      ("accuracy/predictions.h5", "not HDF5", "accuracy/predictions.h5 is malformed"),
                      ("data/ood-ood_load.h5", "not HDF5", "data/ood-ood_load.h5 is malformed")])
    func malformedInputs(file: String, contents: String?, message: String) throws {
        let fixture = try ReportFixture()
        defer { fixture.remove() }
        let path = fixture.directory + "/" + file
        if let contents { try contents.write(toFile: path, atomically: true, encoding: .utf8) } else { try FileManager.default.removeItem(atPath: path) }
        let output = scratch()
        defer { try? FileManager.default.removeItem(atPath: output) }
        do {
            try fixture.runReport(into: output)
            Issue.record("expected an error for \(file)")
        } catch {
            #expect("\(error)".hasPrefix("report stage 'report': input \(message)"), "\(error)")
        }
    }

    @Test("A cases.h5 that breaks its layout names the dataset and row at fault",
          arguments: [("first_accepted", "2", "/hours/first_accepted[3] is 2, not 0 or 1"),
                      ("total_cost_rs", "nan", "/hours/total_cost_rs[3] is nan, not a finite number"),
                      ("opf_calls", "-1", "/hours/opf_calls[3] is -1, below 0")])
    func badCasesValue(column: String, value: String, problem: String) throws {
        let fixture = try ReportFixture()
        defer { fixture.remove() }
        var rows = ReportFixture.caseHours()
        rows[3][column] = value
        try ReportFixture.writeCaseFiles(rows, into: fixture.directory + "/cases")
        let output = scratch()
        defer { try? FileManager.default.removeItem(atPath: output) }
        #expect(throws: StageError.malformedInput(stage: "report", file: "cases/cases.h5", problem: problem)) {
            try fixture.runReport(into: output)
        }
    }

    @Test("A cases.h5 whose voltages do not cover every row is refused, naming the dataset and both shapes")
    func shortVoltages() throws {
        let fixture = try ReportFixture()
        defer { fixture.remove() }
        let rows = ReportFixture.caseHours()
        try ReportFixture.writeCaseFiles(rows, into: fixture.directory + "/cases", voltageRows: rows.prefix(10).map(ReportFixture.voltages))
        let output = scratch()
        defer { try? FileManager.default.removeItem(atPath: output) }
        #expect(throws: StageError.malformedInput(stage: "report", file: "cases/cases.h5",
                                                  problem: "/hours/voltages_pu has shape [10, 33], expected [360, 33] (rows, bus_ids)")) {
            try fixture.runReport(into: output)
        }
    }

    @Test("The headline table is the stage's summary recomputed from cases.h5: acceptance and mean cost per case run")
    func caseSummary() throws {
        let (_, output) = try report()
        defer { try? FileManager.default.removeItem(atPath: output) }
        let text = try String(contentsOfFile: output + "/tables/case-summary.csv", encoding: .utf8)
        let lines = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let header = lines[0].split(separator: ",").map(String.init)
        #expect(header.prefix(4) == ["case", "name", "predictor", "hours"], "\(header)")
        let rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.count == ReportFixture.caseRuns.count)
        for (index, row) in rows.enumerated() {
            let hours = hours(run: index)
            let first = Double(hours.filter { $0["first_accepted"] == "1" }.count) / Double(hours.count)
            let cost = hours.reduce(0) { $0 + Double($1["total_cost_rs"]!)! } / Double(hours.count)
            let low = hours.flatMap(ReportFixture.voltages).min()!
            func value(_ name: String) -> Double { Double(row[header.firstIndex(of: name)!]) ?? .nan }
            #expect(value("first_acceptance") == first, "\(row)")
            #expect(abs(value("total_cost_mean_rs") - cost) <= 1e-12 * cost, "\(row)")
            #expect(value("v_min_pu") == low, "\(row)")
            #expect(row[header.firstIndex(of: "predictor")!] == ReportFixture.caseRuns[index].predictor)
        }
    }
}

/// The CSV reader the report reads timings.csv with, and its layout of the accuracy table.
@Suite struct CSVDocumentTests {
    @Test("RFC 4180: quoted commas, doubled quotes, line breaks in quotes, CRLF or LF, a last line without a break")
    func parse() throws {
        let csv = try CSVDocument(text: "a,\"b, c\",d\r\n1,\"say \"\"hi\"\"\",\"two\nlines\"\n2,,x", file: "f.csv", stage: "s")
        #expect(csv.header == ["a", "b, c", "d"])
        #expect(csv.rows == [["1", "say \"hi\"", "two\nlines"], ["2", "", "x"]])
        #expect(throws: StageError.malformedInput(stage: "s", file: "f.csv", problem: "line 2 has 2 fields, the header has 3")) {
            try CSVDocument(text: "a,b,c\n1,2\n", file: "f.csv", stage: "s")
        }
    }

    @Test("As a table: a column mixing text with numbers is text, spelled as the CSV writer spells the numbers")
    func table() throws {
        let table = try CSVDocument.table(name: "t", title: "T", caption: "", header: ["name", "count", "value", "mixed"],
                                          cells: [[.text("x"), .integer(1), .number(0.5), .integer(3)],
                                                  [.text("y"), .integer(2), .number(1e-5), .text("n/a")]])
        #expect(table.csv() == "name,count,value,mixed\r\nx,1,0.5,3\r\ny,2,1e-05,n/a\r\n")
        #expect(table.rows[0] == [.text("x"), .integer(1), .number(0.5), .text("3")])
        #expect(table.columns.map(\.format) == [.text, .integer, .fixed(decimals: 4), .text])
    }
}
