import Foundation
import Testing

/// Every fuzz target's seed corpus and every input a fuzzer ever crashed on
/// (Tests/Fuzz/), replayed through the real readers by `p2pgrid-fuzz TARGET …`
/// in the ordinary build: each must end in an error or a result, never a crash.
@Suite struct FuzzRegressionTests {
    static let targets = ["matpower", "system-spec", "dataset-spec", "pipeline", "proposal", "checkpoint", "dataset"]

    @Test("Seed corpora and crash regressions run without a crash", arguments: targets)
    func replay(_ target: String) throws {
        let fuzz = try #require(CommandLineRun.executable?.deletingLastPathComponent().appendingPathComponent("p2pgrid-fuzz"),
                                "p2pgrid executable not found")
        let root = CommandLineRun.packageRoot.appendingPathComponent("Tests/Fuzz")
        let corpus = root.appendingPathComponent("corpus/\(target)").path
        let regressions = root.appendingPathComponent("regressions/\(target)").path
        let inputs = [corpus] + (FileManager.default.fileExists(atPath: regressions) ? [regressions] : [])
        let count = try inputs.reduce(0) { $0 + (try FileManager.default.contentsOfDirectory(atPath: $1).filter { !$0.hasPrefix(".") }.count) }
        #expect(count >= 2, "a seed corpus of at least two inputs")
        let run = try CommandLineRun.run(executable: fuzz, [target] + inputs, in: CommandLineRun.packageRoot)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("\(target): \(count) inputs ran without a crash"), "\(run.standardOutput)")
    }
}
