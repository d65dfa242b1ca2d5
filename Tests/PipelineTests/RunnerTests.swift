import Foundation
import Testing
@testable import Pipeline

/// The runner: concurrency of independent stages, determinism across job
/// counts, the work-directory lock, clean stops, the output contract,
/// report publication and the provenance manifest.
@Suite struct RunnerTests {
    private static let threeRendezvous = """
        pipeline: meet
        seed: 3
        stages:
          r1:
            kind: rendezvous
            params: {id: 1}
          r2:
            kind: rendezvous
            params: {id: 2}
          r3:
            kind: rendezvous
            params: {id: 3}
        """

    @Test func independentStagesRunConcurrentlyUpToJobs() throws {
        let scratch = ScratchDirectory()
        let barrier = Barrier(parties: 2)
        let spec = try parseSpec(Self.threeRendezvous, in: scratch, registry: testRegistry(rendezvous: barrier))
        let result = try PipelineRunner(spec: spec, workDirectory: scratch.path + "/work", options: RunOptions(jobs: 2),
                                        versions: testVersions).run()
        #expect(outcomes(result) == ["r1": .miss, "r2": .miss, "r3": .miss])
        #expect(barrier.peakInside == 2, "two stages met inside the barrier, never three with --jobs 2")
    }

    @Test func oneJobRunsStagesOneAtATime() throws {
        let scratch = ScratchDirectory()
        // With one job the parties can never meet, whatever the timeout, so the barrier gives up and the stage fails.
        let barrier = Barrier(parties: 2, timeoutSeconds: 0.3)
        let spec = try parseSpec(Self.threeRendezvous, in: scratch, registry: testRegistry(rendezvous: barrier))
        let runner = PipelineRunner(spec: spec, workDirectory: scratch.path + "/work", options: RunOptions(jobs: 1), versions: testVersions)
        let message = pipelineErrorMessage { try runner.run() }
        #expect(message?.contains("barrier timed out") == true, "\(message ?? "nil")")
        #expect(barrier.peakInside == 1)
    }

    @Test func outputsAreByteIdenticalWhateverTheJobCount() throws {
        let scratch = ScratchDirectory()
        let spec = try parseSpec(diamondPipeline(), in: scratch)
        _ = try PipelineRunner(spec: spec, workDirectory: scratch.path + "/serial", options: RunOptions(jobs: 1), versions: testVersions).run()
        _ = try PipelineRunner(spec: spec, workDirectory: scratch.path + "/parallel", options: RunOptions(jobs: 4), versions: testVersions).run()
        let serial = treeContents(scratch.path + "/serial/stages")
        #expect(serial.count == 2 * (2 + 1) + 2 * (1 + 1), "combine writes 2 files + record, source 1 + record")
        #expect(serial == treeContents(scratch.path + "/parallel/stages"))
    }

    @Test func stagesSharingAKeyShareOneCacheEntry() throws {
        let scratch = ScratchDirectory()
        let twin = "    kind: source\n    seed: 5\n    params: {samples: 3}\n"
        let spec = try parseSpec("pipeline: p\nseed: 1\nstages:\n  one:\n" + twin + "  two:\n" + twin, in: scratch)
        let work = WorkDirectory(path: scratch.path + "/work")
        let result = try PipelineRunner(spec: spec, workDirectory: work.path, options: RunOptions(jobs: 2), versions: testVersions).run()
        #expect(result.manifest.stages[0].key == result.manifest.stages[1].key)
        #expect(result.manifest.stages[0].outputs == result.manifest.stages[1].outputs)
        #expect(work.cachedKeys().count == 1)
        #expect(treeContents(work.incompleteDirectory).isEmpty)
    }

