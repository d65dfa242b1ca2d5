import Foundation

/// Copies a report stage's cached outputs to `<reports>/<pipeline>/` in the
/// repository. The report stage itself writes only into its cache entry
/// (so it is cached, hashed and crash-safe like every stage); publishing is
/// a separate, idempotent step the runner does after the stage ran or hit:
/// copy into a hidden sibling, move the old directory aside, rename the new
/// one in, delete the old one. A crash in between leaves at worst a missing
/// or stale directory plus hidden leftovers, which the next publish repairs.
struct ReportPublisher {
    let reportsDirectory: String

    /// Publishes `record`'s outputs from `entryDirectory`; returns the
    /// destination, unchanged when it already holds exactly these bytes.
    func publish(record: StageRecord, entryDirectory: String, pipeline: String) throws -> String {
        let destination = "\(reportsDirectory)/\(pipeline)"
        let incoming = "\(reportsDirectory)/.\(pipeline).incoming"
        let outgoing = "\(reportsDirectory)/.\(pipeline).outgoing"
        try FileOperations.removeIfPresent(incoming)
        try FileOperations.removeIfPresent(outgoing)
        if try holdsExactly(record.outputs, directory: destination) { return destination }

        try FileOperations.createDirectory(incoming)
        for file in record.outputs.keys.sorted() {
            let target = incoming + "/" + file
            try FileOperations.createDirectory((target as NSString).deletingLastPathComponent)
            do {
                try FileManager.default.copyItem(atPath: entryDirectory + "/" + file, toPath: target)
            } catch {
                throw PipelineError.fileSystem(path: target, operation: "copy report file", reason: FileOperations.reason(error))
            }
        }
        if FileManager.default.fileExists(atPath: destination) {
            try FileOperations.rename(destination, to: outgoing)
        }
        try FileOperations.rename(incoming, to: destination)
        try FileOperations.removeIfPresent(outgoing)
        return destination
    }

    private func holdsExactly(_ outputs: [String: String], directory: String) throws -> Bool {
        guard FileManager.default.fileExists(atPath: directory) else { return false }
        guard try FileOperations.regularFiles(under: directory) == outputs.keys.sorted() else { return false }
        for (file, hash) in outputs where try FileOperations.sha256(ofFile: directory + "/" + file) != hash {
            return false
        }
        return true
    }
}
