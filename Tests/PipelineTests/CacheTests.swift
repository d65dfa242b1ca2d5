import Foundation
import Testing
@testable import Pipeline

/// The content-addressed cache: what a key covers, what re-runs when the
/// spec changes, and what `status` says about it.
@Suite struct CacheTests {
    private func run(_ spec: PipelineSpec, in scratch: ScratchDirectory, options: RunOptions = RunOptions()) throws -> RunResult {
        try PipelineRunner(spec: spec, workDirectory: scratch.path + "/work", options: options, versions: testVersions).run()
    }

    @Test func unchangedPipelineIsAllCacheHitsAndKeepsBytes() throws {
        let scratch = ScratchDirectory()
        let spec = try parseSpec(diamondPipeline(), in: scratch)
        let first = try run(spec, in: scratch)
        #expect(outcomes(first) == ["left": .miss, "right": .miss, "merged": .miss, "refined": .miss])
        let before = treeContents(scratch.path + "/work/stages")
        let second = try run(try parseSpec(diamondPipeline(), in: scratch), in: scratch)
        #expect(outcomes(second) == ["left": .hit, "right": .hit, "merged": .hit, "refined": .hit])
        #expect(treeContents(scratch.path + "/work/stages") == before)
        #expect(second.manifest.stages.map(\.outputs) == first.manifest.stages.map(\.outputs))
    }

    @Test func changingOneParameterRerunsThatStageAndDependentsOnly() throws {
        let scratch = ScratchDirectory()
        _ = try run(try parseSpec(diamondPipeline(epochs: 3), in: scratch), in: scratch)
        let changed = try run(try parseSpec(diamondPipeline(epochs: 4), in: scratch), in: scratch)
        #expect(outcomes(changed) == ["left": .hit, "right": .hit, "merged": .miss, "refined": .miss])
    }

    @Test func changingAnUpstreamParameterRerunsEverythingDownstreamButNotSiblings() throws {
        let scratch = ScratchDirectory()
        _ = try run(try parseSpec(diamondPipeline(samples: 5), in: scratch), in: scratch)
        let changed = try run(try parseSpec(diamondPipeline(samples: 6), in: scratch), in: scratch)
        #expect(outcomes(changed) == ["left": .miss, "right": .hit, "merged": .miss, "refined": .miss])
    }

    @Test func bumpingACodeVersionInvalidatesThatKindsEntries() throws {
        let scratch = ScratchDirectory()
        let original = try parseSpec(diamondPipeline(), in: scratch, registry: testRegistry(sourceCodeVersion: "1"))
        _ = try run(original, in: scratch)
        let bumped = try parseSpec(diamondPipeline(), in: scratch, registry: testRegistry(sourceCodeVersion: "2"))
        #expect(outcomes(try run(bumped, in: scratch)) == ["left": .miss, "right": .miss, "merged": .miss, "refined": .miss])
    }

    @Test func keyIgnoresSpellingButNotMeaning() throws {
        let scratch = ScratchDirectory()
        func key(_ params: String, seed: Int = 1) throws -> String {
            let spec = try parseSpec("pipeline: p\nseed: \(seed)\nstages:\n  a:\n    kind: source\n    params: \(params)\n", in: scratch)
            return CacheKey.keys(for: spec)["a"]!
        }
        let reference = try key("{samples: 3}")
        #expect(try key("{samples: 3, scale: 1}") == reference, "default written out")
        #expect(try key("{scale: 1.0, samples: 3}") == reference, "order and 1 vs 1.0")
        #expect(try key("{samples: 3, mode: fast, verbose: false, weights: []}") == reference)
        #expect(try key("{samples: 4}") != reference)
        #expect(try key("{samples: 3, weights: [0.5]}") != reference)
        #expect(try key("{samples: 3}", seed: 2) != reference, "root seed changes the derived stage seed")
    }

    @Test func keyMaterialMatchesAnIndependentSpelling() throws {
        let scratch = ScratchDirectory()
        let spec = try parseSpec("pipeline: p\nseed: 1\nstages:\n  a:\n    kind: source\n    seed: 5\n    params: {samples: 3, label: \"q\\\"t\"}\n", in: scratch)
        let expected = """
            p2pgrid-stage-key-v1
            kind "source"
            code "1"
            seed 5
            params {"label":"q\\"t","mode":"fast","samples":3,"scale":1.0,"verbose":false,"weights":[]}

            """
        #expect(CacheKey.keys(for: spec)["a"] == ContentDigest.hexDigest(of: expected))
    }

    @Test func forceRerunsOnlyTheForcedStageWithIdenticalBytes() throws {
        let scratch = ScratchDirectory()
        let spec = try parseSpec(diamondPipeline(), in: scratch)
        _ = try run(spec, in: scratch)
        let before = treeContents(scratch.path + "/work/stages")
        let forced = try run(spec, in: scratch, options: RunOptions(force: ["merged"]))
        #expect(outcomes(forced) == ["left": .hit, "right": .hit, "merged": .forced, "refined": .hit])
        #expect(treeContents(scratch.path + "/work/stages") == before)
    }

