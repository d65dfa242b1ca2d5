import Foundation
import Testing

/// `p2pgrid reconfigure` and the `--open` / `--close` switches of `powerflow` and
/// `opf`, run as a user runs them.
@Suite struct ReconfigureCommandTests {
    static let feeder = PowerFlowCommandTests.feeder
    static let spec = PowerFlowCommandTests.spec

    func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("--json: the proved 33-bus optimum with every documented key")
    func json() throws {
        let result = try CommandLineRun.run(["reconfigure", Self.feeder, "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.split(separator: "\n").count == 1)
        let o = try object(result.standardOutput)
        #expect(Set(["losses_kw", "open_branches", "vmin_pu", "vmin_bus", "configurations_evaluated", "method", "proved_optimal"])
            .isSubset(of: o.keys))
        #expect(abs((o["losses_kw"] as? Double ?? 0) - 139.55) < 0.01)
        #expect(Set(o["open_branches"] as? [String] ?? []) == ["7-8", "9-10", "14-15", "32-33", "25-29"])
        #expect(o["method"] as? String == "exhaustive" && o["proved_optimal"] as? Bool == true)
        #expect(o["configurations_evaluated"] as? Int == 50_751 && o["vmin_bus"] as? Int == 32)
        // The heuristic says it proves nothing.
        let heuristic = try object(try CommandLineRun.run(["reconfigure", Self.feeder, "--method", "heuristic", "--json"]).standardOutput)
        #expect(heuristic["method"] as? String == "heuristic" && heuristic["proved_optimal"] as? Bool == false)
        #expect(abs((heuristic["losses_kw"] as? Double ?? 0) - 139.55) < 0.01)
    }

    @Test("The answer evaluated with powerflow --open/--close gives the same losses; a loop is refused with exit 2")
    func switchesOnPowerFlow() throws {
        let optimum = try CommandLineRun.run(["powerflow", Self.feeder, "--json", "--open", "7-8,9-10,14-15,32-33",
                                              "--close", "8-21, 9-15, 12-22, 18-33"])
        #expect(optimum.status == 0, "\(optimum.standardError)")
        #expect(abs((try object(optimum.standardOutput)["losses_kw"] as? Double ?? 0) - 139.55) < 0.01)
        let meshed = try CommandLineRun.run(["powerflow", Self.feeder, "--close", "25-29"])
        #expect(meshed.status == 2 && meshed.standardError.contains("network is meshed"), "\(meshed.standardError)")
        let unknown = try CommandLineRun.run(["opf", Self.spec, "--open", "1-33"])
        #expect(unknown.status == 2 && unknown.standardError.contains("no branch between buses 1 and 33"), "\(unknown.standardError)")
        let opf = try CommandLineRun.run(["opf", Self.spec, "--json", "--open", "9-10", "--close", "9-15"])
        #expect(opf.status == 0, "\(opf.standardError)")
    }

    @Test("Bad input exits 2 naming the problem: an unknown fixed branch, a negative load scale, --best 0, a missing file")
    func badInput() throws {
        for (arguments, message) in [
            (["--fixed", "99-100"], "no branch between buses 99 and 100"),
            (["--load-scale=-1"], "--load-scale -1.0 must be a finite number ≥ 0"),
            (["--best", "0"], "--best 0 must be ≥ 1"),
        ] {
            let result = try CommandLineRun.run(["reconfigure", Self.feeder] + arguments)
            #expect(result.status == 2 && result.standardError.contains(message), "\(arguments): \(result.standardError)")
        }
        let missing = try CommandLineRun.run(["reconfigure", "/nonexistent/feeder.m"])
        #expect(missing.status == 2 && missing.standardError.contains("/nonexistent/feeder.m"), "\(missing.standardError)")
    }
}
