import Foundation
@testable import Pipeline

/// Test-only stage kinds. Each writes bytes that follow from its seed,
/// parameters and inputs, so cache behaviour and determinism are observable.

/// A source stage with one parameter of every type.
struct SourceStage: StageKind {
    let name = "source"
    let codeVersion: String
    let summary = "test source: bytes from seed and parameters"
    let parameters = [
        ParameterSpec("samples", .int(1...1000), summary: "number of records"),
        ParameterSpec("scale", .double(0.5...10), default: .double(1), summary: "scale factor"),
        ParameterSpec("label", .string, default: .string("x"), summary: "free text"),
        ParameterSpec("mode", .choice(["fast", "exact"]), default: .string("fast"), summary: "mode"),
        ParameterSpec("verbose", .bool, default: .bool(false), summary: "flag"),
        ParameterSpec("weights", .list(of: .double(-1...1), count: 0...4), default: .list([]), summary: "weights"),
    ]
    let inputs: [InputSlot] = []
    /// Stands for `generate`, the kind `executor: slurm` takes.
    let runsOnSlurm = true

    init(codeVersion: String = "1") {
        self.codeVersion = codeVersion
    }

    func outputs(for parameters: ParameterValues) -> [String] {
        ["records.txt"]
    }

    func run(_ context: StageContext) throws {
        let lines = (0..<context.parameters.int("samples")).map { index in
            ContentDigest.hexDigest(of: "\(context.seed)/\(context.parameters.canonicalText)/\(index)")
        }
        try lines.joined(separator: "\n").write(toFile: try context.outputPath("records.txt"), atomically: false, encoding: .utf8)
    }
}

/// A stage combining several sources, and optionally a model.
struct CombineStage: StageKind {
    let name = "combine"
    let codeVersion = "1"
    let summary = "test combiner: hash of its inputs"
    let parameters = [ParameterSpec("epochs", .int(1...100), default: .int(3), summary: "passes")]
    let inputs = [InputSlot("parts", accepts: ["source"], .oneOrMore), InputSlot("model", accepts: ["combine"], .optional)]

    func outputs(for parameters: ParameterValues) -> [String] {
        ["summary.txt", "tables/detail.csv"]
    }

    func run(_ context: StageContext) throws {
        var hasher = ContentDigest()
        hasher.update("\(context.seed) \(context.parameters.canonicalText)")
        for input in context.inputs("parts") + context.inputs("model") {
            for file in input.files.keys.sorted() {
                hasher.update([UInt8](try Data(contentsOf: URL(fileURLWithPath: try input.file(file)))))
            }
        }
        try hasher.finalizeHex().write(toFile: try context.outputPath("summary.txt"), atomically: false, encoding: .utf8)
        try "stage,epochs\n\(context.stageName),\(context.parameters.int("epochs"))\n"
            .write(toFile: try context.outputPath("tables/detail.csv"), atomically: false, encoding: .utf8)
    }
}

/// A stage that waits at a barrier until `parties` stages have arrived, so
/// it succeeds only when that many run at the same time; it also records
/// the peak number of stages inside it at once.
struct RendezvousStage: StageKind {
    let name = "rendezvous"
    let codeVersion = "1"
    let summary = "test: meets its siblings"
    let parameters = [ParameterSpec("id", .int(0...100), summary: "distinguishes siblings")]
    let inputs: [InputSlot] = []
    let barrier: Barrier

    func outputs(for parameters: ParameterValues) -> [String] {
        ["id.txt"]
    }

    func run(_ context: StageContext) throws {
        try barrier.arriveAndWait()
        try "\(context.parameters.int("id"))".write(toFile: try context.outputPath("id.txt"), atomically: false, encoding: .utf8)
    }
}

/// Counts arrivals; `arriveAndWait` returns once `parties` are inside (or throws after a generous timeout).
final class Barrier: @unchecked Sendable {
    private let condition = NSCondition()
    private let parties: Int
    private var arrived = 0
    private var inside = 0
    private let timeoutSeconds: Double
    private(set) var peakInside = 0

    init(parties: Int, timeoutSeconds: Double = 20) {
        self.parties = parties
        self.timeoutSeconds = timeoutSeconds
    }

    struct Timeout: Error, CustomStringConvertible {
        let description = "barrier timed out: siblings did not run concurrently"
    }

