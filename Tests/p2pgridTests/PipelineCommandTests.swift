import Foundation
import Testing

/// The pipeline commands as a user runs them: messages on stderr, exit codes.
@Suite struct PipelineCommandTests {
    @Test func malformedPipelineExitsTwoWithLocatedMessage() throws {
        let directory = try CommandLineRun.scratchDirectory().path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "pipeline: p\nseed: 1\nstages:\n  data:\n    kind: nosuchkind\n".write(toFile: directory + "/bad.yaml", atomically: true, encoding: .utf8)
        for command in ["run", "status", "graph"] {
            let result = try CommandLineRun.run([command, "bad.yaml"], in: directory)
            #expect(result.status == 2, "\(command)")
            #expect(result.standardError.hasPrefix("p2pgrid: bad.yaml:5:11: stage 'data', field 'kind': unknown stage kind 'nosuchkind'"),
                    "\(command): \(result.standardError)")
        }
        #expect(!FileManager.default.fileExists(atPath: directory + "/.p2pgrid"), "nothing written for a rejected spec")
    }

    @Test func missingPipelineFileExitsTwo() throws {
        let directory = try CommandLineRun.scratchDirectory().path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try CommandLineRun.run(["run", "Pipelines/none.yaml", "--dry-run"], in: directory)
        #expect(result.status == 2)
        #expect(result.standardError == "p2pgrid: Pipelines/none.yaml: cannot read pipeline file: no such file\n")
    }

    @Test func cleanOnAnEmptyWorkDirectoryRemovesNothing() throws {
        let directory = try CommandLineRun.scratchDirectory().path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try CommandLineRun.run(["clean", "--keep-latest"], in: directory)
        #expect(result.status == 0)
        #expect(result.standardOutput == "removed 0 cache entries (0.0 MiB), kept 0\n")
    }
}
