import Foundation
import Testing

/// A `p2pgrid` child process whose standard-error lines are collected as they
/// arrive, each with its arrival time, so a test can act at chosen moments
/// (e.g. SIGKILL a pipeline run a measured time after a stage started).
final class ObservedRun: @unchecked Sendable {
    private let process = Process()
    private let condition = NSCondition()
    private var received: [(seconds: Double, text: String)] = []
    private var partialLine = ""
    private var streamClosed = false
    private let started = ContinuousClock.now

    /// Starts `p2pgrid` with `arguments`; standard output is discarded.
    init(_ arguments: [String]) throws {
        let executable: URL = try #require(CommandLineRun.executable, "p2pgrid executable not found next to the test bundle")
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        errors.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self else { return }
            self.condition.withLock {
                if data.isEmpty {
                    self.streamClosed = true
                    handle.readabilityHandler = nil
                } else {
                    let now = self.elapsed
                    self.partialLine += String(decoding: data, as: UTF8.self)
                    var parts = self.partialLine.components(separatedBy: "\n")
                    self.partialLine = parts.removeLast()
                    self.received += parts.map { (now, $0) }
                }
                self.condition.broadcast()
            }
        }
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    /// Whether the process has not exited yet (a stopped process is still running).
    var isRunning: Bool { process.isRunning }

    /// Seconds since the process was started.
    var elapsed: Double {
        let duration = ContinuousClock.now - started
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    /// Waits for the first line satisfying `match` and returns it; nil when the
    /// process's standard error closed first (it exited) or after `timeout` seconds.
    func waitForLine(timeout: Double = 300, where match: (String) -> Bool) -> (seconds: Double, text: String)? {
        let limit = Date(timeIntervalSinceNow: timeout)
        return condition.withLock {
            while true {
                if let line = received.first(where: { match($0.text) }) { return line }
                if streamClosed || Date() >= limit { return nil }
                _ = condition.wait(until: Date(timeIntervalSinceNow: 0.01))
            }
        }
    }

    /// Sends SIGKILL to the process (not to its children).
    func kill() {
        send(SIGKILL)
    }

    /// Sends `signal` to the process (e.g. SIGSTOP and SIGCONT to step it through time).
    func send(_ signal: Int32) {
        Foundation.kill(process.processIdentifier, signal)
    }

    /// Waits for exit; returns the status and whether a signal ended it.
    func waitForExit() -> (status: Int32, killedBySignal: Bool) {
        process.waitUntilExit()
        condition.withLock {
            let limit = Date(timeIntervalSinceNow: 5)
            while !streamClosed, Date() < limit { _ = condition.wait(until: Date(timeIntervalSinceNow: 0.01)) }
        }
        return (process.terminationStatus, process.terminationReason == .uncaughtSignal)
    }

    /// Every complete line received so far.
    var lines: [(seconds: Double, text: String)] { condition.withLock { received } }
}

/// Processes on this machine whose command line contains `fragment` (from /proc).
func processes(withCommandLineContaining fragment: String) -> [Int32] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap(Int32.init).filter { pid in
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
        // Arguments are NUL-separated; a zombie has an empty command line.
        return String(decoding: data.map { $0 == 0 ? UInt8(ascii: " ") : $0 }, as: UTF8.self).contains(fragment)
    }
}
