import Foundation

/// Layout of a work directory (default `.p2pgrid/`):
///
/// ```
/// lock                          flock(2) held by the run using the directory
/// stages/<key>/                 one cache entry: outputs + .p2pgrid-stage.json
/// incomplete/                   stages being written; renamed into stages/ when done
/// persistent/<key>.<stage>/     work a stage keeps across runs until done (Slurm scripts, shards, logs)
/// pipelines/<pipeline>/<stage>.json   last record per stage name (status, clean --keep-latest)
/// runs/<pipeline>-<UTC time>-<pid>.json   provenance manifests; <pipeline>-latest.json
/// ```
/// Everything under `stages/` appears by `rename(2)` of a complete directory,
/// so a run killed at any point leaves either a whole entry or none.
public struct WorkDirectory: Sendable {
    /// Name of the record file inside a cache entry.
    public static let recordFileName = ".p2pgrid-stage.json"

    /// The work directory's path.
    public let path: String

    /// A work directory at `path` (created on first write).
    public init(path: String) {
        self.path = path
    }

    /// Directory of the cache entry with `key`.
    public func entryDirectory(key: String) -> String { "\(path)/stages/\(key)" }
    /// The directory a stage keeps across runs for one key (`StageContext.persistentDirectory`).
    public func persistentDirectory(key: String, stage: String) -> String { "\(persistentRoot)/\(key).\(stage)" }
    /// The parent of every stage's persistent directory.
    public var persistentRoot: String { "\(path)/persistent" }
    /// Directory holding unfinished entries.
    public var incompleteDirectory: String { "\(path)/incomplete" }
    /// Directory of the run manifests.
    public var runsDirectory: String { "\(path)/runs" }
    /// The lock file.
    public var lockFile: String { "\(path)/lock" }
    /// Last record of `stage` in `pipeline`.
    public func latestRecordFile(pipeline: String, stage: String) -> String { "\(path)/pipelines/\(pipeline)/\(stage).json" }

    /// Removes the temporary files (`*.tmp-<pid>`) that a run killed mid-write left beside
    /// the latest records and manifests. Call only while holding the lock: then no
    /// writer is alive, so every such file is stale.
    public func removeStaleTemporaryFiles() throws {
        let pipelines = "\(path)/pipelines"
        var directories = [runsDirectory]
        directories += ((try? FileManager.default.contentsOfDirectory(atPath: pipelines)) ?? []).sorted().map { "\(pipelines)/\($0)" }
        for directory in directories {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where name.contains(".tmp-") {
                try FileOperations.removeIfPresent("\(directory)/\(name)")
            }
        }
    }

    /// The record of a complete cache entry, or nil when there is none.
    public func cachedRecord(key: String) -> StageRecord? {
        readRecord(atPath: entryDirectory(key: key) + "/" + Self.recordFileName)
    }

    /// The last record of a stage name, or nil.
    public func latestRecord(pipeline: String, stage: String) -> StageRecord? {
        readRecord(atPath: latestRecordFile(pipeline: pipeline, stage: stage))
    }

    /// Keys named by every pipeline's latest records.
    public func latestKeys() -> Set<String> {
        let root = "\(path)/pipelines"
        let pipelines = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        var keys: Set<String> = []
        for pipeline in pipelines {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: "\(root)/\(pipeline)")) ?? []
            for file in files where file.hasSuffix(".json") {
                if let record = readRecord(atPath: "\(root)/\(pipeline)/\(file)") { keys.insert(record.key) }
            }
        }
        return keys
    }

    /// Keys of all complete cache entries.
    public func cachedKeys() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "\(path)/stages")) ?? []).sorted()
    }

    private func readRecord(atPath file: String) -> StageRecord? {
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        return try? JSONDecoder().decode(StageRecord.self, from: data)
    }
}

/// File helpers with the error messages the runner needs.
enum FileOperations {
    static func createDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw PipelineError.fileSystem(path: path, operation: "create directory", reason: reason(error))
        }
    }

    static func removeIfPresent(_ path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw PipelineError.fileSystem(path: path, operation: "remove", reason: reason(error))
        }
    }

    static func rename(_ source: String, to destination: String) throws {
        guard Foundation.rename(source, destination) == 0 else {
            throw PipelineError.fileSystem(path: destination, operation: "rename \(source) to", reason: String(cString: strerror(errno)))
        }
    }

    /// Writes via a sibling temporary file and rename, so readers never see half a file.
    static func writeAtomically(_ data: Data, to path: String) throws {
        try createDirectory((path as NSString).deletingLastPathComponent)
        let temporary = "\(path).tmp-\(getpid())"
        do {
            try data.write(to: URL(fileURLWithPath: temporary))
        } catch {
            throw PipelineError.fileSystem(path: temporary, operation: "write", reason: reason(error))
        }
        try rename(temporary, to: path)
    }

    /// Relative paths of all regular files below `directory`, sorted; other
    /// entries (symlinks, sockets) are reported with a `!` prefix so the
    /// output contract rejects them.
    static func regularFiles(under directory: String) throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else {
            throw PipelineError.fileSystem(path: directory, operation: "list", reason: "not a directory")
        }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let type = enumerator.fileAttributes?[.type] as? FileAttributeType
            if type == .typeDirectory { continue }
            files.append(type == .typeRegular ? relative : "!" + relative)
        }
        return files.sorted()
    }

    /// SHA-256 of a file, read in 1 MiB chunks.
    static func sha256(ofFile path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw PipelineError.fileSystem(path: path, operation: "read", reason: "cannot open")
        }
        defer { try? handle.close() }
        var hasher = ContentDigest()
        while true {
            let chunk: Data
            do {
                chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            } catch {
                throw PipelineError.fileSystem(path: path, operation: "read", reason: reason(error))
            }
            if chunk.isEmpty { break }
            hasher.update([UInt8](chunk))
        }
        return hasher.finalizeHex()
    }

    /// JSON with sorted keys and indentation: stable bytes for records and manifests.
    static func stableJSON<Value: Encodable>(_ value: Value) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(0x0a)
        return data
    }

    static func reason(_ error: Error) -> String {
        (error as NSError).localizedDescription
    }
}
