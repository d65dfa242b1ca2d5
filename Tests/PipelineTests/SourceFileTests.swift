import Foundation
import Testing
@testable import Pipeline

/// Files a stage reads besides its inputs (specs, feeders) are part of its key.
@Suite struct SourceFileTests {
    let pipeline = "pipeline: p\nseed: 1\nstages:\n  read:\n    kind: reader\n    params: {path: data/spec.txt}\n"

    private func run(_ scratch: ScratchDirectory) throws -> RunResult {
        try PipelineRunner(spec: try parseSpec(pipeline, in: scratch), workDirectory: scratch.path + "/work",
                           versions: testVersions).run()
    }

    @Test func editingASourceFileRerunsTheStageAndStatusSaysWhy() throws {
        let scratch = ScratchDirectory()
        try FileManager.default.createDirectory(atPath: scratch.path + "/data", withIntermediateDirectories: true)
        scratch.write("data/spec.txt", "first")
        #expect(outcomes(try run(scratch)) == ["read": .miss])
        #expect(outcomes(try run(scratch)) == ["read": .hit])
        scratch.write("data/spec.txt", "second")
        let spec = try parseSpec(pipeline, in: scratch)
        let status = PipelineStatus.evaluate(spec, workDirectory: WorkDirectory(path: scratch.path + "/work"))
        #expect(status.first?.state == .stale(reasons: ["file data/spec.txt changed"]), "\(status)")
        let rerun = try run(scratch)
        #expect(outcomes(rerun) == ["read": .miss])
        #expect(rerun.manifest.stages[0].sources["data/spec.txt"] == ContentDigest.hexDigest(of: "second"))
        let copy = try String(contentsOfFile: scratch.path + "/work/stages/\(rerun.manifest.stages[0].key)/copy.txt", encoding: .utf8)
        #expect(copy == "second")
    }

    @Test func aMissingSourceFileIsASpecErrorAtTheStage() throws {
        let scratch = ScratchDirectory()
        let message = pipelineErrorMessage { _ = try parseSpec(pipeline, in: scratch) }
        #expect(message?.contains("stage 'read'") == true, "\(message ?? "")")
        #expect(message?.contains("params") == true && message?.contains("data/spec.txt") == true, "\(message ?? "")")
    }

    @Test func sourcePathsInKeysAreRelativeToThePipelineFile() {
        #expect(relativePath(of: "/repo/Datasets/specs/../systems/a.yaml", from: "/repo/Pipelines") == "../Datasets/systems/a.yaml")
        #expect(relativePath(of: "/repo/Pipelines/x.yaml", from: "/repo/Pipelines") == "x.yaml")
    }
}
