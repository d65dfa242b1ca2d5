import Foundation
import Testing

/// `p2pgrid check` run as a user runs it: the built binary in a subprocess, on
/// `OPFCommandTests`' three-bus feeder with microgrids at buses 2 and 3.
@Suite struct CheckCommandTests {
    static let goodProposal = """
        {"loadScale": 1.0, "sheddingPriceRsPerKW2": 0.05, "correctionPriceRsPerKW2": 1.0,
         "microgrids": [{"bus": 2, "powerFactor": 0.95}, {"bus": 3, "powerFactor": 0.9}],
         "trades": [{"seller": 0, "buyer": 1, "kW": 50.0}, {"seller": 1, "buyer": 0, "kW": 20.0}],
         "curtailmentPriceRsPerKWh": 40.0, "vollRsPerKWh": 200.0}
        """

    /// A scratch directory with the case `caseText` as `tiny3.m` and the proposal as `p.json`.
    static func inputs(case caseText: String = OPFCommandTests.feeder(), proposal: String = goodProposal) throws
        -> (directory: URL, casePath: String, proposalPath: String) {
        let (directory, casePath) = try OPFCommandTests.caseFile(caseText)
        let proposalPath = directory.appendingPathComponent("p.json").path
        try proposal.write(toFile: proposalPath, atomically: true, encoding: .utf8)
        return (directory, casePath, proposalPath)
    }

    static func check(case caseText: String = OPFCommandTests.feeder(), proposal: String, json: Bool = true) throws -> CommandLineRun {
        let input = try inputs(case: caseText, proposal: proposal)
        defer { try? FileManager.default.removeItem(at: input.directory) }
        return try CommandLineRun.run(["check", input.casePath, "--proposal", input.proposalPath] + (json ? ["--json"] : []))
    }

    @Test func jsonAnswersAGoodProposalWithEveryKey() throws {
        let run = try Self.check(proposal: Self.goodProposal)
        #expect(run.status == 0, "\(run.standardError)")
        let json = try OPFCommandTests.object(run.standardOutput)
        for key in ["status", "objective_rs_per_h", "accepted", "alpha", "curtailed_kw", "p_acc_kw", "curtailed", "shed_kw",
                    "vmin_pu", "vmin_bus", "vmax_pu", "vmax_bus", "binding", "dlmp_rs_per_kwh", "network_charge_rs_per_h",
                    "relaxation_gap", "iterations", "formulation", "exact_resolve"] {
            #expect(json[key] != nil, "missing \(key)")
        }
        #expect(json["status"] as? String == "optimal")
        #expect(json["formulation"] as? String == "socp")
        #expect(json["exact_resolve"] as? Bool == false)
        #expect(json["accepted"] as? Bool == true)
        let alpha = try #require(json["alpha"] as? [Double])
        #expect(alpha.count == 2 && alpha.allSatisfy { $0 >= 0.999 })
        #expect(try #require(json["curtailed"] as? [Bool]) == [false, false])
        let injection = try #require(json["p_acc_kw"] as? [Double])
        #expect(abs(injection[0] - (50 * alpha[0] - 20 * alpha[1])) < 1e-9)
        #expect(abs(injection.reduce(0, +)) < 1e-9)
        // The network charge is the DLMP spread times the accepted power, trade by trade.
        let dlmp = try #require(json["dlmp_rs_per_kwh"] as? [Double])
        let charge = try #require(json["network_charge_rs_per_h"] as? [Double])
        #expect(abs(charge[0] - (dlmp[1] - dlmp[0]) * alpha[0] * 50) < 1e-9)
        #expect(abs(charge[1] - (dlmp[0] - dlmp[1]) * alpha[1] * 20) < 1e-9)
        // Only the bus-3 unit's limits bind: cheaper than import, it runs flat out, and its
        // reactive output, which saves losses, is at its maximum too.
        #expect(try #require(json["binding"] as? [String]) == ["gen 3 Pmax", "gen 3 Qmax"])
    }

