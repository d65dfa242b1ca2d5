import Foundation
import Testing
import HDF5Store

/// `p2pgrid diff`, run as a user runs it: the built executable in a subprocess,
/// on HDF5 files and report folders that differ in known places.
@Suite struct DiffCommandTests {
    /// Two HDF5 files (B the reference): `/opf/objective` float64 [4, 3] with
    /// element [2, 1] 1e-3 larger in B (7.5 → 7.501); with `structural`, also
    /// `/removed` only in A, `/reshaped` [2, 3] in A and [3, 2] in B, and the
    /// root attribute `split` "in_distribution" in A, "ood_load" in B.
    private static func writeHDF5Pair(in directory: String, structural: Bool) throws -> (a: String, b: String) {
        let paths = (a: directory + "/a.h5", b: directory + "/b.h5")
        for (path, isB) in [(paths.a, false), (paths.b, true)] {
            let objective = (0..<12).map { Double($0) + 0.5 + (isB && $0 == 7 ? 1e-3 : 0) }
            let file = try HDF5File.create(atPath: path)
            try file.write(objective, shape: [4, 3], to: "/opf/objective", chunks: [2, 3], filters: .default)
            try file.write([Int32(0), 0, 1, 0], shape: [4], to: "/opf/status")
            try file.write([Float(0.25), 0.5], shape: [2], to: "/inputs")
            try file.setAttribute("seed", to: Int64(42))
            if structural {
                try file.setAttribute("split", to: isB ? "ood_load" : "in_distribution")
                if !isB { try file.write([1.0, 2.0, 3.0], shape: [3], to: "/removed") }
                try file.write([Double](repeating: 1, count: 6), shape: isB ? [3, 2] : [2, 3], to: "/reshaped")
            }
            try file.close()
        }
        return paths
    }

