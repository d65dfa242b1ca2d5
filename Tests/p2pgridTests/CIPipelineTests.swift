import Foundation
import Testing

/// `Pipelines/ci.yaml` with the real stage kinds, run as a user runs it.
@Suite(.serialized) struct CIPipelineTests {
    let pipeline = CommandLineRun.packageRoot.appendingPathComponent("Pipelines/ci.yaml").path

    func cachedOutputs(_ work: URL) throws -> [String: Data] { try PipelineOutputs.cached(in: work) }

    /// The casestudy outputs: the columns the report stage reads, one row per case × 24 hours, the four cases summarised
    /// (ci.yaml's cases stage needs one train stage, so case 3 runs once, with models/transformer).
    func checkCaseStudyOutputs(_ outputs: [String: Data]) throws {
        func lines(_ name: String) throws -> [String] {
            let entry = try #require(outputs.first { $0.key.hasSuffix("/" + name) })
            return String(decoding: entry.value, as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        }
        let hours = try lines("hours.csv")
        let header = "case,predictor,day,hour,first_accepted,final_accepted,submissions,opf_calls,local_rounds,predictor_calls,"
            + "local_clearings,fallback,first_reconfigured,reconfigured,predicted_acceptance,cleared_kwh,proposed_kwh,first_accepted_kwh,executed_kwh,mg_welfare_rs,"
            + "mg_cost_rs,dso_cost_rs,network_charge_rs,total_cost_rs,social_welfare_rs,v_min_pu,v_max_pu,substation_p_mw,"
            + "substation_q_mvar,dg_p_mw,dg_q_mvar,shed_kw,voltage_violations,thermal_violations,clearing_rounds,clearing_messages,clearing_bytes"
        #expect(hours.first == header)
        #expect(hours.count == 1 + 4 * 24)
        #expect(hours[1].hasPrefix("1,,0,0,"))
        #expect(hours[1 + 2 * 24].hasPrefix("3,models/transformer,0,0,"))
        #expect(hours[hours.count - 1].hasPrefix("4,DSO OPF,0,23,"))
        let voltages = try lines("voltages.csv")
        #expect(voltages.first == "case,predictor,bus,v_min_pu,v_mean_pu,v_max_pu,v_peak_pu")
        #expect(voltages.count == 1 + 4 * 33)
        let summary = try lines("summary.csv")
        let names = summary.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).prefix(4).joined(separator: ",") }
        #expect(names == ["1,network-agnostic,,24", "2,iterative DSO feedback,,24", "3,learning-augmented,models/transformer,24",
                          "4,oracle,DSO OPF,24"])
        // The ci pipeline clears centrally: no ADMM rounds, so convergence.csv is its header alone.
        #expect(try lines("convergence.csv") == ["round,clearings," + ["primal_residual_kw", "consensus_change_kw"]
            .flatMap { stem in ["p10", "median", "p90"].map { "\(stem)_\($0)" } }.joined(separator: ",")])
    }

    /// (Killed and resumed runs: KillAnywhereTests.)
    @Test("An uninterrupted run: every stage's outputs and the published report as documented; a re-run is all cache hits")
    func uninterruptedRun() throws {
        let directory = try CommandLineRun.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let reference = directory.appendingPathComponent("reference")
        let reports = directory.appendingPathComponent("reports")
        let first = try CommandLineRun.run(["run", pipeline, "--work-dir", reference.path, "--reports", reports.path])
        #expect(first.status == 0, "\(first.standardError)")
        try checkPublishedReport(reports.appendingPathComponent("ci"))
        let expected = try cachedOutputs(reference)
        #expect(expected.keys.contains { $0.hasSuffix("/dataset.h5") } && expected.keys.contains { $0.hasSuffix("/transformer.h5") })
        // validate: one row per model and split (3 models on every feature + ridge on the paper's five, × the test
        // split and 2 OOD splits), finite errors, AUC/Brier/ECE in [0, 1].
        let metrics = try #require(expected.first { $0.key.hasSuffix("/metrics.csv") }?.value)
        let lines = String(decoding: metrics, as: UTF8.self).split(whereSeparator: \.isNewline)
        #expect(lines.first?.contains("AUC,Brier,ECE,curtailment AUC") == true, "\(lines.first ?? "")")
        let rows = lines.dropFirst()
        #expect(rows.count == 12)
        #expect(rows.filter { $0.contains(",paper_models,") }.count == 3)
        for row in rows {
            let fields = row.split(separator: ",", omittingEmptySubsequences: false)
            #expect(fields.count == 20 && Double(fields[4]).map { $0.isFinite && $0 >= 0 } == true, "\(row)")
            for field in fields[8...9] { #expect(Double(String(field)).map { $0 >= 0 && $0 <= 1 } == true, "\(row)") }
            // Feasibility: 8 samples re-solved, shares in [0, 1].
            var sharesInRange = true
            for field in fields[16...19] {
                guard let share = Double(String(field)), share >= 0, share <= 1 + 1e-9 else { sharesInRange = false; continue }
            }
            #expect(fields[15] == "8", "\(row)")
            #expect(sharesInRange, "\(row)")
        }
        try checkCaseStudyOutputs(expected)
        try checkPredictionsFile(expected, work: reference)
        try checkCasesFile(expected, work: reference)
        try checkReportHeadlines(reports.appendingPathComponent("ci"), outputs: expected, work: reference)

        // Unchanged: every stage is a cache hit.
        let again = try? CommandLineRun.run(["run", pipeline, "--work-dir", reference.path, "--reports", reports.path])
        #expect(again?.standardOutput.contains("0 stage(s) ran, 6 cached") == true, "\(again?.standardOutput ?? "")")
        let status = try CommandLineRun.run(["status", pipeline, "--work-dir", reference.path])
        #expect(status.standardOutput.split(separator: "\n").filter { $0.contains(": cached") }.count == 6, "\(status.standardOutput)")
    }

    /// The published report of ci.yaml: report.md links every table and figure
    /// it published, and every SVG draws data, not just axes.
    func checkPublishedReport(_ report: URL) throws {
        let markdown = try String(contentsOf: report.appendingPathComponent("report.md"), encoding: .utf8)
        for section in ["## Dataset", "## Training", "## Accuracy in and out of distribution", "## Case studies", "## Provenance"] {
            #expect(markdown.contains(section), "report.md lacks \(section)")
        }
        let tables = try FileManager.default.contentsOfDirectory(atPath: report.appendingPathComponent("tables").path)
        let figures = try FileManager.default.contentsOfDirectory(atPath: report.appendingPathComponent("figures").path)
        #expect(tables.count == 10 && figures.filter { $0.hasSuffix(".svg") }.count == 13, "\(tables) \(figures)")
        // Wall times are published beside the report, in the folder git ignores, and linked from it.
        #expect(FileManager.default.fileExists(atPath: report.appendingPathComponent("machine/case-timings.csv").path))
        #expect(markdown.contains("](machine/case-timings.md)"))
        for table in tables {
            #expect(markdown.contains("(tables/\(table))"), "report.md does not link \(table)")
        }
        for svg in figures where svg.hasSuffix(".svg") {
            #expect(markdown.contains("](figures/\(svg))"), "report.md does not show \(svg)")
            let text = try String(contentsOf: report.appendingPathComponent("figures/\(svg)"), encoding: .utf8)
            // gnuplot puts each plotted element in a group gnuplot_plot_<n>; data means polygons or multi-point paths there.
            let plots = text.components(separatedBy: "id=\"gnuplot_plot_").dropFirst().map { $0.components(separatedBy: "</g>\n\t</g>")[0] }
            #expect(!plots.isEmpty && plots.contains { $0.contains("<polygon") || $0.contains(" L") }, "\(svg) draws no data")
        }
    }

    @Test("Changing a training parameter re-runs train and nothing upstream")
    func trainingParameterChange() throws {
        let directory = try CommandLineRun.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let work = directory.appendingPathComponent("work").path
        let text = try String(contentsOfFile: pipeline, encoding: .utf8)
            .replacingOccurrences(of: "../Datasets/", with: CommandLineRun.packageRoot.appendingPathComponent("Datasets").path + "/")
        let original = directory.appendingPathComponent("ci.yaml").path
        try text.write(toFile: original, atomically: true, encoding: .utf8)
        let reports = directory.appendingPathComponent("reports").path
        #expect(try CommandLineRun.run(["run", original, "--work-dir", work, "--reports", reports]).status == 0)
        try text.replacingOccurrences(of: "epochs: 5", with: "epochs: 6").write(toFile: original, atomically: true, encoding: .utf8)
        let status = try CommandLineRun.run(["status", original, "--work-dir", work])
        #expect(status.standardOutput.contains("parameter epochs changed: 5 → 6"), "\(status.standardOutput)")
        let rerun = try CommandLineRun.run(["run", original, "--work-dir", work, "--reports", reports])
        #expect(rerun.status == 0)
        #expect(rerun.standardError.contains("[data] cached") && rerun.standardError.contains("[models] started"),
                "\(rerun.standardError)")
        #expect(rerun.standardOutput.contains("4 stage(s) ran, 2 cached"), "\(rerun.standardOutput)")
    }

    @Test("Bad casestudy parameters are refused before anything runs, naming file, stage and field",
          arguments: [("days: 1", "days: 0", "params.days"), ("days: 1", "days: 1\n      model: gpt", "params.model"),
                      ("days: 1", "days: 1\n      maxRounds: -2", "params.maxRounds")])
    func badCaseStudyParameters(original: String, replacement: String, field: String) throws {
        let directory = try CommandLineRun.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = try String(contentsOfFile: pipeline, encoding: .utf8)
            .replacingOccurrences(of: "../Datasets/", with: CommandLineRun.packageRoot.appendingPathComponent("Datasets").path + "/")
            .replacingOccurrences(of: original, with: replacement)
        let file = directory.appendingPathComponent("ci.yaml").path
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let result = try CommandLineRun.run(["run", file, "--work-dir", directory.appendingPathComponent("work").path])
        #expect(result.status == 2)
        #expect(result.standardError.contains(file) && result.standardError.contains("stage 'cases'")
                && result.standardError.contains("field '\(field)'"), "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("work/stages").path))
    }

    @Test("Every shipped pipeline validates, with its specs", arguments: ["ci", "paper", "stressed"])
    func shippedPipelinesValidate(name: String) throws {
        let file = CommandLineRun.packageRoot.appendingPathComponent("Pipelines/\(name).yaml").path
        let graph = try CommandLineRun.run(["graph", file])
        #expect(graph.status == 0, "\(graph.standardError)")
        #expect(graph.standardOutput.contains("generate") && graph.standardOutput.contains("train") && graph.standardOutput.contains("casestudy"))
    }
}
