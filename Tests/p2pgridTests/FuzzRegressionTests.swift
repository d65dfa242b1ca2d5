import Foundation
import Testing

/// Every fuzz target's seed corpus (the shipped files of its kind and
/// Tests/Fuzz/corpus/) and every input a fuzzer ever crashed on
/// (Tests/Fuzz/regressions/), replayed through the real readers by `p2pgrid-fuzz TARGET …`
/// in the ordinary build: each must end in an error or a result, never a crash.
@Suite struct FuzzRegressionTests {
    static let targets = ["matpower", "system-spec", "dataset-spec", "pipeline", "proposal", "checkpoint", "dataset"]
    /// The shipped files each text target also starts from (as scripts/fuzz passes them).
    static let shipped = ["matpower": "Datasets/feeders", "system-spec": "Datasets/systems", "dataset-spec": "Datasets/specs",
                          "pipeline": "Pipelines"]

    @Test("Seed corpora and crash regressions run without a crash", arguments: targets)
    func replay(_ target: String) throws {
        let fuzz = try #require(CommandLineRun.executable?.deletingLastPathComponent().appendingPathComponent("p2pgrid-fuzz"),
                                "p2pgrid executable not found")
        let package = CommandLineRun.packageRoot
        let inputs = ([Self.shipped[target]].compactMap { $0 } + ["Tests/Fuzz/corpus/\(target)", "Tests/Fuzz/regressions/\(target)"])
            .map { package.appendingPathComponent($0).path }
            .filter { FileManager.default.fileExists(atPath: $0) }
        let count = try inputs.reduce(0) { $0 + (try FileManager.default.contentsOfDirectory(atPath: $1).filter { !$0.hasPrefix(".") }.count) }
        #expect(count >= 2, "a seed corpus of at least two inputs")
        let run = try CommandLineRun.run(executable: fuzz, [target] + inputs, in: CommandLineRun.packageRoot)
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("\(target): \(count) inputs ran without a crash"), "\(run.standardOutput)")
    }
}
