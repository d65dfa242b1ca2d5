import Foundation

/// One benchmark suite: runs its measurements and returns the Markdown report
/// written to `Reports/bench/<name>.md`.
struct BenchmarkSuite: Sendable {
    let name: String
    let summary: String
    let run: @Sendable () throws -> String
}

/// Wall-clock samples of one measured operation.
struct TimingSamples {
    var seconds: [Double]

    var median: Double {
        let s = seconds.sorted()
        let n = s.count
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2])
    }
    var minimum: Double { seconds.min() ?? .nan }
    /// Interquartile range (seconds).
    var iqr: Double {
        let s = seconds.sorted()
        func q(_ p: Double) -> Double { s[min(s.count - 1, Int((Double(s.count - 1) * p).rounded()))] }
        return q(0.75) - q(0.25)
    }
}

/// Times `body` `iterations` times after `warmup` untimed runs.
func measure(iterations: Int, warmup: Int = 1, _ body: () throws -> Void) rethrows -> TimingSamples {
    for _ in 0..<warmup { try body() }
    var samples: [Double] = []
    samples.reserveCapacity(iterations)
    let clock = ContinuousClock()
    for _ in 0..<iterations {
        let elapsed = try clock.measure { try body() }
        samples.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
    return TimingSamples(seconds: samples)
}

/// The median of integer counts (the upper one of an even count).
func medianInt(_ values: [Int]) -> Int {
    values.sorted()[values.count / 2]
}

/// A line describing the machine a benchmark ran on (CPU model, cores).
func machineDescription() -> String {
    let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let model = cpuinfo.split(separator: "\n")
        .first { $0.hasPrefix("model name") }
        .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" } ?? "unknown CPU"
    return "\(model), \(ProcessInfo.processInfo.activeProcessorCount) cores"
}

/// Formats seconds with a unit that keeps three significant digits readable.
func formatDuration(_ seconds: Double) -> String {
    if seconds < 1e-3 { return String(format: "%.1f µs", seconds * 1e6) }
    if seconds < 1 { return String(format: "%.2f ms", seconds * 1e3) }
    return String(format: "%.2f s", seconds)
}

/// The 1-, 5- and 15-minute load averages, to show how busy the machine was.
func loadAverage() -> String {
    let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
    return text.split(separator: " ").prefix(3).joined(separator: " ")
}

/// The path of another product built beside `p2pgrid-bench` (e.g. `p2pgrid`).
func siblingExecutable(_ name: String) throws -> String {
    let own = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    let path = ((own as NSString).deletingLastPathComponent as NSString).appendingPathComponent(name)
    guard FileManager.default.isExecutableFile(atPath: path) else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: path])
    }
    return path
}

/// Runs `executable` (a path, or a name looked up on the PATH) to completion.
func runToCompletion(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
    let process = Process()
    if executable.contains("/") {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
    } else {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
    }
    // Standard error goes to a file, so that only one pipe is read and neither can fill up and block the child.
    let errorsPath = FileManager.default.temporaryDirectory.appendingPathComponent("p2pgrid-bench-child-\(UUID().uuidString).err").path
    guard FileManager.default.createFile(atPath: errorsPath, contents: nil), let errors = FileHandle(forWritingAtPath: errorsPath) else {
        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: errorsPath])
    }
    defer { try? FileManager.default.removeItem(atPath: errorsPath) }
    let output = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try? errors.close()
    let errorText = (try? String(contentsOfFile: errorsPath, encoding: .utf8)) ?? ""
    return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), errorText)
}