    @Test func theTableAndTheExactFormulation() throws {
        let table = try Self.check(proposal: Self.goodProposal, json: false)
        #expect(table.status == 0)
        #expect(table.standardOutput.contains("proposal accepted"))
        #expect(table.standardOutput.contains("DLMP"))
        let input = try Self.inputs()
        defer { try? FileManager.default.removeItem(at: input.directory) }
        let exact = try CommandLineRun.run(["check", input.casePath, "--proposal", input.proposalPath, "--json", "--formulation", "exact"])
        #expect(exact.status == 0)
        #expect(try OPFCommandTests.object(exact.standardOutput)["formulation"] as? String == "exact")
    }

    /// A trade larger than a rated branch carries is curtailed and the branch is named.
    @Test func aCurtailedProposalNamesTheBindingBranch() throws {
        let rated = OPFCommandTests.feeder().replacingOccurrences(of: "\t2\t3\t0.03\t0.05\t0\t0\t", with: "\t2\t3\t0.03\t0.05\t0\t2\t")
        let proposal = Self.goodProposal.replacingOccurrences(of: "\"kW\": 50.0", with: "\"kW\": 3000.0")
        let run = try Self.check(case: rated, proposal: proposal)
        #expect(run.status == 0)
        let json = try OPFCommandTests.object(run.standardOutput)
        #expect(json["accepted"] as? Bool == false)
        #expect(try #require(json["binding"] as? [String]).contains("branch 2-3 rateA"))
        #expect(try #require(json["curtailed_kw"] as? [Double])[0] > 1)
    }

    /// Good proposal with `old` replaced by `new`.
    static func edited(_ old: String, _ new: String) -> String {
        goodProposal.replacingOccurrences(of: old, with: new)
    }

