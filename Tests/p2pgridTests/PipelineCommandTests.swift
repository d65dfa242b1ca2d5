import Foundation
import Testing

/// The pipeline commands as a user runs them: messages on stderr, exit codes.
@Suite struct PipelineCommandTests {
    private static var executable: String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("p2pgrid").path
    }

    private func p2pgrid(_ arguments: [String], in directory: String) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    private func scratch() throws -> String {
        let path = FileManager.default.temporaryDirectory.path + "/p2pgrid-cli-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func malformedPipelineExitsTwoWithLocatedMessage() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "pipeline: p\nseed: 1\nstages:\n  data:\n    kind: nosuchkind\n".write(toFile: directory + "/bad.yaml", atomically: true, encoding: .utf8)
        for command in ["run", "status", "graph"] {
            let result = try p2pgrid([command, "bad.yaml"], in: directory)
            #expect(result.status == 2, "\(command)")
            #expect(result.stderr.hasPrefix("p2pgrid: bad.yaml:5:11: stage 'data', field 'kind': unknown stage kind 'nosuchkind'"),
                    "\(command): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: directory + "/.p2pgrid"), "nothing written for a rejected spec")
    }

    @Test func missingPipelineFileExitsTwo() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try p2pgrid(["run", "Pipelines/none.yaml", "--dry-run"], in: directory)
        #expect(result.status == 2)
        #expect(result.stderr == "p2pgrid: Pipelines/none.yaml: cannot read pipeline file: no such file\n")
    }

    @Test func cleanOnAnEmptyWorkDirectoryRemovesNothing() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try p2pgrid(["clean", "--keep-latest"], in: directory)
        #expect(result.status == 0)
        #expect(result.stdout == "removed 0 cache entries (0.0 MiB), kept 0\n")
    }
}
