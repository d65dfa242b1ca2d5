import Foundation
import HDF5Store
import SeededRandom

/// A fresh directory under the system temporary directory, removed by `remove()`.
struct ScratchDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("hdf5store-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func contents() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Element types the property tests can draw at random.
protocol RandomElement: HDF5Element {
    static func random(using generator: inout SeededGenerator) -> Self
}

extension Float: RandomElement {
    static func random(using generator: inout SeededGenerator) -> Float { Float.random(in: -1e6...1e6, using: &generator) }
}
extension Double: RandomElement {
    static func random(using generator: inout SeededGenerator) -> Double { Double.random(in: -1e300...1e300, using: &generator) }
}
extension Int32: RandomElement {
    static func random(using generator: inout SeededGenerator) -> Int32 { Int32.random(in: .min ... .max, using: &generator) }
}
extension Int64: RandomElement {
    static func random(using generator: inout SeededGenerator) -> Int64 { Int64.random(in: .min ... .max, using: &generator) }
}
extension UInt8: RandomElement {
    static func random(using generator: inout SeededGenerator) -> UInt8 { UInt8.random(in: .min ... .max, using: &generator) }
}

/// Output and exit status of a finished subprocess.
struct ProcessResult {
    let status: Int32
    let standardOutput: String
    let standardError: String
}

/// Runs `executable` with `arguments` and waits for it; nil when the executable is absent.
func runProcess(_ executable: String, _ arguments: [String]) throws -> ProcessResult? {
    guard FileManager.default.isExecutableFile(atPath: executable) else { return nil }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let output = Pipe()
    let error = Pipe()
    process.standardOutput = output
    process.standardError = error
    try process.run()
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus,
                         standardOutput: String(decoding: outputData, as: UTF8.self),
                         standardError: String(decoding: errorData, as: UTF8.self))
}

/// Path of an HDF5 command-line tool (hdf5-tools), or nil when it is not installed.
func hdf5Tool(_ name: String) -> String? {
    ["/usr/bin/", "/usr/local/bin/"].map { $0 + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
}
