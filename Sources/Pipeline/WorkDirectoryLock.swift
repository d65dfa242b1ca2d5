import Foundation

/// An exclusive `flock(2)` on `<work directory>/lock`, held for a whole run
/// (or `clean`). The kernel drops it when the process dies, even by SIGKILL,
/// so a crashed run never leaves a stale lock. The file holds a line naming
/// the holder, for the message the second run prints.
public final class WorkDirectoryLock: @unchecked Sendable {
    private let handle: FileHandle

    /// Takes the lock. Without `wait`, throws `workDirectoryLocked` when
    /// another process holds it; with `wait`, calls `onWait` once with the
    /// holder description and blocks until the lock is free.
    public init(workDirectory: WorkDirectory, purpose: String, wait: Bool,
                onWait: (String) -> Void = { _ in }) throws {
        try FileOperations.createDirectory(workDirectory.path)
        let path = workDirectory.lockFile
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw PipelineError.fileSystem(path: path, operation: "open lock file", reason: String(cString: strerror(errno)))
        }
        handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let holder = Self.holderDescription(path)
            guard wait else { throw PipelineError.workDirectoryLocked(path: workDirectory.path, holder: holder) }
            onWait(holder)
            while flock(descriptor, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    throw PipelineError.fileSystem(path: path, operation: "lock", reason: String(cString: strerror(errno)))
                }
            }
        }
        ftruncate(descriptor, 0)
        lseek(descriptor, 0, SEEK_SET)
        let formatter = ISO8601DateFormatter()
        handle.write(Data("pid \(getpid()), \(purpose), since \(formatter.string(from: Date()))\n".utf8))
    }

    /// Releases the lock (also released when the object is deallocated or the process ends).
    public func release() {
        flock(handle.fileDescriptor, LOCK_UN)
    }

    deinit {
        flock(handle.fileDescriptor, LOCK_UN)
    }

    private static func holderDescription(_ path: String) -> String {
        let text = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return text.isEmpty ? "holder unknown" : text
    }
}
