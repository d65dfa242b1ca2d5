import Foundation

/// What `clean` removed.
public struct CleanSummary: Sendable, Equatable {
    /// Cache entries removed.
    public let removedEntries: Int
    /// Cache entries kept (`--keep-latest`).
    public let keptEntries: Int
    /// Bytes freed, counting regular files.
    public let freedBytes: Int64
}

/// Removes cache entries from a work directory, under its lock.
public enum CacheCleaner {
    /// Removes unfinished entries and every cache entry, or with `keepLatest`
    /// every entry no pipeline's latest record names. Run manifests stay
    /// (they are the provenance history); without `keepLatest` the latest
    /// records go too, so `status` reports stages as never run, and so does the
    /// unfinished work stages keep for a resume (`persistent/`: Slurm shards and logs).
    public static func clean(_ workDirectory: WorkDirectory, keepLatest: Bool, wait: Bool,
                             onWait: (String) -> Void = { _ in }) throws -> CleanSummary {
        guard FileManager.default.fileExists(atPath: workDirectory.path) else {
            return CleanSummary(removedEntries: 0, keptEntries: 0, freedBytes: 0)
        }
        let lock = try WorkDirectoryLock(workDirectory: workDirectory, purpose: "p2pgrid clean", wait: wait, onWait: onWait)
        defer { lock.release() }
        try FileOperations.removeIfPresent(workDirectory.incompleteDirectory)
        try workDirectory.removeStaleTemporaryFiles()
        let keep = keepLatest ? workDirectory.latestKeys() : []
        var removed = 0, kept = 0
        var freed: Int64 = 0
        for key in workDirectory.cachedKeys() {
            if keep.contains(key) {
                kept += 1
                continue
            }
            let directory = workDirectory.entryDirectory(key: key)
            freed += bytes(under: directory)
            try FileOperations.removeIfPresent(directory)
            removed += 1
        }
        if !keepLatest {
            try FileOperations.removeIfPresent("\(workDirectory.path)/pipelines")
            // Unfinished Slurm work (scripts, shards, logs) that a re-run would have resumed.
            freed += bytes(under: workDirectory.persistentRoot)
            try FileOperations.removeIfPresent(workDirectory.persistentRoot)
        }
        return CleanSummary(removedEntries: removed, keptEntries: kept, freedBytes: freed)
    }

    private static func bytes(under directory: String) -> Int64 {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return 0 }
        var total: Int64 = 0
        while enumerator.nextObject() != nil {
            if enumerator.fileAttributes?[.type] as? FileAttributeType == .typeRegular {
                total += (enumerator.fileAttributes?[.size] as? NSNumber)?.int64Value ?? 0
            }
        }
        return total
    }
}