    func arriveAndWait() throws {
        condition.lock()
        defer { condition.unlock() }
        arrived += 1
        inside += 1
        peakInside = max(peakInside, inside)
        condition.broadcast()
        let deadline = Date(timeIntervalSinceNow: timeoutSeconds)
        while arrived < parties {
            if !condition.wait(until: deadline) { inside -= 1; throw Timeout() }
        }
        // Stay inside briefly so the peak reflects real overlap of later arrivals too.
        _ = condition.wait(until: Date(timeIntervalSinceNow: 0.05))
        inside -= 1
    }
}

/// Sleeps in short steps until cancelled (or `steps` are done), announcing its start.
struct SleeperStage: StageKind {
    let name = "sleeper"
    let codeVersion = "1"
    let summary = "test: slow, cancellable"
    let parameters = [ParameterSpec("steps", .int(1...10_000), summary: "10 ms steps")]
    let inputs = [InputSlot("after", accepts: ["source"], .any)]
    let started: Barrier?

    func outputs(for parameters: ParameterValues) -> [String] {
        ["done.txt"]
    }

    func run(_ context: StageContext) throws {
        let path = try context.outputPath("done.txt")
        try "partial".write(toFile: path, atomically: false, encoding: .utf8)
        if let started { try started.arriveAndWait() }
        for _ in 0..<context.parameters.int("steps") {
            try context.checkCancellation()
            Thread.sleep(forTimeInterval: 0.01)
        }
        try "done".write(toFile: path, atomically: false, encoding: .utf8)
    }
}

/// Breaks the output contract or fails, depending on `behaviour`.
struct MisbehavingStage: StageKind {
    let name = "misbehaving"
    let codeVersion = "1"
    let summary = "test: violates its contract"
    let parameters = [ParameterSpec("behaviour", .choice(["undeclared", "missing", "throws", "escapes"]), summary: "what goes wrong")]
    let inputs: [InputSlot] = []

    struct Failure: Error, CustomStringConvertible {
        let description = "solver diverged at iteration 7"
    }

    func outputs(for parameters: ParameterValues) -> [String] {
        ["out.txt"]
    }

    func run(_ context: StageContext) throws {
        switch context.parameters.string("behaviour") {
        case "undeclared":
            try "x".write(toFile: try context.outputPath("out.txt"), atomically: false, encoding: .utf8)
            try "y".write(toFile: context.outputDirectory + "/stray.tmp", atomically: false, encoding: .utf8)
        case "missing":
            break
        case "escapes":
            _ = try context.outputPath("../elsewhere.txt")
        default:
            try "partial".write(toFile: try context.outputPath("out.txt"), atomically: false, encoding: .utf8)
            throw Failure()
        }
    }
}

/// A report-like stage: its outputs are published to `<reports>/<pipeline>/`.
struct ReportStage: StageKind {
    let name = "report"
    let codeVersion = "1"
    let summary = "test report"
    let parameters = [ParameterSpec("title", .string, summary: "report title")]
    let inputs = [InputSlot("results", accepts: ["combine"], .oneOrMore)]
    var publishesReport: Bool { true }

    func outputs(for parameters: ParameterValues) -> [String] {
        ["report.md", "tables/results.csv"]
    }

    func run(_ context: StageContext) throws {
        let summaries = try context.inputs("results").map { try String(contentsOfFile: try $0.file("summary.txt"), encoding: .utf8) }
        try "# \(context.parameters.string("title"))\n\n\(summaries.joined(separator: "\n"))\n"
            .write(toFile: try context.outputPath("report.md"), atomically: false, encoding: .utf8)
        try "summary\n\(summaries.joined(separator: "\n"))\n"
            .write(toFile: try context.outputPath("tables/results.csv"), atomically: false, encoding: .utf8)
    }
}

/// A stage that reads a file named by its `path` parameter (relative to the
/// pipeline file), like `generate` reads its dataset spec.
struct FileReaderStage: StageKind {
    let name = "reader"
    let codeVersion = "1"
    let summary = "test reader: copies a source file"
    let parameters = [ParameterSpec("path", .string, summary: "file to read, relative to the pipeline file")]
    let inputs: [InputSlot] = []

    func outputs(for parameters: ParameterValues) -> [String] { ["copy.txt"] }

    func sourceFiles(for parameters: ParameterValues, in directory: String) throws -> [String] {
        [directory + "/" + parameters.string("path")]
    }

    func run(_ context: StageContext) throws {
        let text = try String(contentsOfFile: context.resolve(context.parameters.string("path")), encoding: .utf8)
        try text.write(toFile: try context.outputPath("copy.txt"), atomically: false, encoding: .utf8)
    }
}
