import Foundation

/// The declared outputs of one upstream stage, as a downstream stage sees them.
public struct StageInput: Sendable, Hashable {
    /// Name of the upstream stage in the pipeline file.
    public let stageName: String
    /// Its kind.
    public let kind: String
    /// Its cache key.
    public let key: String
    /// Its code version.
    public let codeVersion: String
    /// Its seed.
    public let seed: UInt64
    /// Its validated parameters, defaults filled in (e.g. the dataset spec a
    /// `generate` stage used; relative paths are relative to the pipeline file).
    public let parameters: ParameterValues
    /// Absolute paths of its declared output files, by relative name.
    public let files: [String: String]

    /// Path of one declared output of the upstream stage.
    public func file(_ name: String) throws -> String {
        guard let path = files[name] else {
            throw PipelineError.outputContract(
                stage: stageName,
                problem: "a downstream stage asked for '\(name)', which kind \(kind) does not declare; declared: \(files.keys.sorted().joined(separator: ", "))")
        }
        return path
    }
}

/// Thread-safe flag set by SIGINT/SIGTERM (or by a failing sibling stage)
/// and polled by running stages.
public final class CancellationFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false

    /// A flag that is not set.
    public init() {}

    /// Sets the flag; it never clears.
    public func cancel() {
        lock.withLock { cancelled = true }
    }

    /// Whether the flag is set.
    public var isCancelled: Bool {
        lock.withLock { cancelled }
    }
}

/// What a running stage gets from the runner: parameters, seed, inputs and
/// the only directory it may write to.
public final class StageContext: Sendable {
    /// Stage name in the pipeline file.
    public let stageName: String
    /// Pipeline name (e.g. for titles in a report).
    public let pipelineName: String
    /// The pipeline file's directory: relative paths in parameters (specs) are taken from here.
    public let pipelineDirectory: String
    /// The stage's seed (see `PipelineSpec` for how it is derived).
    public let seed: UInt64
    /// Validated parameters with defaults filled in.
    public let parameters: ParameterValues
    /// The temporary directory the outputs go into.
    public let outputDirectory: String
    /// Where the stage runs (`executor:` in the pipeline file).
    public let execution: StageExecution
    /// A directory kept across runs for this stage's cache key (created on demand): work
    /// handed to Slurm keeps its scripts, shards and logs here, so a failed or interrupted
    /// run resumes where it stopped. The stage removes it when its outputs are done.
    public let persistentDirectory: String
    /// A directory for the stage's temporary files (e.g. generation workers' blocks), outside
    /// its outputs: created before the stage runs, removed when it ends, and — since it lies in
    /// the work directory's `incomplete/` — cleared by the next run should this one be killed.
    public let scratchDirectory: String
    /// The scratch directory beside the output directory `outputDirectory`.
    static func scratchDirectory(outputDirectory: String) -> String { outputDirectory + ".scratch" }
    private let declaredOutputs: Set<String>
    private let inputsBySlot: [String: [StageInput]]
    private let cancellation: CancellationFlag
    private let progressSink: @Sendable (Double, String) -> Void
    private let noteSink: @Sendable (String) -> Void

    init(stageName: String, pipelineName: String, pipelineDirectory: String, seed: UInt64, parameters: ParameterValues, outputDirectory: String,
         execution: StageExecution = .local, persistentDirectory: String = "", declaredOutputs: [String], inputsBySlot: [String: [StageInput]], cancellation: CancellationFlag,
         progressSink: @escaping @Sendable (Double, String) -> Void,
         noteSink: @escaping @Sendable (String) -> Void = { _ in }) {
        self.stageName = stageName
        self.pipelineName = pipelineName
        self.pipelineDirectory = pipelineDirectory
        self.seed = seed
        self.parameters = parameters
        self.outputDirectory = outputDirectory
        self.execution = execution
        self.persistentDirectory = persistentDirectory
        self.scratchDirectory = Self.scratchDirectory(outputDirectory: outputDirectory)
        self.declaredOutputs = Set(declaredOutputs)
        self.inputsBySlot = inputsBySlot
        self.cancellation = cancellation
        self.progressSink = progressSink
        self.noteSink = noteSink
    }

    /// Absolute path to write the declared output `name` to; parent
    /// directories are created. Throws for an undeclared name.
    public func outputPath(_ name: String) throws -> String {
        guard declaredOutputs.contains(name) else {
            throw PipelineError.outputContract(
                stage: stageName,
                problem: "tried to write undeclared output '\(name)'; declared: \(declaredOutputs.sorted().joined(separator: ", "))")
        }
        let path = outputDirectory + "/" + name
        let parent = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw PipelineError.fileSystem(path: parent, operation: "create directory", reason: "\(error)")
        }
        return path
    }

    /// The upstream stages filling input slot `slot`, in `needs:` order.
    public func inputs(_ slot: String) -> [StageInput] {
        guard let inputs = inputsBySlot[slot] else {
            preconditionFailure("stage '\(stageName)' asked for undeclared input slot '\(slot)'")
        }
        return inputs
    }

    /// The single upstream stage filling a `.one` slot.
    public func input(_ slot: String) -> StageInput {
        let filled = inputs(slot)
        precondition(filled.count == 1, "input slot '\(slot)' of stage '\(stageName)' holds \(filled.count) stages, not one")
        return filled[0]
    }

    /// Whether the run has been asked to stop.
    public var isCancelled: Bool {
        cancellation.isCancelled
    }

    /// Throws `PipelineError.interrupted` once the run has been asked to stop.
    public func checkCancellation() throws {
        if cancellation.isCancelled { throw PipelineError.interrupted(completedStages: []) }
    }

    /// Says something on a line of its own, never throttled (e.g. the Slurm jobs a stage submitted).
    public func note(_ message: String) {
        noteSink(message)
    }

    /// Reports progress in 0...1 with a short note (e.g. "epoch 3/40").
    public func reportProgress(fraction: Double, message: String) {
        progressSink(min(max(fraction, 0), 1), message)
    }
}

extension StageContext {
    /// `path` from a parameter, made absolute against the pipeline file's directory.
    public func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : ((pipelineDirectory as NSString).appendingPathComponent(path) as NSString).standardizingPath
    }
}
