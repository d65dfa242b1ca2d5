import Foundation
import Testing
@testable import Pipeline

/// Crash safety of the runner in a real child process (`pipeline-crash-harness`):
/// SIGKILL at several points, SIGTERM, and two processes on one work directory.
/// Every resumed run must end with cache entries byte-identical to an
/// uninterrupted run's.
@Suite(.serialized) struct CrashResumeTests {
    /// Four stages (a → b, c → d) of 16 KiB chunks. The harness's `--pace-ms`
    /// pauses after each chunk without changing any byte or key.
    private static let pipeline = """
        pipeline: crash
        seed: 20260525
        stages:
          a:
            kind: chunks
            params: {chunks: 6, chunkBytes: 16384}
          b:
            kind: chunks
            needs: [a]
            params: {chunks: 4, chunkBytes: 16384}
          c:
            kind: chunks
            needs: [a]
            params: {chunks: 5, chunkBytes: 16384}
          d:
            kind: chunks
            needs: [b, c]
            params: {chunks: 3, chunkBytes: 16384}
        """

    /// Cache entries of one uninterrupted run, computed once for the suite.
    private static let uninterrupted: Result<[String: Data], Error> = Result {
        let scratch = ScratchDirectory()
        let run = try HarnessProcess.runToCompletion(pipeline: scratch.write("crash.yaml", pipeline),
                                                     workDirectory: scratch.path + "/reference")
        guard run.status == 0 else { throw HarnessFailure(description: "reference run failed: \(run.lines)") }
        return treeContents(scratch.path + "/reference/stages")
    }

    private struct HarnessFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// The pipeline file in `scratch` and the reference cache entries.
    private func reference(_ scratch: ScratchDirectory) throws -> (file: String, stages: [String: Data]) {
        try #require(FileManager.default.isExecutableFile(atPath: HarnessProcess.executable),
                     "test-support binary missing at \(HarnessProcess.executable); build all targets (swift build / swift test)")
        let stages = try Self.uninterrupted.get()
        try #require(stages.count == 4 * 3, "4 entries of 2 outputs + record")
        return (scratch.write("crash.yaml", Self.pipeline), stages)
    }

    /// Kill points: mid-write of the first stage; after a stage's rename into
    /// the cache but before its latest record; mid-write of one of two
    /// concurrent stages; before the last stage starts; during its last chunk.
    @Test(arguments: ["progress a 2", "finished a", "progress b 2", "started d", "progress d 3"])
    func sigkillAtAnyPointResumesToIdenticalOutputs(killAfter trigger: String) throws {
        let scratch = ScratchDirectory()
        let (file, expected) = try reference(scratch)
        let work = scratch.path + "/work"
        let victim = try HarnessProcess(pipeline: file, workDirectory: work, extraArguments: ["--pace-ms", "20", "--hang-after", trigger])
        #expect(victim.waitForLine(trigger), "never printed '\(trigger)': \(victim.outputLines)")
        victim.send(SIGKILL)
        let killed = victim.waitForExit()
        #expect(killed.killedBySignal && killed.status == SIGKILL)
        #expect(!victim.outputLines.contains("completed"))
        if trigger.hasPrefix("progress") {
            #expect(!treeContents(work + "/incomplete").isEmpty, "killed mid-write: a partial output was left behind")
        }

        let resumed = try HarnessProcess.runToCompletion(pipeline: file, workDirectory: work)
        #expect(resumed.status == 0, "\(resumed.lines)")
        #expect(resumed.lines.contains("completed"))
        #expect(treeContents(work + "/stages") == expected)
        #expect(treeContents(work + "/incomplete").isEmpty)
    }

    @Test func repeatedSigkillsInOneWorkDirectoryStillConverge() throws {
        let scratch = ScratchDirectory()
        let (file, expected) = try reference(scratch)
        let work = scratch.path + "/work"
        // Each trigger is reached whatever the previous kills left cached.
        for trigger in ["progress a 3", "finished a", "progress c 2", "progress d 1"] {
            let victim = try HarnessProcess(pipeline: file, workDirectory: work, extraArguments: ["--pace-ms", "20", "--hang-after", trigger])
            #expect(victim.waitForLine(trigger), "never printed '\(trigger)': \(victim.outputLines)")
            victim.send(SIGKILL)
            #expect(victim.waitForExit().killedBySignal)
        }
        let resumed = try HarnessProcess.runToCompletion(pipeline: file, workDirectory: work)
        #expect(resumed.status == 0)
        #expect(resumed.lines.contains("hit a"), "work finished before the kills is not redone")
        #expect(treeContents(work + "/stages") == expected)
    }

    @Test func sigtermStopsCleanlyAndResumes() throws {
        let scratch = ScratchDirectory()
        let (file, expected) = try reference(scratch)
        let work = scratch.path + "/work"
        // Paced so that b and c have several chunks left when the signal arrives.
        let victim = try HarnessProcess(pipeline: file, workDirectory: work, extraArguments: ["--pace-ms", "200"])
        #expect(victim.waitForLine("progress b 1"))
        victim.send(SIGTERM)
        let stopped = victim.waitForExit()
        #expect(!stopped.killedBySignal && stopped.status == 130, "exits with 130 after a clean stop")
        #expect(victim.outputLines.contains("signal SIGTERM"))
        #expect(victim.errorText.contains("interrupted; completed stages stay cached (a"))
        #expect(treeContents(work + "/incomplete").isEmpty, "a clean stop removes unfinished outputs")
        let manifest = try JSONDecoder().decode(RunManifest.self, from: Data(contentsOf: URL(fileURLWithPath: work + "/runs/crash-latest.json")))
        #expect(manifest.outcome == .interrupted)

        let resumed = try HarnessProcess.runToCompletion(pipeline: file, workDirectory: work)
        #expect(resumed.status == 0)
        #expect(treeContents(work + "/stages") == expected)
    }

    @Test func secondProcessOnTheSameWorkDirectoryRefusesOrWaits() throws {
        let scratch = ScratchDirectory()
        let (file, expected) = try reference(scratch)
        let work = scratch.path + "/work"
        let first = try HarnessProcess(pipeline: file, workDirectory: work, extraArguments: ["--pace-ms", "200"])
        #expect(first.waitForLine("started a"))

        let refused = try HarnessProcess(pipeline: file, workDirectory: work)
        #expect(refused.waitForExit().status == 1)
        #expect(refused.errorText.contains("is in use by another run (pid \(first.pid), p2pgrid run \(file)"))

        let waiting = try HarnessProcess(pipeline: file, workDirectory: work, extraArguments: ["--wait"])
        #expect(first.waitForExit().status == 0)
        #expect(waiting.waitForExit().status == 0)
        #expect(waiting.outputLines.first?.hasPrefix("waiting pid \(first.pid)") == true, "\(waiting.outputLines)")
        #expect(waiting.outputLines.contains("hit d"), "the waiting run found the first run's outputs")
        #expect(treeContents(work + "/stages") == expected)
    }
}