    @Test func untilRunsAncestorsOnlyAndOnlyNeedsCachedInputs() throws {
        let scratch = ScratchDirectory()
        let spec = try parseSpec(diamondPipeline(), in: scratch)
        let onlyError = pipelineErrorMessage { _ = try run(spec, in: scratch, options: RunOptions(only: "merged")) }
        #expect(onlyError?.contains("--only merged: its input stage 'left' has no cached outputs") == true, "\(onlyError ?? "nil")")

        let until = try run(spec, in: scratch, options: RunOptions(until: "merged"))
        #expect(outcomes(until) == ["left": .miss, "right": .miss, "merged": .miss, "refined": .notSelected])
        let only = try run(spec, in: scratch, options: RunOptions(only: "refined"))
        #expect(outcomes(only) == ["left": .notSelected, "right": .notSelected, "merged": .notSelected, "refined": .miss])
        let unknown = pipelineErrorMessage { _ = try run(spec, in: scratch, options: RunOptions(until: "mergd")) }
        #expect(unknown == "--until mergd: no such stage; stages: left, right, merged, refined")
    }

    @Test func statusReportsCachedStaleWithReasonsAndMissing() throws {
        let scratch = ScratchDirectory()
        let work = WorkDirectory(path: scratch.path + "/work")
        let original = try parseSpec(diamondPipeline(epochs: 3), in: scratch)
        #expect(PipelineStatus.evaluate(original, workDirectory: work).allSatisfy { $0.state == .missing(reason: "never run") })
        _ = try run(original, in: scratch)
        #expect(PipelineStatus.evaluate(original, workDirectory: work).allSatisfy { $0.state == .cached })

        let extra = "  late:\n    kind: source\n    params: {samples: 1}\n"
        let changed = try parseSpec(diamondPipeline(epochs: 7, extra: extra), in: scratch)
        let states = Dictionary(uniqueKeysWithValues: PipelineStatus.evaluate(changed, workDirectory: work).map { ($0.name, $0.state) })
        #expect(states["left"] == .cached)
        #expect(states["merged"] == .stale(reasons: ["parameter epochs changed: 3 → 7"]))
        #expect(states["refined"] == .stale(reasons: ["input 'merged' changed"]))
        #expect(states["late"] == .missing(reason: "never run"))
    }

    @Test func staleReasonsNameOnlyWhatChangedForRealParameters() throws {
        let scratch = ScratchDirectory()
        let work = WorkDirectory(path: scratch.path + "/work")
        func spec(_ params: String) throws -> PipelineSpec {
            try parseSpec("pipeline: p\nseed: 1\nstages:\n  a:\n    kind: source\n    params: \(params)\n", in: scratch)
        }
        _ = try run(try spec("{samples: 2, scale: 2, weights: [1, 0.5]}"), in: scratch)
        let samplesChanged = PipelineStatus.evaluate(try spec("{samples: 3, scale: 2.0, weights: [1.0, 0.5]}"), workDirectory: work)
        #expect(samplesChanged[0].state == .stale(reasons: ["parameter samples changed: 2 → 3"]))
        let scaleChanged = PipelineStatus.evaluate(try spec("{samples: 2, scale: 2.5, weights: [1, 0.5]}"), workDirectory: work)
        #expect(scaleChanged[0].state == .stale(reasons: ["parameter scale changed: 2 → 2.5"]))
    }

    @Test func cleanKeepLatestKeepsOnlyCurrentEntries() throws {
        let scratch = ScratchDirectory()
        let work = WorkDirectory(path: scratch.path + "/work")
        _ = try run(try parseSpec(diamondPipeline(epochs: 3), in: scratch), in: scratch)
        let current = try parseSpec(diamondPipeline(epochs: 4), in: scratch)
        _ = try run(current, in: scratch)
        #expect(work.cachedKeys().count == 6)

        // Unfinished work kept for a resume (a Slurm stage's shards) survives --keep-latest, not a full clean.
        let shards = work.persistentDirectory(key: "k", stage: "data") + "/in_distribution/shards"
        try FileManager.default.createDirectory(atPath: shards, withIntermediateDirectories: true)
        try "shard".write(toFile: shards + "/part-0.h5", atomically: true, encoding: .utf8)

        let kept = try CacheCleaner.clean(work, keepLatest: true, wait: false)
        #expect(kept.removedEntries == 2 && kept.keptEntries == 4)
        #expect(FileManager.default.fileExists(atPath: shards + "/part-0.h5"))
        #expect(Set(work.cachedKeys()) == Set(CacheKey.keys(for: current).values))
        #expect(PipelineStatus.evaluate(current, workDirectory: work).allSatisfy { $0.state == .cached })

        let all = try CacheCleaner.clean(work, keepLatest: false, wait: false)
        #expect(all.removedEntries == 4 && all.freedBytes > 0)
        #expect(work.cachedKeys().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: work.persistentRoot))
        #expect(PipelineStatus.evaluate(current, workDirectory: work).allSatisfy { $0.state == .missing(reason: "never run") })
    }

    @Test func dryRunPlanWritesNothing() throws {
        let scratch = ScratchDirectory()
        let spec = try parseSpec(diamondPipeline(), in: scratch)
        let runner = PipelineRunner(spec: spec, workDirectory: scratch.path + "/work", versions: testVersions)
        let plan = try runner.plan()
        #expect(plan.stages.map(\.decision) == [.miss, .miss, .miss, .miss])
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/work"))
    }
}
