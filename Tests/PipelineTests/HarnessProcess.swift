import Foundation
import Testing

/// `pipeline-crash-harness` running as a child process, with its stdout
/// lines collected as they arrive so a test can signal it at chosen points.
final class HarnessProcess: @unchecked Sendable {
    private let process = Process()
    private let condition = NSCondition()
    private var lines: [String] = []
    private var partialLine = ""
    private let errorPipe = Pipe()

    /// The harness binary, built by `swift build`/`swift test` next to the test bundle.
    static var executable: String {
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return testBinary.deletingLastPathComponent().appendingPathComponent("pipeline-crash-harness").path
    }

    /// Starts the harness on `pipeline` with `workDirectory`.
    init(pipeline: String, workDirectory: String, extraArguments: [String] = []) throws {
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = [pipeline, "--work-dir", workDirectory, "--jobs", "2"] + extraArguments
        let outputPipe = Pipe()
        process.standardOutput = outputPipe
        process.standardError = errorPipe
        outputPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.condition.withLock {
                self.partialLine += String(decoding: data, as: UTF8.self)
                var parts = self.partialLine.components(separatedBy: "\n")
                self.partialLine = parts.removeLast()
                self.lines += parts
                self.condition.broadcast()
            }
        }
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    /// Blocks until a line equal to `line` has been printed; false if the
    /// process exited first (or after a generous safety limit).
    func waitForLine(_ line: String) -> Bool {
        let limit = Date(timeIntervalSinceNow: 120)
        return condition.withLock {
            while !lines.contains(line) {
                guard process.isRunning, Date() < limit else {
                    // Let the reader deliver what the process printed before it exited.
                    _ = condition.wait(until: Date(timeIntervalSinceNow: 0.2))
                    return lines.contains(line)
                }
                _ = condition.wait(until: Date(timeIntervalSinceNow: 0.05))
            }
            return true
        }
    }

    /// Sends `signal` to the child.
    func send(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits for exit; returns the status and whether a signal ended it.
    func waitForExit() -> (status: Int32, killedBySignal: Bool) {
        process.waitUntilExit()
        return (process.terminationStatus, process.terminationReason == .uncaughtSignal)
    }

    /// Everything printed on stdout so far.
    var outputLines: [String] { condition.withLock { lines } }

    /// Everything printed on stderr (after exit).
    var errorText: String {
        String(decoding: errorPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    /// Runs the harness to completion and returns its exit status and stdout lines.
    static func runToCompletion(pipeline: String, workDirectory: String, paceMilliseconds: Int = 0) throws -> (status: Int32, lines: [String]) {
        let harness = try HarnessProcess(pipeline: pipeline, workDirectory: workDirectory, extraArguments: ["--pace-ms", "\(paceMilliseconds)"])
        let status = harness.waitForExit().status
        _ = harness.waitForLine("completed")
        return (status, harness.outputLines)
    }
}
