import Foundation
import Testing

/// `p2pgrid powerflow` run as a user runs it: the built binary as a subprocess.
@Suite struct PowerFlowCommandTests {
    static let feeder = CommandLineRun.packageRoot.appendingPathComponent("Datasets/feeders/ieee33bw.m").path
    static let spec = CommandLineRun.packageRoot.appendingPathComponent("Datasets/systems/ieee33-modified.yaml").path

    @Test func jsonIsExactlyOneObjectWithThePublishedFigures() throws {
        let result = try CommandLineRun.run(["powerflow", Self.feeder, "--json"])
        #expect(result.status == 0)
        let lines = result.standardOutput.split(separator: "\n")
        #expect(lines.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["buses", "branches", "converged", "iterations", "losses_kw", "losses_kvar", "vmin_pu",
                                     "vmin_bus", "vmax_pu", "vmax_bus", "substation_p_mw", "substation_q_mvar"])
        #expect(object["buses"] as? Int == 33 && object["branches"] as? Int == 37)
        #expect(object["converged"] as? Bool == true)
        #expect(abs((object["losses_kw"] as? Double ?? 0) - 202.68) <= 0.05)
        #expect(abs((object["vmin_pu"] as? Double ?? 0) - 0.9131) <= 0.0002)
        #expect(object["vmin_bus"] as? Int == 18 && object["vmax_bus"] as? Int == 1)
        // Substation supplies load + losses.
        let substation = object["substation_p_mw"] as? Double ?? 0
        #expect(abs(substation - 3.715 - (object["losses_kw"] as? Double ?? 0) / 1000) <= 1e-9)
    }

    @Test func loadScaleAndSpecInput() throws {
        let nominal = try CommandLineRun.run(["powerflow", Self.spec, "--json"])
        let light = try CommandLineRun.run(["powerflow", Self.spec, "--json", "--load-scale", "0.5"])
        #expect(nominal.status == 0 && light.status == 0)
        let a = try #require(try JSONSerialization.jsonObject(with: Data(nominal.standardOutput.utf8)) as? [String: Any])
        let b = try #require(try JSONSerialization.jsonObject(with: Data(light.standardOutput.utf8)) as? [String: Any])
        let lossesFull = try #require(a["losses_kw"] as? Double), lossesHalf = try #require(b["losses_kw"] as? Double)
        // Losses grow roughly with the square of the load: a quarter, a little less at the higher voltages of light load.
        #expect(lossesHalf / lossesFull > 0.2 && lossesHalf / lossesFull < 0.25)
    }

    @Test func summaryIsReadable() throws {
        let result = try CommandLineRun.run(["powerflow", Self.feeder])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("ieee33bw: 33 buses, 37 branches (5 open)"))
        #expect(result.standardOutput.contains("losses            202.68 kW"))
        #expect(result.standardOutput.contains("Vmin 0.91309 p.u. at bus 18"))
    }

    @Test func badInputExitsWithStatus2AndAMessage() throws {
        let directory = try CommandLineRun.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let original = try String(contentsOfFile: Self.feeder, encoding: .utf8)
        let meshed = directory.appendingPathComponent("meshed.m").path
        try original.replacingOccurrences(of: "\t0\t-360\t360;\t% tie switch 33", with: "\t1\t-360\t360;\t% tie switch 33")
            .write(toFile: meshed, atomically: true, encoding: .utf8)
        let unsupported = directory.appendingPathComponent("unsupported.m").path
        try (original + "\nplot(mpc.bus(:, PD));\n").write(toFile: unsupported, atomically: true, encoding: .utf8)

        let islanded = directory.appendingPathComponent("islanded.m").path
        try original.replacingOccurrences(of: "\t1\t-360\t360;\t% line 18", with: "\t0\t-360\t360;\t% line 18")
            .write(toFile: islanded, atomically: true, encoding: .utf8)
        let duplicate = directory.appendingPathComponent("duplicate.m").path
        try original.replacingOccurrences(of: "\t33\t1\t60\t40", with: "\t32\t1\t60\t40")
            .write(toFile: duplicate, atomically: true, encoding: .utf8)
        let badSpec = directory.appendingPathComponent("spec.yaml").path
        try String(contentsOfFile: Self.spec, encoding: .utf8)
            .replacingOccurrences(of: "../feeders/ieee33bw.m", with: Self.feeder)
            .replacingOccurrences(of: "bus: 25", with: "bus: 250")
            .write(toFile: badSpec, atomically: true, encoding: .utf8)

        let cases: [([String], String)] = [
            (["powerflow", meshed], "network is meshed: loop through buses"),
            (["powerflow", islanded], "bus(es) 19, 20, 21, 22 not connected to a slack bus"),
            (["powerflow", duplicate], "line 57, bus row 33: duplicate bus id 32"),
            (["powerflow", badSpec], "microgrids.list[2].bus: bus 250 is not in the feeder"),
            (["powerflow", unsupported], "unsupported MATLAB statement `plot"),
            (["powerflow", directory.appendingPathComponent("absent.m").path], "cannot read"),
            (["powerflow", Self.feeder, "--load-scale=-1"], "--load-scale -1.0 must be a finite number ≥ 0"),
        ]
        for (arguments, message) in cases {
            let result = try CommandLineRun.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.standardError.contains(message), "\(result.standardError)")
            #expect(result.standardOutput.isEmpty)
        }
    }

    @Test func nonConvergenceExitsWithStatus1() throws {
        let result = try CommandLineRun.run(["powerflow", Self.feeder, "--load-scale", "50", "--json"])
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(object["converged"] as? Bool == false)
        #expect(result.standardError.contains("did not converge"))
    }
}
