import Foundation
import Testing

/// The built `p2pgrid` command run as a user runs it: a subprocess with its
/// exit status and both output streams.
struct CommandLineRun {
    let status: Int32
    let standardOutput: String
    let standardError: String

    /// The package root, for the repository's Datasets/ and Pipelines/.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `p2pgrid` executable in the build products directory beside the test bundle.
    static let executable: URL? = {
        var candidates: [URL] = []
        if let testBinary = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: testBinary).deletingLastPathComponent())
        }
        var bundle = Bundle.main.bundleURL
        for _ in 0..<4 {
            candidates.append(bundle)
            bundle.deleteLastPathComponent()
        }
        return candidates.map { $0.appendingPathComponent("p2pgrid") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// Runs `p2pgrid` with `arguments` in `directory` (default: the current one) and waits for it;
    /// `environment` is added to (and overrides) this process's environment.
    /// Both streams are drained concurrently, so a chatty stderr cannot block the child.
    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> CommandLineRun {
        try run(executable: try #require(executable, "p2pgrid executable not found next to the test bundle"),
                arguments, in: directory, environment: environment)
    }

    /// Runs `binary` with `arguments` like `run(_:in:environment:)`.
    static func run(executable binary: URL, _ arguments: [String], in directory: URL? = nil,
                    environment: [String: String] = [:]) throws -> CommandLineRun {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        if let directory { process.currentDirectoryURL = directory }
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let errorData = ErrorBuffer()
        let reader = Thread { errorData.set(error.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errorData.isSet { usleep(1000) }
        return CommandLineRun(status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
                              standardError: String(decoding: errorData.data, as: UTF8.self))
    }

    /// Runs `p2pgrid` with `arguments` in the directory at `path` and waits for it.
    static func run(_ arguments: [String], in path: String) throws -> CommandLineRun {
        try run(arguments, in: URL(fileURLWithPath: path))
    }

    /// A fresh temporary directory.
    static func scratchDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("p2pgrid-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Standard error collected on the reader thread.
private final class ErrorBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Data?
    func set(_ data: Data) { lock.withLock { stored = data } }
    var isSet: Bool { lock.withLock { stored != nil } }
    var data: Data { lock.withLock { stored ?? Data() } }
}