    /// Bad proposals with the message each must produce: one per category of bad input.
    static let badProposals: [(proposal: String, message: String)] = [
        ("{\"loadScale\": 1.0,", "not valid JSON"),
        (edited("\"loadScale\": 1.0", "\"loadScale\": 1.0, \"extra\": 1"), "field 'extra'"),
        (edited("\"correctionPriceRsPerKW2\": 1.0,", ""), "field 'correctionPriceRsPerKW2': missing"),
        (edited("\"loadScale\": 1.0", "\"loadScale\": \"1\""), "field 'loadScale'"),
        (edited("\"kW\": 50.0", "\"kW\": true"), "field 'trades[0].kW': true must be a number"),
        (edited("{\"seller\": 0, \"buyer\": 1, \"kW\": 50.0}", "{\"seller\": 0, \"kW\": 50.0}"),
         "field 'trades[0].buyer': missing"),
        (edited("\"bus\": 3", "\"bus\": 77"), "field 'microgrids[1].bus'"),
        (edited("\"seller\": 0, \"buyer\": 1", "\"seller\": 1, \"buyer\": 1"), "field 'trades[0].buyer'"),
        (edited("\"seller\": 0, \"buyer\": 1", "\"seller\": 5, \"buyer\": 1"), "field 'trades[0].seller'"),
        (edited("\"seller\": 0, \"buyer\": 1", "\"seller\": 0.5, \"buyer\": 1"), "field 'trades[0].seller'"),
        (edited("\"kW\": 50.0", "\"kW\": -3"), "field 'trades[0].kW': -3 must be ≥ 0"),
        (edited("\"kW\": 50.0", "\"kW\": NaN"), "not valid JSON"),
        (edited("\"kW\": 50.0", "\"kW\": 1e999"), "not valid JSON"),
        (edited("\"vollRsPerKWh\": 200.0", "\"vollRsPerKWh\": -1"), "field 'vollRsPerKWh'"),
        (edited("\"sheddingPriceRsPerKW2\": 0.05", "\"sheddingPriceRsPerKW2\": -0.05"),
         "field 'sheddingPriceRsPerKW2'"),
        (edited("\"powerFactor\": 0.95", "\"powerFactor\": 1.2"), "field 'microgrids[0].powerFactor'"),
        (edited("\"powerFactor\": 0.95", "\"powerFactor\": 0"), "field 'microgrids[0].powerFactor'"),
        (edited("\"trades\": [{\"seller\": 0, \"buyer\": 1, \"kW\": 50.0}, {\"seller\": 1, \"buyer\": 0, \"kW\": 20.0}]",
                "\"trades\": {\"seller\": 0}"), "field 'trades': must be an array"),
        ("[1, 2]", "must hold one JSON object"),
        (String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000), "nested"),
        (String(repeating: "{\"a\":", count: 50_000) + "1" + String(repeating: "}", count: 50_000), "nested"),
    ]

    /// Each bad proposal exits 2 with the file and the field on stderr and nothing on stdout.
    @Test(arguments: badProposals)
    func aBadProposalExitsTwoNamingFileAndField(proposal: String, message: String) throws {
        let run = try Self.check(proposal: proposal)
        #expect(run.status == 2)
        #expect(run.standardError.contains("p2pgrid check: "))
        #expect(run.standardError.contains("p.json"))
        #expect(run.standardError.contains(message), "\(run.standardError)")
        #expect(run.standardOutput.isEmpty)
    }

    /// A malformed, meshed or cost-less case exits 2 naming the case file.
    @Test(arguments: [
        ("function mpc = tiny3\nmpc.bus = [1 2;\n", "syntax error"),
        (OPFCommandTests.feeder().replacingOccurrences(of: "mpc.branch = [\n", with: "mpc.branch = [\n\t1\t3\t0.02\t0.04\t0\t0\t0\t0\t0\t0\t1\t-360\t360;\n"),
         "radial"),
        (OPFCommandTests.feeder().replacingOccurrences(of: "mpc.gencost = [\n\t2\t0\t0\t3\t0\t20\t0;\n\t2\t0\t0\t3\t1\t10\t0;\n];", with: ""),
         "gencost"),
    ])
    func aBadCaseExitsTwoNamingTheCaseFile(caseText: String, message: String) throws {
        let run = try Self.check(case: caseText, proposal: Self.goodProposal)
        #expect(run.status == 2)
        #expect(run.standardError.contains("tiny3.m"), "\(run.standardError)")
        #expect(run.standardError.contains(message), "\(run.standardError)")
        #expect(run.standardOutput.isEmpty)
    }

    /// Without a linear import cost the default prices cannot be derived: exit 2 naming the
    /// proposal fields that would supply them; with both given the check runs.
    @Test func aCaseWithoutAnImportPriceNeedsExplicitPrices() throws {
        let free = OPFCommandTests.feeder().replacingOccurrences(of: "\t2\t0\t0\t3\t0\t20\t0;", with: "\t2\t0\t0\t3\t1\t0\t0;")
        let implicit = Self.goodProposal.replacingOccurrences(of: ",\n \"curtailmentPriceRsPerKWh\": 40.0, \"vollRsPerKWh\": 200.0", with: "")
        let run = try Self.check(case: free, proposal: implicit)
        #expect(run.status == 2)
        #expect(run.standardError.contains("tiny3.m"))
        #expect(run.standardError.contains("vollRsPerKWh") && run.standardError.contains("curtailmentPriceRsPerKWh"))
        #expect(try Self.check(case: free, proposal: Self.goodProposal).status == 0)
    }

    /// Bus limits no dispatch can meet (Vmin 1.09 p.u. against a 1.0 p.u. substation): the JSON
    /// still comes, with the solver's status, and the exit status is 3.
    @Test func anInfeasibleCheckPrintsItsStatusAndExitsThree() throws {
        let proposal = Self.goodProposal.replacingOccurrences(of: "\"kW\": 50.0", with: "\"kW\": 0.0")
            .replacingOccurrences(of: "\"kW\": 20.0", with: "\"kW\": 0.0")
        let run = try Self.check(case: OPFCommandTests.feeder(vmin: 1.09, pmax2: 0), proposal: proposal)
        #expect(run.status == 3)
        let json = try OPFCommandTests.object(run.standardOutput)
        #expect(json["status"] as? String != "optimal")
        #expect(json["alpha"] as? [Double] == [])
    }

    @Test func aBadFormulationExitsTwo() throws {
        let input = try Self.inputs()
        defer { try? FileManager.default.removeItem(at: input.directory) }
        let run = try CommandLineRun.run(["check", input.casePath, "--proposal", input.proposalPath, "--formulation", "dc"])
        #expect(run.status == 2)
        #expect(run.standardError.contains("--formulation"))
    }

    /// The reconfiguration lever on the shipped 33-bus system. 3 MW drawn at bus 32 at load scale 1.2 is curtailed on
    /// the branch into bus 32 in every topology: the DSO solves the case's and its three alternatives and keeps its own.
    /// 600 kW from bus 22 to bus 17 at load scale 1.1 is curtailed in the case's topology and accepted on an alternative:
    /// the answer names it, and the same proposal checked on that configuration alone (--open/--close) gives the same OPF.
    @Test func theReconfigurationLeverNamesItsTopology() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("p2pgrid-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        func proposal(seller: Int, buyer: Int, kW: Double, loadScale: Double) throws -> String {
            let path = directory.appendingPathComponent("p-\(seller)-\(buyer).json").path
            try """
                {"loadScale": \(loadScale), "sheddingPriceRsPerKW2": 0.005, "correctionPriceRsPerKW2": 0.1,
                 "microgrids": [{"bus": \(seller), "powerFactor": 0.95}, {"bus": \(buyer), "powerFactor": 0.95}],
                 "trades": [{"seller": 0, "buyer": 1, "kW": \(kW)}]}
                """.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let spec = PowerFlowCommandTests.spec
        func check(_ proposal: String, _ extra: [String] = []) throws -> [String: Any] {
            let run = try CommandLineRun.run(["check", spec, "--proposal", proposal, "--json"] + extra)
            #expect(run.status == 0, "\(run.standardError)")
            return try OPFCommandTests.object(run.standardOutput)
        }
        let ties = ["8-21", "9-15", "12-22", "18-33", "25-29"]
        let heavy = try proposal(seller: 17, buyer: 32, kW: 3000, loadScale: 1.2)
        let plain = try check(heavy)
        #expect(plain["accepted"] as? Bool == false && plain["reconfigured"] as? Bool == false && plain["opf_solves"] as? Int == 1)
        #expect(plain["open_branches"] as? [String] == ties)
        let kept = try check(heavy, ["--reconfigure", "3"])
        #expect(kept["opf_solves"] as? Int == 4 && kept["reconfigured"] as? Bool == false && kept["open_branches"] as? [String] == ties)
        #expect(kept["objective_rs_per_h"] as? Double == plain["objective_rs_per_h"] as? Double)

        let relieved = try proposal(seller: 22, buyer: 17, kW: 600, loadScale: 1.1)
        #expect(try check(relieved)["accepted"] as? Bool == false)
        let lever = try check(relieved, ["--reconfigure", "3"])
        #expect(lever["accepted"] as? Bool == true && lever["reconfigured"] as? Bool == true && lever["opf_solves"] as? Int == 4)
        let open = try #require(lever["open_branches"] as? [String])
        #expect(open.count == ties.count && open != ties)
        let alone = try check(relieved, ["--open", open.filter { !ties.contains($0) }.joined(separator: ","),
                                         "--close", ties.filter { !open.contains($0) }.joined(separator: ",")])
        #expect(alone["accepted"] as? Bool == true && alone["reconfigured"] as? Bool == false && alone["open_branches"] as? [String] == open)
        let cost = try #require(lever["objective_rs_per_h"] as? Double), aloneCost = try #require(alone["objective_rs_per_h"] as? Double)
        #expect(abs(cost - aloneCost) <= 1e-6 * abs(aloneCost), "\(cost) vs \(aloneCost)")

        let table = try CommandLineRun.run(["check", spec, "--proposal", relieved, "--reconfigure", "3"])
        #expect(table.standardOutput.contains("topology: reconfigured (open ") && table.standardOutput.contains("4 OPFs"))
        let negative = try CommandLineRun.run(["check", spec, "--proposal", relieved, "--reconfigure=-1"])
        #expect(negative.status == 2 && negative.standardError.contains("--reconfigure"))
    }
}
