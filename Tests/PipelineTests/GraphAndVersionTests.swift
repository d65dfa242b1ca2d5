import Testing
@testable import Pipeline

/// `graph` output and the version probe of the manifest.
@Suite struct GraphAndVersionTests {
    @Test func mermaidGraphListsStagesAndNeeds() throws {
        let scratch = ScratchDirectory()
        let spec = try parseSpec(diamondPipeline(), in: scratch)
        #expect(MermaidGraph.render(spec) == """
            flowchart LR
                s0["left<br/><i>source</i>"]
                s1["right<br/><i>source</i>"]
                s2["merged<br/><i>combine</i>"]
                s3["refined<br/><i>combine</i>"]
                s0 --> s2
                s1 --> s2
                s1 --> s3
                s2 --> s3

            """)
    }

    @Test func mermaidGraphColoursStatus() throws {
        let scratch = ScratchDirectory()
        let spec = try parseSpec(diamondPipeline(), in: scratch)
        let work = WorkDirectory(path: scratch.path + "/work")
        _ = try PipelineRunner(spec: spec, workDirectory: work.path, options: RunOptions(until: "left"), versions: testVersions).run()
        let graph = MermaidGraph.render(spec, statuses: PipelineStatus.evaluate(spec, workDirectory: work))
        #expect(graph.contains("    class s0 cached\n"))
        #expect(graph.contains("    class s2 missing\n"))
    }

    @Test func versionProbeMatchesTheBuildingCompilerAndPkgConfig() {
        let versions = ToolVersions.detect(repository: "/nonexistent-repository")
        #if compiler(>=6.0)
        #expect(versions.swift.hasPrefix("6.") || versions.swift.hasPrefix(">= 6"))
        #endif
        #expect(versions.gitCommit == nil && versions.gitDirty == nil, "no repository, no commit")
        for version in [versions.hdf5, versions.ipopt, versions.openblas] {
            #expect(version == "unknown" || version.first?.isNumber == true, "\(version)")
        }
    }
}
