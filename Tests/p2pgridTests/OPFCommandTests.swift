import Foundation
import Testing

/// `p2pgrid opf` run as a user runs it: the built binary in a subprocess.
@Suite struct OPFCommandTests {
    /// A three-bus radial feeder with a second generator; `vmin` sets the load buses' lower voltage limit.
    static func feeder(vmin: Double = 0.9, pmin2: Double = 0, pmax2: Double = 1) -> String {
        """
        function mpc = tiny3
        mpc.version = '2';
        mpc.baseMVA = 10;
        mpc.bus = [
        \t1\t3\t0\t0\t0\t0\t1\t1\t0\t12.66\t1\t1\t1;
        \t2\t1\t2.0\t1.0\t0\t0\t1\t1\t0\t12.66\t1\t1.1\t\(vmin);
        \t3\t1\t1.5\t0.7\t0\t0\t1\t1\t0\t12.66\t1\t1.1\t\(vmin);
        ];
        mpc.gen = [
        \t1\t0\t0\t10\t-10\t1\t100\t1\t10\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0;
        \t3\t0\t0\t0.5\t-0.5\t1\t100\t1\t\(pmax2)\t\(pmin2)\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0;
        ];
        mpc.branch = [
        \t1\t2\t0.02\t0.04\t0\t0\t0\t0\t0\t0\t1\t-360\t360;
        \t2\t3\t0.03\t0.05\t0\t0\t0\t0\t0\t0\t1\t-360\t360;
        ];
        mpc.gencost = [
        \t2\t0\t0\t3\t0\t20\t0;
        \t2\t0\t0\t3\t1\t10\t0;
        ];
        """
    }

    /// A fresh temporary directory holding `text` as `tiny3.m`.
    static func caseFile(_ text: String) throws -> (directory: URL, path: String) {
        let directory = try CommandLineRun.scratchDirectory()
        let file = directory.appendingPathComponent("tiny3.m")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return (directory, file.path)
    }

