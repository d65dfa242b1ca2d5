import Foundation
@testable import Pipeline

/// A scratch directory removed when the test ends.
final class ScratchDirectory {
    let path: String

    init() {
        path = FileManager.default.temporaryDirectory.path + "/p2pgrid-pipeline-tests-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes `text` to `name` in the directory and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        let file = path + "/" + name
        try! text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }
}

/// Versions for tests (no process spawning).
let testVersions = ToolVersions(swift: ToolVersions.compilerVersion, hdf5: "test", ipopt: "test", openblas: "test",
                                gitCommit: nil, gitDirty: nil)

/// The registry of test kinds; barriers for the kinds that need them.
func testRegistry(sourceCodeVersion: String = "1", rendezvous: Barrier = Barrier(parties: 2), sleeperStarted: Barrier? = nil) -> StageRegistry {
    StageRegistry([SourceStage(codeVersion: sourceCodeVersion), CombineStage(), RendezvousStage(barrier: rendezvous),
                   SleeperStage(started: sleeperStarted), MisbehavingStage(), ReportStage(), FileReaderStage()])
}

/// Parses pipeline text written to `name` in `scratch`.
func parseSpec(_ text: String, in scratch: ScratchDirectory, name: String = "pipeline.yaml",
               registry: StageRegistry = testRegistry()) throws -> PipelineSpec {
    try PipelineSpecParser(registry: registry).parse(file: scratch.write(name, text))
}

/// The message of the `PipelineError` that `body` throws, or nil.
func pipelineErrorMessage(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch let error as PipelineError {
        return error.description
    } catch {
        return "unexpected non-pipeline error: \(error)"
    }
}

/// Cache outcome of every stage in a manifest, by stage name.
func outcomes(_ result: RunResult) -> [String: CacheOutcome] {
    Dictionary(uniqueKeysWithValues: result.manifest.stages.map { ($0.name, $0.cache) })
}

/// Every regular file under `directory` with its bytes, by relative path.
func treeContents(_ directory: String) -> [String: Data] {
    var contents: [String: Data] = [:]
    guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return contents }
    while let relative = enumerator.nextObject() as? String {
        if enumerator.fileAttributes?[.type] as? FileAttributeType == .typeRegular {
            contents[relative] = FileManager.default.contents(atPath: directory + "/" + relative)
        }
    }
    return contents
}

/// A four-stage diamond-ish pipeline: two sources, a combiner, and a second combiner fed by the first.
func diamondPipeline(samples: Int = 5, epochs: Int = 3, extra: String = "") -> String {
    """
    pipeline: diamond
    seed: 42
    stages:
      left:
        kind: source
        params: {samples: \(samples)}
      right:
        kind: source
        params: {samples: 4, mode: exact}
      merged:
        kind: combine
        needs: [left, right]
        params: {epochs: \(epochs)}
      refined:
        kind: combine
        needs: [right, merged]
    \(extra)
    """
}
