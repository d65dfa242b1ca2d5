import Foundation

/// Reading whole files, with failures as `ComparisonError`s naming the file.
enum FileContents {
    /// The bytes of the file at `path`.
    static func bytes(_ path: String) throws(ComparisonError) -> [UInt8] {
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? error.localizedDescription
            throw .unreadable(path: path, reason: reason)
        }
    }
}