    /// A report folder: a CSV table, Markdown and an SVG figure.
    private static func writeReport(_ folder: String, rmse: String = "0.0312", verdict: String = "supported",
                                    word: String = "generated", withFigure: Bool = true) throws {
        let files = [
            "tables/accuracy.csv": "model,n,RMSE (kW),verdict\r\nmlp,2000,0.0365,\(verdict)\r\ntransformer,2000,\(rmse),supported\r\n",
            "report.md": "# Report\n\nStage `data` \(word) 20000 samples.\n\n| model | RMSE (kW) |\n| mlp | \(rmse) |\n",
            "figures/loss.svg": "<svg viewBox=\"0 0 760 440\">\n<path d='M61.5,399.3 L70.5,399.3'/>\n</svg>\n",
        ]
        for (name, text) in files where withFigure || !name.hasSuffix(".svg") {
            let url = URL(fileURLWithPath: folder + "/" + name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    private static func lines(_ run: CommandLineRun) -> [String] {
        run.standardOutput.split(separator: "\n").map(String.init)
    }

    @Test func hdf5DifferencesWithIndexCountsAndVerdict() throws {
        let directory = try CommandLineRun.scratchDirectory().path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (a, b) = try Self.writeHDF5Pair(in: directory, structural: true)
        let run = try CommandLineRun.run(["diff", a, b])
        #expect(run.status == 1, "\(run.standardError)")
        let lines = Self.lines(run)
        #expect(lines.prefix(2) == ["A: \(a)", "B: \(b) (reference)"])
        #expect(lines.contains { $0.hasPrefix("DIFFERENT   /removed") && $0.hasSuffix("float64 [3]: only in A") })
        #expect(lines.contains { $0.hasPrefix("DIFFERENT   /reshaped") && $0.hasSuffix("float64 [2, 3] in A, float64 [3, 2] in B") })
        #expect(lines.contains {
            $0.hasPrefix("BEYOND      /@split") && $0.hasSuffix("string: 1 element, 0 beyond tolerance, text differs in 1 string; "
                                                                  + "first text difference: \"in_distribution\" vs \"ood_load\"")
        })
        #expect(lines.contains {
            $0.hasPrefix("BEYOND      /opf/objective")
                && $0.hasSuffix("float64 [4, 3]: 12 elements, 1 beyond tolerance; max abs 0.001 at [2, 1]; max rel 0.000133 at [2, 1]")
        })
        // Structural differences come first, then the values beyond tolerance.
        #expect(lines[2].hasPrefix("DIFFERENT") && lines[3].hasPrefix("DIFFERENT") && lines[4].hasPrefix("BEYOND"))
        #expect(lines.contains("7 items: 3 identical, 0 within tolerance, 2 beyond tolerance, 2 structurally different"))
        #expect(lines.last == "beyond tolerance: 4 of 7 items differ beyond tolerance or in structure")
    }

    /// Options and the exit status they give for |Δ| = 1e-3 at b = 7.501: within when atol + rtol·7.501 ≥ 1e-3.
    static let toleranceCases: [([String], Int32)] = [
        ([], 1), (["--rtol", "1.34e-4", "--atol", "0"], 0), (["--rtol", "1.33e-4", "--atol", "0"], 1),
        (["--atol", "1.001e-3"], 0), (["--atol", "0.999e-3", "--rtol", "0"], 1),
    ]

    @Test("The exit status follows the tolerance", arguments: toleranceCases)
    func exitStatusFollowsTheTolerance(options: [String], status: Int32) throws {
        let directory = try CommandLineRun.scratchDirectory().path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (a, b) = try Self.writeHDF5Pair(in: directory, structural: false)
        let run = try CommandLineRun.run(["diff", a, b] + options)
        #expect(run.status == status, "\(options): \(run.standardOutput)\(run.standardError)")
        #expect(Self.lines(run).last?.hasPrefix(status == 0 ? "within tolerance: 1 of 4 items differs, all within tolerance" : "beyond tolerance") == true)
    }

    @Test func identicalInputsExitZero() throws {
        let directory = try CommandLineRun.scratchDirectory().path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (a, _) = try Self.writeHDF5Pair(in: directory, structural: true)
        try Self.writeReport(directory + "/report-a")
        try Self.writeReport(directory + "/report-b")
        for (first, second) in [(a, a), (directory + "/report-a", directory + "/report-b")] {
            let run = try CommandLineRun.run(["diff", first, second])
            #expect(run.status == 0, "\(run.standardOutput)\(run.standardError)")
            #expect(Self.lines(run).last == "within tolerance: identical")
        }
    }

    @Test func reportFoldersWithAChangedNumberWordAndAMissingFile() throws {
        let directory = try CommandLineRun.scratchDirectory().path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let a = directory + "/paper", b = directory + "/copy"
        try Self.writeReport(a)
        try Self.writeReport(b, rmse: "0.0313", verdict: "rejected", word: "made", withFigure: false)
        let run = try CommandLineRun.run(["diff", a, b])
        #expect(run.status == 1, "\(run.standardError)")
        let lines = Self.lines(run)
        #expect(lines.contains { $0.hasPrefix("DIFFERENT   figures/loss.svg") && $0.hasSuffix("only in A") })
        #expect(lines.contains {
            $0.hasPrefix("BEYOND      report.md") && $0.hasSuffix("1 number, 1 beyond tolerance, text differs in 1 line; max abs 0.0001 at line 6; "
                                                                    + "max rel 0.00319 at line 6; "
                                                                    + "first text difference at line 3: \"Stage `data` generated 20000 samples.\" "
                                                                    + "vs \"Stage `data` made 20000 samples.\"")
        })
        #expect(lines.contains {
            $0.hasPrefix("BEYOND      tables/accuracy.csv")
                && $0.hasSuffix("4 columns × 2 rows: 8 cells, 1 beyond tolerance, text differs in 1 cell; "
                                + "max abs 0.0001 at row 2 (transformer), column 'RMSE (kW)'; "
                                + "max rel 0.00319 at row 2 (transformer), column 'RMSE (kW)'; "
                                + "first text difference at row 1 (mlp), column 'verdict': \"supported\" vs \"rejected\"")
        })
        #expect(lines.last == "beyond tolerance: 3 of 3 items differ beyond tolerance or in structure")
    }

    @Test func jsonHasTheSameFindingsAndMaxRowsCountsWhatItLeavesOut() throws {
        let directory = try CommandLineRun.scratchDirectory().path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (a, b) = try Self.writeHDF5Pair(in: directory, structural: true)
        let run = try CommandLineRun.run(["diff", a, b, "--json", "--max-rows", "3"])
        #expect(run.status == 1)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        #expect(document["withinTolerance"] as? Bool == false)
        #expect(document["omittedDifferences"] as? Int == 1)
        let summary = try #require(document["summary"] as? [String: Int])
        #expect(summary == ["items": 7, "identical": 3, "withinTolerance": 0, "beyondTolerance": 2, "different": 2, "notCompared": 0])
        let differences = try #require(document["differences"] as? [[String: Any]])
        #expect(differences.compactMap { $0["name"] as? String } == ["/removed", "/reshaped", "/@split"])
        #expect(differences[0]["reason"] as? String == "only in A")
        let tolerance = try #require(document["tolerance"] as? [String: [String: Double]])
        #expect(tolerance["float32"] == ["rtol": 1e-5, "atol": 1e-6])

        let all = try CommandLineRun.run(["diff", a, b, "--json", "--max-rows", "0"])
        let full = try #require(try JSONSerialization.jsonObject(with: Data(all.standardOutput.utf8)) as? [String: Any])
        let objective = try #require((full["differences"] as? [[String: Any]])?.last)
        #expect(objective["name"] as? String == "/opf/objective")
        let largest = try #require(objective["maxAbsoluteDifference"] as? [String: Any])
        #expect((largest["at"] as? [String: [Int]])?["index"] == [2, 1])
        #expect(abs((largest["value"] as? Double ?? 0) - 1e-3) < 1e-12)
        // Sorted keys: the same input always prints the same bytes.
        #expect(try CommandLineRun.run(["diff", a, b, "--json", "--max-rows", "0"]).standardOutput == all.standardOutput)

        let text = try CommandLineRun.run(["diff", a, b, "--max-rows", "1"])
        #expect(Self.lines(text).contains("… 3 more differences not listed (--max-rows 0 lists all)"))
    }

    @Test func badInputExitsTwoNamingThePath() throws {
        let directory = try CommandLineRun.scratchDirectory().path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (a, _) = try Self.writeHDF5Pair(in: directory, structural: false)
        let truncated = directory + "/truncated.h5"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: a))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: truncated))
        let cases: [([String], String)] = [
            (["diff", a, truncated], "p2pgrid diff: \(truncated): corrupt or truncated HDF5 file"),
            (["diff", a, directory], "p2pgrid diff: \(a) is a file but \(directory) is a folder"),
            (["diff", directory + "/none.h5", a], "p2pgrid diff: \(directory)/none.h5: no such file or folder"),
        ]
        for (arguments, message) in cases {
            let run = try CommandLineRun.run(arguments)
            #expect(run.status == 2, "\(arguments)")
            #expect(run.standardOutput.isEmpty)
            #expect(run.standardError.hasPrefix(message), "\(run.standardError)")
        }
        for options in [["--rtol", "-1"], ["--atol", "nan"], ["--max-rows", "-2"]] {
            let run = try CommandLineRun.run(["diff", a, a] + options)
            #expect(run.status == 2, "\(options)")
        }
    }

    @Test func helpStatesTheRuleAndTheDefaults() throws {
        let run = try CommandLineRun.run(["diff", "--help"])
        #expect(run.status == 0)
        let help = run.standardOutput.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.contains("|a − b| ≤ atol + rtol·|b|"))
        #expect(help.contains("float64 values and numbers in text rtol 1e-6, atol 1e-9"))
        #expect(help.contains("float32 values rtol 1e-5, atol 1e-6"))
        #expect(help.contains("Exit status: 0 within tolerance"))
    }
}
