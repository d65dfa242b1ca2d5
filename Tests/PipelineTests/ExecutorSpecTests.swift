import Testing
import Slurm
@testable import Pipeline

/// `executor:` and `slurm:` in pipeline files (DESIGN.md §10, issue 15).
@Suite struct ExecutorSpecTests {
    let stages = "stages:\n  a:\n    kind: source\n    params: {samples: 3}\n  b:\n    kind: combine\n    needs: [a]\n"

    @Test("Pipeline-level slurm reaches the kinds that can run there; a stage's fields replace the pipeline's one by one")
    func executionIsResolved() throws {
        let scratch = ScratchDirectory()
        let spec = try parseSpec("""
            pipeline: p
            seed: 1
            executor: slurm
            slurm: { shards: 8, partition: debug, time: "01:00:00", poll: 1 }
            stages:
              a:
                kind: source
                params: {samples: 3}
                slurm: { shards: 2, cpusPerTask: 4 }
              c:
                kind: source
                params: {samples: 4}
                executor: local
              b:
                kind: combine
                needs: [a, c]
            """, in: scratch)
        let options = SlurmJobOptions(partition: "debug", time: "01:00:00", cpusPerTask: 4)
        #expect(spec.stage(named: "a")?.execution == .slurm(SlurmExecution(shards: 2, options: options, pollSeconds: 1)))
        #expect(spec.stage(named: "c")?.execution == .local)
        #expect(spec.stage(named: "b")?.execution == .local, "combine cannot run on Slurm: it stays local")
    }

    @Test("The executor is not part of any cache key: the bytes are the same wherever a stage runs")
    func executorLeavesKeysAlone() throws {
        let scratch = ScratchDirectory()
        let local = try parseSpec("pipeline: p\nseed: 1\n" + stages, in: scratch, name: "local.yaml")
        let slurm = try parseSpec("pipeline: p\nseed: 1\nexecutor: slurm\nslurm: {shards: 3}\n" + stages, in: scratch, name: "slurm.yaml")
        #expect(slurm.stage(named: "a")?.execution != local.stage(named: "a")?.execution)
        #expect(CacheKey.keys(for: slurm) == CacheKey.keys(for: local))
    }

    @Test("Bad executor settings are refused naming file, line, stage and field", arguments: [
        ("executor: cluster\n", 3, nil, "executor", "allowed: local, slurm"),
        ("slurm: {shards: 2}\n", 3, nil, "slurm", "slurm settings without `executor: slurm`"),
        ("executor: slurm\nslurm: {shards: 0}\n", 4, nil, "slurm.shards", "1...1000000"),
        ("executor: slurm\nslurm: {shard: 2}\n", 4, nil, "slurm.shard", "shards"),
        ("executor: slurm\nslurm: {time: soon}\n", 4, nil, "slurm.time", "is not a Slurm time limit"),
        ("executor: slurm\nslurm: {partition: \"a b\"}\n", 4, nil, "slurm.partition", "may hold only letters"),
        ("executor: slurm\nslurm: [2]\n", 4, nil, "slurm", "a mapping of Slurm settings"),
    ] as [(String, Int, String?, String, String)])
    func badSettingsRejected(_ yaml: String, _ line: Int, _ stage: String?, _ field: String, _ problem: String) throws {
        let scratch = ScratchDirectory()
        let message = pipelineErrorMessage { _ = try parseSpec("pipeline: p\nseed: 1\n" + yaml + stages, in: scratch, name: "bad.yaml") }
        let text = try #require(message, "accepted: \(yaml)")
        #expect(text.hasPrefix(scratch.path + "/bad.yaml:\(line):"), "\(text)")
        #expect(text.contains("field '\(field)'") && text.contains(problem), "\(text)")
    }

    @Test("A stage that asks for Slurm but cannot run there is an error at its executor field")
    func unsupportedKindRejected() throws {
        let scratch = ScratchDirectory()
        let yaml = "pipeline: p\nseed: 1\nstages:\n  a:\n    kind: source\n    params: {samples: 3}\n  b:\n    kind: combine\n    needs: [a]\n    executor: slurm\n"
        let text = try #require(pipelineErrorMessage { _ = try parseSpec(yaml, in: scratch, name: "bad.yaml") })
        #expect(text.hasPrefix(scratch.path + "/bad.yaml:10:"), "\(text)")
        #expect(text.contains("stage 'b'") && text.contains("field 'executor'") && text.contains("kind combine runs only here"), "\(text)")
    }
}
