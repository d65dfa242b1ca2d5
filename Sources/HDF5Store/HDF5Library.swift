import CHDF5
import Foundation

/// Process-wide access to the HDF5 C library.
///
/// Debian's serial libhdf5 1.10.8 is built thread-safe (`H5is_library_threadsafe`
/// reports true), but its thread safety is one global lock around each C call,
/// while HDF5Store's operations are sequences of calls (open, select, read, close)
/// that must not interleave with another thread's use of the same file handle.
/// So every HDF5Store operation runs under this one recursive lock; callers may use
/// HDF5Store from any number of threads. Nothing is lost by it: the library would
/// serialise the same calls internally anyway.
enum HDF5Library {
    private static let lock = NSRecursiveLock()

    /// Before the library's first use: no clean-up at process exit. HDF5 1.10.8 closes files
    /// still open at exit, and one whose close already failed (a full disk, a file-size limit)
    /// crashes it there (`H5F__close_cb`), turning a clear error into a segfault. HDF5Store
    /// closes what it writes itself and removes unfinished temporary files, so nothing needs it.
    private static let initialized: Void = { _ = H5dont_atexit() }()

    /// Runs `body` holding the process-wide HDF5 lock, with HDF5's automatic
    /// error printing switched off for the calling thread (in a thread-safe build
    /// the setting is per thread) and its error stack cleared.
    static func locked<Result>(_ body: () throws -> Result) rethrows -> Result {
        _ = initialized
        lock.lock()
        defer { lock.unlock() }
        H5Eset_auto2(p2p_H5E_DEFAULT(), nil, nil)
        H5Eclear2(p2p_H5E_DEFAULT())
        return try body()
    }


    /// The descriptions on the calling thread's HDF5 error stack, from the API
    /// call down to the innermost function; the stack is cleared afterwards.
    static func drainErrorStack() -> [String] {
        final class Collector { var messages: [String] = [] }
        let collector = Collector()
        let walker: H5E_walk2_t = { _, entry, clientData in
            guard let entry, let clientData else { return 0 }
            let collector = Unmanaged<Collector>.fromOpaque(clientData).takeUnretainedValue()
            let description = entry.pointee.desc.map { String(cString: $0) } ?? ""
            let function = entry.pointee.func_name.map { String(cString: $0) } ?? "?"
            collector.messages.append("\(function): \(description)")
            return 0
        }
        withExtendedLifetime(collector) {
            _ = H5Ewalk2(p2p_H5E_DEFAULT(), H5E_WALK_DOWNWARD, walker,
                         Unmanaged.passUnretained(collector).toOpaque())
        }
        H5Eclear2(p2p_H5E_DEFAULT())
        return collector.messages
    }
}

extension HDF5File {
    /// Version of the linked HDF5 C library, e.g. `1.10.8`.
    public static var libraryVersion: String {
        HDF5Library.locked {
            var major: UInt32 = 0, minor: UInt32 = 0, release: UInt32 = 0
            H5get_libversion(&major, &minor, &release)
            return "\(major).\(minor).\(release)"
        }
    }

    /// Whether the linked HDF5 library was built thread-safe. HDF5Store is safe
    /// to use from several threads either way (see `HDF5Library`).
    public static var isLibraryThreadSafe: Bool {
        HDF5Library.locked {
            var threadSafe: hbool_t = false
            return H5is_library_threadsafe(&threadSafe) >= 0 && threadSafe
        }
    }
}