    @Test func secondRunOnALockedWorkDirectoryRefusesWithAMessage() throws {
        let scratch = ScratchDirectory()
        let work = WorkDirectory(path: scratch.path + "/work")
        let holder = try WorkDirectoryLock(workDirectory: work, purpose: "p2pgrid run other.yaml", wait: false)
        let spec = try parseSpec(diamondPipeline(), in: scratch)
        let message = pipelineErrorMessage {
            try PipelineRunner(spec: spec, workDirectory: work.path, versions: testVersions).run()
        }
        #expect(message?.contains("work directory \(work.path) is in use by another run (pid \(getpid()), p2pgrid run other.yaml") == true,
                "\(message ?? "nil")")
        #expect(work.cachedKeys().isEmpty, "the refused run wrote no cache entry")
        holder.release()
        #expect(outcomes(try PipelineRunner(spec: spec, workDirectory: work.path, versions: testVersions).run()).values.allSatisfy { $0 == .miss })
    }

    @Test func waitingRunProceedsOnceTheLockIsReleased() throws {
        let scratch = ScratchDirectory()
        let work = WorkDirectory(path: scratch.path + "/work")
        let holder = try WorkDirectoryLock(workDirectory: work, purpose: "first run", wait: false)
        let spec = try parseSpec(diamondPipeline(), in: scratch)
        let waiting = Barrier(parties: 2)
        let finished = Barrier(parties: 2)
        let outcome = LockedBox<Result<RunResult, Error>?>(nil)
        let thread = Thread {
            let runner = PipelineRunner(spec: spec, workDirectory: work.path, options: RunOptions(waitForLock: true),
                                        versions: testVersions) { event in
                if case .waitingForLock(let holderText) = event, holderText.contains("first run") { try? waiting.arriveAndWait() }
            }
            outcome.set(Result { try runner.run() })
            try? finished.arriveAndWait()
        }
        thread.start()
        try waiting.arriveAndWait()
        #expect(outcome.get() == nil, "still waiting while the lock is held")
        holder.release()
        try finished.arriveAndWait()
        let result = try #require(outcome.get()).get()
        #expect(result.manifest.outcome == .completed)
    }

    @Test func cancellationStopsCleanlyAndTheNextRunResumes() throws {
        let scratch = ScratchDirectory()
        let started = Barrier(parties: 2)
        // A barrier counts arrivals once: a second use of `started` would not wait, so the return has its own.
        let returned = Barrier(parties: 2)
        let yaml = """
            pipeline: slow
            seed: 1
            stages:
              quick:
                kind: source
                params: {samples: 2}
              slow:
                kind: sleeper
                needs: [quick]
                params: {steps: 3000}
            """
        let spec = try parseSpec(yaml, in: scratch, registry: testRegistry(sleeperStarted: started))
        let work = WorkDirectory(path: scratch.path + "/work")
        let cancellation = CancellationFlag()
        let outcome = LockedBox<String?>(nil)
        let thread = Thread {
            outcome.set(pipelineErrorMessage {
                try PipelineRunner(spec: spec, workDirectory: work.path, versions: testVersions, cancellation: cancellation).run()
            })
            try? returned.arriveAndWait()
        }
        thread.start()
        try started.arriveAndWait()  // the sleeper is inside run(), its partial file written
        cancellation.cancel()
        try returned.arriveAndWait()  // the runner has returned
        #expect(outcome.get() == "interrupted; completed stages stay cached (quick); re-run to resume")
        #expect(treeContents(work.incompleteDirectory).isEmpty, "no half-written outputs remain")
        #expect(work.cachedKeys().count == 1)
        let manifest = try JSONDecoder().decode(RunManifest.self, from: Data(contentsOf: URL(fileURLWithPath: work.runsDirectory + "/slow-latest.json")))
        #expect(manifest.outcome == .interrupted)
        #expect(manifest.stages.map(\.cache) == [.miss, .notRun])

        let quickSpec = try parseSpec(yaml.replacingOccurrences(of: "steps: 3000", with: "steps: 2"), in: scratch)
        let resumed = try PipelineRunner(spec: quickSpec, workDirectory: work.path, versions: testVersions).run()
        #expect(outcomes(resumed) == ["quick": .hit, "slow": .miss])
    }

    @Test(arguments: [
        ("undeclared", "must write exactly its declared outputs; missing: ; undeclared: stray.tmp"),
        ("missing", "must write exactly its declared outputs; missing: out.txt; undeclared: "),
        ("escapes", "tried to write undeclared output '../elsewhere.txt'"),
        ("throws", "stage 'bad' (kind misbehaving) failed: solver diverged at iteration 7"),
    ])
    func brokenStagesLeaveNothingInTheCache(behaviour: String, expected: String) throws {
        let scratch = ScratchDirectory()
        let spec = try parseSpec("pipeline: p\nseed: 1\nstages:\n  bad:\n    kind: misbehaving\n    params: {behaviour: \(behaviour)}\n  fine:\n    kind: source\n    params: {samples: 1}\n", in: scratch)
        let work = WorkDirectory(path: scratch.path + "/work")
        let message = pipelineErrorMessage { try PipelineRunner(spec: spec, workDirectory: work.path, versions: testVersions).run() }
        #expect(message?.contains(expected) == true, "\(message ?? "nil")")
        #expect(treeContents(work.incompleteDirectory).isEmpty)
        #expect(work.cachedKeys().allSatisfy { work.cachedRecord(key: $0)?.kind == "source" })
    }

    @Test func reportStagesArePublishedAtomicallyAndRepublishedWhenChanged() throws {
        let scratch = ScratchDirectory()
        let reports = scratch.path + "/Reports"
        func yaml(_ title: String) -> String {
            diamondPipeline(extra: "  report:\n    kind: report\n    needs: [merged, refined]\n    params: {title: \(title)}\n")
        }
        let options = RunOptions(reportsDirectory: reports)
        let first = try PipelineRunner(spec: try parseSpec(yaml("First"), in: scratch), workDirectory: scratch.path + "/work",
                                       options: options, versions: testVersions).run()
        let published = treeContents(reports + "/diamond")
        #expect(Set(published.keys) == ["report.md", "tables/results.csv"])
        #expect(String(decoding: published["report.md"]!, as: UTF8.self).hasPrefix("# First\n"))
        #expect(first.manifest.stages.last?.publishedTo == reports + "/diamond")

        try FileManager.default.removeItem(atPath: reports + "/diamond/report.md")
        _ = try PipelineRunner(spec: try parseSpec(yaml("First"), in: scratch), workDirectory: scratch.path + "/work",
                               options: options, versions: testVersions).run()
        #expect(treeContents(reports + "/diamond") == published, "a cache hit repairs the published copy")

        _ = try PipelineRunner(spec: try parseSpec(yaml("Second"), in: scratch), workDirectory: scratch.path + "/work",
                               options: options, versions: testVersions).run()
        #expect(String(decoding: treeContents(reports + "/diamond")["report.md"]!, as: UTF8.self).hasPrefix("# Second\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: reports) == ["diamond"], "no hidden leftovers")
    }

    @Test func manifestRecordsProvenance() throws {
        let scratch = ScratchDirectory()
        let file = scratch.write("pipeline.yaml", diamondPipeline())
        let spec = try PipelineSpecParser(registry: testRegistry()).parse(file: file)
        let versions = ToolVersions(swift: "6.3", hdf5: "1.10.8", ipopt: "3.11.9", openblas: "0.3.21", gitCommit: "abc123", gitDirty: false)
        let result = try PipelineRunner(spec: spec, workDirectory: scratch.path + "/work", options: RunOptions(jobs: 2), versions: versions).run()
        let written = try JSONDecoder().decode(RunManifest.self, from: Data(contentsOf: URL(fileURLWithPath: result.manifestPath)))
        #expect(written.pipelineFileSHA256 == ContentDigest.hexDigest(of: [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))))
        #expect(written.seed == 42 && written.jobs == 2 && written.outcome == .completed)
        #expect(written.versions == versions)
        let keys = CacheKey.keys(for: spec)
        #expect(Dictionary(uniqueKeysWithValues: written.stages.map { ($0.name, $0.key) }) == keys)
        let merged = try #require(written.stages.first { $0.name == "merged" })
        #expect(merged.parameters == ["epochs": .int(3)])
        #expect(merged.seed == PipelineSpec.derivedSeed(rootSeed: 42, stageName: "merged"))
        #expect(merged.inputs == ["parts": ["left", "right"], "model": []])
        let summaryPath = WorkDirectory(path: scratch.path + "/work").entryDirectory(key: keys["merged"]!) + "/summary.txt"
        #expect(merged.outputs["summary.txt"] == ContentDigest.hexDigest(of: [UInt8](try Data(contentsOf: URL(fileURLWithPath: summaryPath)))))
        #expect(written.stages.allSatisfy { $0.cache == .miss && $0.wallTimeSeconds >= 0 })
    }
}

/// A value shared between a test and a thread it starts.
final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    func get() -> Value {
        lock.withLock { value }
    }

    func set(_ newValue: Value) {
        lock.withLock { value = newValue }
    }
}