    static func object(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func jsonReportsTheSolvedOPF() throws {
        let input = try Self.caseFile(Self.feeder())
        defer { try? FileManager.default.removeItem(at: input.directory) }
        let run = try CommandLineRun.run(["opf", input.path, "--json"])
        #expect(run.status == 0)
        let json = try Self.object(run.standardOutput)
        #expect(json["status"] as? String == "optimal")
        #expect(json["formulation"] as? String == "socp")
        for key in ["objective", "losses_kw", "vmin_pu", "vmin_bus", "vmax_pu", "vmax_bus", "relaxation_gap",
                    "ac_check_max_dv_pu", "iterations", "solve_ms", "gens", "dlmp"] {
            #expect(json[key] != nil, "missing \(key)")
        }
        // The cheap unit at bus 3 runs flat out; the substation covers load plus losses.
        let gens = try #require(json["gens"] as? [[String: Any]])
        let p = gens.compactMap { $0["p_mw"] as? Double }
        #expect(abs(p[1] - 1) < 1e-6)
        let lossesMW = try #require(json["losses_kw"] as? Double) / 1000
        #expect(abs(p[0] + p[1] - (3.5 + lossesMW)) < 1e-6)
        #expect(try #require(json["ac_check_max_dv_pu"] as? Double) < 1e-6)
        let dlmp = try #require(json["dlmp"] as? [[String: Any]])
        #expect(dlmp.first?["bus"] as? Int == 1)
        #expect(abs((dlmp.first?["price"] as? Double ?? 0) - 0.02) < 1e-9)
        #expect(!run.standardOutput.contains("Ipopt"))
    }

    @Test func exactFormulationGivesTheSameObjective() throws {
        let input = try Self.caseFile(Self.feeder())
        defer { try? FileManager.default.removeItem(at: input.directory) }
        let relaxed = try Self.object(CommandLineRun.run(["opf", input.path, "--json"]).standardOutput)
        let exact = try Self.object(CommandLineRun.run(["opf", input.path, "--json", "--formulation", "exact"]).standardOutput)
        #expect(exact["formulation"] as? String == "exact")
        let a = try #require(relaxed["objective"] as? Double), b = try #require(exact["objective"] as? Double)
        #expect(abs(a - b) <= 1e-6 * a)
    }

    @Test func infeasibleCaseExitsThreeAndSheddingRescuesIt() throws {
        let input = try Self.caseFile(Self.feeder(vmin: 0.999, pmax2: 0))
        defer { try? FileManager.default.removeItem(at: input.directory) }
        let run = try CommandLineRun.run(["opf", input.path, "--json"])
        #expect(run.status == 3)
        #expect(try Self.object(run.standardOutput)["status"] as? String == "infeasible")
        let rescued = try CommandLineRun.run(["opf", input.path, "--json", "--shed-voll", "2000"])
        #expect(rescued.status == 0)
        #expect(try #require(Self.object(rescued.standardOutput)["shed_mw"] as? Double) > 0.01)
    }

    @Test func reversedGeneratorLimitsExitTwoNamingTheField() throws {
        let input = try Self.caseFile(Self.feeder(pmin2: 2, pmax2: 1))
        defer { try? FileManager.default.removeItem(at: input.directory) }
        let run = try CommandLineRun.run(["opf", input.path])
        #expect(run.status == 2)
        #expect(run.standardError.contains("tiny3.m"))
        #expect(run.standardError.contains("generator 2 (bus 3) Pmin/Pmax"))
        #expect(run.standardOutput.isEmpty)
    }

    @Test func badOptionValuesAndMissingFilesExitTwo() throws {
        let input = try Self.caseFile(Self.feeder())
        defer { try? FileManager.default.removeItem(at: input.directory) }
        for arguments in [["opf", input.path, "--formulation", "dc"], ["opf", input.path, "--shed-voll=-3"],
                          ["opf", input.directory.appendingPathComponent("missing.m").path]] {
            let run = try CommandLineRun.run(arguments)
            #expect(run.status == 2, "\(arguments)")
            #expect(!run.standardError.isEmpty)
        }
    }

    /// Ipopt 3.11 would read `ipopt.opt` from the working directory; ours sets every option
    /// and switches the file off, so a hostile one changes nothing.
    @Test func ipoptOptionFileInWorkingDirectoryIsIgnored() throws {
        let input = try Self.caseFile(Self.feeder())
        defer { try? FileManager.default.removeItem(at: input.directory) }
        let reference = try Self.object(CommandLineRun.run(["opf", input.path, "--json"]).standardOutput)
        try "max_iter 1\nprint_level 12\nlinear_solver ma27\nno_such_option 3\n"
            .write(to: input.directory.appendingPathComponent("ipopt.opt"), atomically: true, encoding: .utf8)
        let run = try CommandLineRun.run(["opf", input.path, "--json"], in: input.directory)
        #expect(run.status == 0)
        let inside = try Self.object(run.standardOutput)
        for key in ["status", "objective", "iterations", "losses_kw", "vmin_pu"] {
            #expect("\(inside[key]!)" == "\(reference[key]!)", "\(key)")
        }
    }

    @Test func verboseShowsIpoptsLog() throws {
        let input = try Self.caseFile(Self.feeder())
        defer { try? FileManager.default.removeItem(at: input.directory) }
        let run = try CommandLineRun.run(["opf", input.path, "--verbose", "--solver", "ipopt"])
        #expect(run.status == 0)
        #expect(run.standardOutput.contains("EXIT: Optimal Solution Found"))
    }

    @Test("--solver: the radial IPM (default) and Ipopt give the same OPF; a wrong name, or radial-ipm with exact, is bad input")
    func solverOption() throws {
        let input = try Self.caseFile(Self.feeder())
        defer { try? FileManager.default.removeItem(at: input.directory) }
        func objective(_ arguments: [String]) throws -> Double {
            let run = try CommandLineRun.run(["opf", input.path, "--json"] + arguments)
            #expect(run.status == 0, "\(arguments): \(run.standardError)")
            let object = try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any]
            return try #require(object?["objective"] as? Double)
        }
        let ipm = try objective([]), ipopt = try objective(["--solver", "ipopt"])
        #expect(abs(ipm - ipopt) <= 1e-7 * max(1, abs(ipopt)), "\(ipm) vs \(ipopt)")
        #expect(try objective(["--solver", "radial-ipm"]) == ipm)
        _ = try objective(["--formulation", "exact"])
        for bad in [["--solver", "clarabel"], ["--formulation", "exact", "--solver", "radial-ipm"]] {
            let run = try CommandLineRun.run(["opf", input.path] + bad)
            #expect(run.status == 2 && run.standardError.contains("--solver"), "\(bad): \(run.standardError)")
        }
    }
}
