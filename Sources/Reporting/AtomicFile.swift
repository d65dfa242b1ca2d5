import Foundation

/// Whole-file writes: readers see either the old file or the new one, never
/// half of one, so an interrupted report leaves no truncated CSV or SVG.
enum AtomicFile {
    /// Writes `contents` to a sibling temporary file, then renames it over `path`.
    static func write(_ contents: String, to path: String) throws {
        try createDirectory((path as NSString).deletingLastPathComponent)
        let temporary = temporaryPath(for: path)
        do {
            try Data(contents.utf8).write(to: URL(fileURLWithPath: temporary))
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw ReportingError.fileSystem(file: temporary, operation: "write", reason: error.localizedDescription)
        }
        try rename(temporary, to: path)
    }

    /// A sibling name unique to this process and call, so concurrent writers never share one.
    static func temporaryPath(for path: String) -> String {
        "\(path).tmp-\(getpid())-\(UUID().uuidString.prefix(8))"
    }

    /// `rename(2)`, which replaces `destination` atomically on one file system.
    static func rename(_ source: String, to destination: String) throws {
        guard Foundation.rename(source, destination) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: source)
            throw ReportingError.fileSystem(file: destination, operation: "rename \(source) to it", reason: reason)
        }
    }

    /// Creates `directory` and its parents when missing.
    static func createDirectory(_ directory: String) throws {
        guard !directory.isEmpty else { return }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ReportingError.fileSystem(file: directory, operation: "create directory", reason: error.localizedDescription)
        }
    }
}
