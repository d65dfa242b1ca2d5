// pipeline-crash-harness: test support for PipelineTests, never shipped.
//
// Runs a pipeline of the test-only `chunks` stage kind with the real
// PipelineRunner, SignalTrap and work-directory lock, in its own process, so
// the tests can SIGKILL / SIGTERM it at chosen points and check that a
// resumed run ends byte-identical to an uninterrupted one. Events go to
// stdout one line each ("started b", "progress b 3", "finished b", "hit b")
// and are flushed at once so the test can time its signals on them.
//
// usage: pipeline-crash-harness PIPELINE.yaml --work-dir DIR [--jobs N] [--wait] [--pace-ms N] [--hang-after LINE]
// --hang-after blocks the thread that printed LINE forever, so a test's
// SIGKILL lands at exactly that point (mid-write, between rename and record, …)
// however slow the machine is.
// exit codes as `p2pgrid run`: 0 done, 1 failed or locked, 2 bad input, 130 interrupted.
import Foundation
import Pipeline

/// Writes `chunks` deterministic chunks to two files, one chunk per step,
/// pausing between steps (`--pace-ms`, not a parameter: it changes timing,
/// never bytes) so a test can signal it mid-write.
struct ChunkWriterStage: StageKind {
    let name = "chunks"
    let codeVersion = "1"
    let summary = "test-only: deterministic chunks derived from seed, parameters and inputs"
    let parameters = [
        ParameterSpec("chunks", .int(1...10_000), summary: "number of chunks"),
        ParameterSpec("chunkBytes", .int(1...1_000_000), default: .int(4096), summary: "bytes per chunk"),
    ]
    let inputs = [InputSlot("upstream", accepts: ["chunks"], .any)]
    let pauseMilliseconds: Int

    func outputs(for parameters: ParameterValues) -> [String] {
        ["part-a.bin", "nested/part-b.bin"]
    }

    func run(_ context: StageContext) throws {
        var basis = ContentDigest()
        basis.update("seed \(context.seed) params \(context.parameters.canonicalText)")
        for input in context.inputs("upstream") {
            for file in input.files.keys.sorted() {
                basis.update([UInt8](try Data(contentsOf: URL(fileURLWithPath: try input.file(file)))))
            }
        }
        let digest = basis.finalize()
        let chunks = context.parameters.int("chunks")
        let chunkBytes = context.parameters.int("chunkBytes")
        let paths = [try context.outputPath("part-a.bin"), try context.outputPath("nested/part-b.bin")]
        for path in paths where !FileManager.default.createFile(atPath: path, contents: nil) {
            throw PipelineError.fileSystem(path: path, operation: "create", reason: "createFile failed")
        }
        let handles = try paths.map { try FileHandle(forWritingTo: URL(fileURLWithPath: $0)) }
        defer { for handle in handles { try? handle.close() } }
        for chunk in 0..<chunks {
            try context.checkCancellation()
            for (fileIndex, handle) in handles.enumerated() {
                var bytes: [UInt8] = []
                var counter = 0
                while bytes.count < chunkBytes {
                    bytes += Array(ContentDigest.hexDigest(of: digest + [UInt8(fileIndex)] + Array("\(chunk)/\(counter)".utf8)).utf8)
                    counter += 1
                }
                handle.write(Data(bytes.prefix(chunkBytes)))
            }
            context.reportProgress(fraction: Double(chunk + 1) / Double(chunks), message: "\(chunk + 1)")
            if pauseMilliseconds > 0 { Thread.sleep(forTimeInterval: Double(pauseMilliseconds) / 1000) }
        }
    }
}

nonisolated(unsafe) var hangAfter: String?

func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
    if line == hangAfter {
        while true { Thread.sleep(forTimeInterval: 3600) }
    }
}

var arguments = Array(CommandLine.arguments.dropFirst())
var workDirectory: String?
var jobs = 1
var waitForLock = false
var paceMilliseconds = 0
var pipelineFile: String?
while !arguments.isEmpty {
    let argument = arguments.removeFirst()
    switch argument {
    case "--work-dir": workDirectory = arguments.isEmpty ? nil : arguments.removeFirst()
    case "--jobs": jobs = arguments.isEmpty ? 0 : Int(arguments.removeFirst()) ?? 0
    case "--wait": waitForLock = true
    case "--pace-ms": paceMilliseconds = arguments.isEmpty ? -1 : Int(arguments.removeFirst()) ?? -1
    case "--hang-after": hangAfter = arguments.isEmpty ? nil : arguments.removeFirst()
    default: pipelineFile = argument
    }
}
guard let pipelineFile, let workDirectory, jobs >= 1, paceMilliseconds >= 0 else {
    FileHandle.standardError.write(Data("usage: pipeline-crash-harness PIPELINE.yaml --work-dir DIR [--jobs N] [--wait] [--pace-ms N] [--hang-after LINE]\n".utf8))
    exit(2)
}

let cancellation = CancellationFlag()
let trap = SignalTrap(cancelling: cancellation) { signal in emit("signal \(signal)") }
do {
    let spec = try PipelineSpecParser(registry: StageRegistry([ChunkWriterStage(pauseMilliseconds: paceMilliseconds)])).parse(file: pipelineFile)
    let versions = ToolVersions(swift: ToolVersions.compilerVersion, hdf5: "n/a", ipopt: "n/a", openblas: "n/a", gitCommit: nil, gitDirty: nil)
    let runner = PipelineRunner(
        spec: spec, workDirectory: workDirectory, options: RunOptions(jobs: jobs, waitForLock: waitForLock),
        versions: versions, cancellation: cancellation
    ) { event in
        switch event {
        case .waitingForLock(let holder): emit("waiting \(holder)")
        case .cacheHit(let stage, _): emit("hit \(stage)")
        case .started(let stage, _, _): emit("started \(stage)")
        case .progress(let stage, _, let message): emit("progress \(stage) \(message)")
        case .note(let stage, let message): emit("note \(stage) \(message)")
        case .finished(let stage, _, _): emit("finished \(stage)")
        case .failed(let stage, let message): emit("failed \(stage) \(message)")
        case .published(let stage, _): emit("published \(stage)")
        }
    }
    try withExtendedLifetime(trap) { _ = try runner.run() }
    emit("completed")
} catch let error as PipelineError {
    FileHandle.standardError.write(Data("pipeline-crash-harness: \(error.description)\n".utf8))
    if error.isBadInput { exit(2) }
    if case .interrupted = error { exit(130) }
    exit(1)
}
