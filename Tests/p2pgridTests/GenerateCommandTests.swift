import Foundation
import HDF5Store
import Testing

/// `p2pgrid generate`, run as a user runs it.
@Suite struct GenerateCommandTests {
    let spec = CommandLineRun.packageRoot.appendingPathComponent("Datasets/specs/ieee33-stressed.yaml").path

    @Test("generate writes the documented HDF5 layout, shown by h5dump -H, and a closing summary")
    func writesDocumentedLayout() throws {
        let directory = try CommandLineRun.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("d.h5").path
        let run = try CommandLineRun.run(["generate", "--spec", spec, "--samples", "20", "--seed", "4", "--out", out, "--threads", "2"])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("OPF status: optimal 20"))
        #expect(run.standardOutput.contains("curtailed (some α < 0.999)"))
        #expect(run.standardOutput.contains("binding in solved samples: voltage"))
        #expect(run.standardError.contains("20/20 samples"))
        #expect(FileManager.default.fileExists(atPath: out + ".timings.h5"))

        let dump = Process()
        dump.executableURL = URL(fileURLWithPath: "/usr/bin/h5dump")
        dump.arguments = ["-H", out]
        let pipe = Pipe()
        dump.standardOutput = pipe
        try dump.run()
        let header = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        dump.waitUntilExit()
        #expect(dump.terminationStatus == 0)
        /// The block h5dump prints for `name` (up to the next object at the same depth).
        func block(_ name: String) -> String {
            guard let start = header.range(of: "DATASET \"\(name)\"") else { return "" }
            return String(header[start.lowerBound...].prefix(1200))
        }
        #expect(block("inputs").contains("DATASPACE  SIMPLE { ( 20, 4, 11 ) / ( 20, 4, 11 ) }"))
        #expect(block("inputs").contains("H5T_IEEE_F32LE"))
        #expect(block("targets").contains("DATASPACE  SIMPLE { ( 20, 4, 2 ) / ( 20, 4, 2 ) }"))
        #expect(block("status").contains("H5T_STD_I32LE") && block("status").contains("( 20 )"))
        #expect(block("accepted").contains("H5T_STD_U8LE"))
        #expect(block("alpha").contains("( 20, 12 )"))
        #expect(block("curtailed_kw").contains("( 20, 12 )") && block("network_charge").contains("( 20, 12 )"))
        #expect(block("binding").contains("( 20, 4 )") && block("binding").contains("H5T_STD_U8LE"))
        #expect(block("binding_constraints").contains("( 20 )") && block("exact_resolve").contains("( 20 )"))
        #expect(block("voltages").contains("( 20, 33 )"))
        for group in ["params", "proposal", "market", "opf"] { #expect(header.contains("GROUP \"\(group)\"")) }
        for attribute in ["feature_names", "feature_units", "target_names", "target_units", "config", "seed", "split", "code_version"] { #expect(header.contains("ATTRIBUTE \"\(attribute)\"")) }

        let file = try HDF5File.openReadOnly(atPath: out)
        defer { try? file.close() }
        #expect(try file.stringArrayAttribute("feature_names") == ["P_load_n", "pf", "P_net_n", "c_ls", "lambda_corr", "load_scale",
                                                                   "path_resistance_pu", "sold_to_MG1", "sold_to_MG2", "sold_to_MG3", "sold_to_MG4"])
        #expect(try file.stringArrayAttribute("target_names") == ["P_acc_n", "curtailed_n"])
        #expect(try file.stringAttribute("split") == "in_distribution")
    }

    @Test("Same seed → byte-identical file with 1 and with 2 workers")
    func reproducibleAcrossWorkerCounts() throws {
        let directory = try CommandLineRun.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var files: [Data] = []
        for workers in [1, 2] {
            let out = directory.appendingPathComponent("w\(workers).h5").path
            let run = try CommandLineRun.run(["generate", "--spec", spec, "--samples", "40", "--seed", "5", "--out", out,
                                              "--threads", String(workers)])
            #expect(run.status == 0, "\(run.standardError)")
            #expect(run.standardOutput.contains("with \(workers) worker(s)"))
            files.append(try Data(contentsOf: URL(fileURLWithPath: out)))
        }
        #expect(files[0] == files[1])
    }

    @Test("A bad spec fails before any solve with exit 2, naming file and field; nothing is written")
    func badSpecExitsTwo() throws {
        let directory = try CommandLineRun.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = try String(contentsOfFile: spec, encoding: .utf8)
            .replacingOccurrences(of: "../systems/", with: CommandLineRun.packageRoot.appendingPathComponent("Datasets/systems").path + "/")
            .replacingOccurrences(of: "perturbedShare: 0.3", with: "perturbedShare: 1.5")
        let bad = directory.appendingPathComponent("bad.yaml").path
        try text.write(toFile: bad, atomically: true, encoding: .utf8)
        let out = directory.appendingPathComponent("d.h5").path
        let run = try CommandLineRun.run(["generate", "--spec", bad, "--samples", "5", "--out", out])
        #expect(run.status == 2)
        #expect(run.standardError.contains(bad) && run.standardError.contains("scenario.perturbedShare"))
        #expect(!FileManager.default.fileExists(atPath: out))
        let unknownSplit = try CommandLineRun.run(["generate", "--spec", spec, "--samples", "5", "--out", out, "--split", "ood_moon"])
        #expect(unknownSplit.status == 2 && unknownSplit.standardError.contains("ood_moon"))
        let noSamples = try CommandLineRun.run(["generate", "--spec", spec, "--samples", "0", "--out", out])
        #expect(noSamples.status == 2 && noSamples.standardError.contains("--samples"))
    }

    @Test("market.clearing: admm generates the central market's dataset to ADMM's tolerances; a misspelt method exits 2")
    func admmClearingInASpec() throws {
        let directory = try CommandLineRun.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = try String(contentsOfFile: spec, encoding: .utf8)
            .replacingOccurrences(of: "../systems/", with: CommandLineRun.packageRoot.appendingPathComponent("Datasets/systems").path + "/")
        func write(_ name: String, _ clearing: String?) throws -> String {
            let path = directory.appendingPathComponent(name).path
            let edited = clearing.map { text.replacingOccurrences(of: "  periodHours: 1", with: "  clearing: \($0)\n  periodHours: 1") } ?? text
            #expect(clearing == nil || edited != text, "the spec has no periodHours line to put clearing beside")
            try edited.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        var files: [String] = []
        for (name, clearing) in [("central", nil), ("admm", "admm")] as [(String, String?)] {
            let out = directory.appendingPathComponent("\(name).h5").path
            let run = try CommandLineRun.run(["generate", "--spec", try write("\(name).yaml", clearing), "--samples", "32", "--seed", "5", "--out", out])
            #expect(run.status == 0, "\(run.standardError)")
            files.append(out)
        }
        let central = try HDF5File.openReadOnly(atPath: files[0]), admm = try HDF5File.openReadOnly(atPath: files[1])
        let welfare = (try central.read("/market/welfare", as: Double.self).values, try admm.read("/market/welfare", as: Double.self).values)
        #expect(welfare.0.count == 32 && welfare.1.count == 32)
        for (c, a) in zip(welfare.0, welfare.1) { #expect(abs(c - a) <= 1e-4 * abs(c) + 1e-6, "welfare \(a) vs \(c)") }
        let prices = (try central.read("/market/prices", as: Float.self).values, try admm.read("/market/prices", as: Float.self).values)
        for (c, a) in zip(prices.0, prices.1) { #expect(abs(c - a) <= 0.01, "price \(a) vs \(c)") }
        let trades = (try central.read("/proposal/trades", as: Double.self).values, try admm.read("/proposal/trades", as: Double.self).values)
        for (c, a) in zip(trades.0, trades.1) { #expect(abs(c - a) <= max(0.5, 1e-3 * c), "trade \(a) vs \(c)") }

        let misspelt = try write("bad.yaml", "centrl")
        let run = try CommandLineRun.run(["generate", "--spec", misspelt, "--samples", "4", "--out", directory.appendingPathComponent("bad.h5").path])
        #expect(run.status == 2 && run.standardError.contains("market.clearing") && run.standardError.contains("central, admm"))
    }
}
