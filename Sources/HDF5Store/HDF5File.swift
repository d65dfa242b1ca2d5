import CHDF5
import Foundation

/// An open HDF5 file: the entry point of HDF5Store.
///
/// - `create(atPath:)` writes a new file atomically: everything goes to a
///   temporary file beside the final path, and `close()` renames it into place
///   (replacing any existing file). If the writer is dropped without `close()`,
///   the temporary file is deleted and the final path is left untouched; if the
///   process dies, only a `*.tmp-*` file can be left behind, never a half-written
///   file at the final path.
/// - `openReadOnly(atPath:)` / `openReadWrite(atPath:)` open an existing file;
///   read-write changes are made in place.
///
/// Files written by HDF5Store are byte-for-byte reproducible: object times are
/// not recorded and the file format is pinned to HDF5 1.10's, so writing the
/// same data twice yields identical bytes.
///
/// Objects are named by slash-separated paths such as `/opf/status`; the
/// leading slash is optional. A file may be used from several threads: every
/// operation runs under HDF5Store's process-wide lock (see `HDF5Library`).
public final class HDF5File: @unchecked Sendable {
    /// How a file was opened.
    public enum AccessMode: Sendable, Equatable {
        /// A new file, written at a temporary path and renamed into place on `close()`.
        case create
        /// An existing file, for reading only.
        case readOnly
        /// An existing file, modified in place.
        case readWrite
    }

    /// The file's final path (what the user named).
    public let path: String
    /// How the file was opened.
    public let accessMode: AccessMode
    /// Where a created file is written until `close()` moves it to `path`.
    let temporaryPath: String?
    /// The HDF5 file identifier; negative once closed. Guarded by the HDF5Store lock.
    private var fileID: hid_t
    /// Datasets kept open so their chunk caches survive between appends and slab reads.
    private var openDatasets: [String: hid_t] = [:]

    private init(path: String, accessMode: AccessMode, fileID: hid_t, temporaryPath: String?) {
        self.path = path
        self.accessMode = accessMode
        self.fileID = fileID
        self.temporaryPath = temporaryPath
    }

    /// Starts writing a new file that will appear at `path` when `close()` succeeds.
    ///
    /// Throws `cannotCreate` when the directory is missing or not writable.
    public static func create(atPath path: String) throws -> HDF5File {
        try HDF5Library.locked {
            let temporary = "\(path).tmp-\(getpid())-\(UUID().uuidString.prefix(8))"
            let creation = H5Pcreate(p2p_H5P_FILE_CREATE())
            let accessList = H5Pcreate(p2p_H5P_FILE_ACCESS())
            defer { H5Pclose(creation); H5Pclose(accessList) }
            H5Pset_obj_track_times(creation, false)
            H5Pset_libver_bounds(accessList, H5F_LIBVER_V110, H5F_LIBVER_V110)
            H5Pset_fclose_degree(accessList, H5F_CLOSE_STRONG)
            let id = H5Fcreate(temporary, p2p_H5F_ACC_EXCL(), creation, accessList)
            guard id >= 0 else {
                let details = HDF5Library.drainErrorStack()
                let systemReason = String(cString: strerror(errno))
                throw HDF5StoreError.cannotCreate(file: path, reason: details.last.map { "\($0); \(systemReason)" } ?? systemReason)
            }
            return HDF5File(path: path, accessMode: .create, fileID: id, temporaryPath: temporary)
        }
    }

    /// Opens an existing file for reading.
    ///
    /// Throws `fileNotFound`, `notAnHDF5File` (empty, directory, no signature),
    /// `corruptFile` (truncated or damaged) or `cannotOpen`.
    public static func openReadOnly(atPath path: String) throws -> HDF5File {
        try open(path, mode: .readOnly)
    }

    /// Opens an existing file for reading and in-place modification (not atomic).
    ///
    /// Throws the same errors as `openReadOnly(atPath:)`.
    public static func openReadWrite(atPath path: String) throws -> HDF5File {
        try open(path, mode: .readWrite)
    }

    private static func open(_ path: String, mode: AccessMode) throws -> HDF5File {
        try HDF5Library.locked {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw HDF5StoreError.fileNotFound(file: path)
            }
            guard !isDirectory.boolValue else {
                throw HDF5StoreError.notAnHDF5File(file: path, reason: "it is a directory")
            }
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
            if size == 0 {
                throw HDF5StoreError.notAnHDF5File(file: path, reason: "the file is empty (0 bytes)")
            }
            let signature = H5Fis_hdf5(path)
            if signature < 0 {
                let reason = HDF5Library.drainErrorStack().last ?? String(cString: strerror(errno))
                throw HDF5StoreError.cannotOpen(file: path, reason: reason)
            }
            guard signature > 0 else {
                throw HDF5StoreError.notAnHDF5File(file: path, reason: "no HDF5 signature in its first bytes")
            }
            let accessList = H5Pcreate(p2p_H5P_FILE_ACCESS())
            defer { H5Pclose(accessList) }
            H5Pset_fclose_degree(accessList, H5F_CLOSE_STRONG)
            let flags = mode == .readOnly ? p2p_H5F_ACC_RDONLY() : p2p_H5F_ACC_RDWR()
            let id = H5Fopen(path, flags, accessList)
            guard id >= 0 else {
                let details = HDF5Library.drainErrorStack()
                if mode == .readWrite, access(path, W_OK) != 0 {
                    throw HDF5StoreError.cannotOpen(file: path, reason: "no write permission")
                }
                throw HDF5StoreError.corruptFile(file: path, reason: details.last ?? "HDF5 could not open it")
            }
            return HDF5File(path: path, accessMode: mode, fileID: id, temporaryPath: nil)
        }
    }

    /// Whether the file is still open.
    public var isOpen: Bool { HDF5Library.locked { fileID >= 0 } }

    /// Closes the file. For a created file, flushes it to disk and renames it
    /// onto `path`; on failure the temporary file is removed and `path` is untouched.
    /// Closing an already closed file does nothing.
    public func close() throws {
        try HDF5Library.locked {
            guard fileID >= 0 else { return }
            closeDatasets()
            let status = H5Fclose(fileID)
            fileID = -1
            guard let temporaryPath else {
                if status < 0 { throw libraryFailure("/", "close the file") }
                return
            }
            guard status >= 0 else {
                let error = libraryFailure("/", "close the file")
                unlink(temporaryPath)
                throw error
            }
            try moveIntoPlace(temporaryPath)
        }
    }

    deinit {
        HDF5Library.locked {
            guard fileID >= 0 else { return }
            closeDatasets()
            H5Fclose(fileID)
            if let temporaryPath { unlink(temporaryPath) }
        }
    }

    /// Makes the finished temporary file durable, then atomically replaces `path` with it.
    private func moveIntoPlace(_ temporaryPath: String) throws {
        let descriptor = Foundation.open(temporaryPath, O_RDONLY)
        if descriptor >= 0 {
            fsync(descriptor)
            Foundation.close(descriptor)
        }
        guard rename(temporaryPath, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw HDF5StoreError.cannotFinish(file: path, temporaryFile: temporaryPath, reason: reason)
        }
    }

    private func closeDatasets() {
        for id in openDatasets.values { H5Dclose(id) }
        openDatasets.removeAll()
    }

    // MARK: - Helpers for the operations in the extensions

    /// Runs `body` under the HDF5Store lock with the open file's identifier,
    /// after checking the file is open (and writable when `writing`).
    func withFile<Result>(writing: Bool, _ body: (hid_t) throws -> Result) throws -> Result {
        try HDF5Library.locked {
            guard fileID >= 0 else { throw HDF5StoreError.fileClosed(file: path) }
            if writing && accessMode == .readOnly { throw HDF5StoreError.readOnly(file: path) }
            return try body(fileID)
        }
    }

    /// A `libraryFailure` carrying the current HDF5 error stack.
    func libraryFailure(_ objectPath: String, _ operation: String) -> HDF5StoreError {
        .libraryFailure(file: path, path: objectPath, operation: operation, details: HDF5Library.drainErrorStack())
    }

    /// `path` in canonical form (`/a/b`); rejects empty, `.` and `..` components.
    func canonicalPath(_ objectPath: String) throws -> String {
        let trimmed = objectPath.hasPrefix("/") ? String(objectPath.dropFirst()) : objectPath
        if trimmed.isEmpty { return "/" }
        let components = trimmed.hasSuffix("/") ? trimmed.dropLast().split(separator: "/", omittingEmptySubsequences: false)
                                                : trimmed.split(separator: "/", omittingEmptySubsequences: false)
        guard components.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else {
            throw HDF5StoreError.invalidPath(file: path, path: objectPath)
        }
        return "/" + components.joined(separator: "/")
    }

    /// Whether a link exists at canonical `objectPath`, checking each ancestor
    /// first (HDF5 fails rather than answering when an ancestor is missing).
    func linkExists(_ fileID: hid_t, _ objectPath: String) -> Bool {
        if objectPath == "/" { return true }
        var prefix = ""
        for component in objectPath.split(separator: "/") {
            prefix += "/" + component
            if H5Lexists(fileID, prefix, p2p_H5P_DEFAULT()) <= 0 {
                H5Eclear2(p2p_H5E_DEFAULT())
                return false
            }
        }
        return true
    }

    /// The kind of object at canonical `objectPath`, or nil when there is none.
    func objectType(_ fileID: hid_t, _ objectPath: String) -> H5O_type_t? {
        guard linkExists(fileID, objectPath) else { return nil }
        var info = H5O_info_t()
        guard H5Oget_info_by_name2(fileID, objectPath, &info, UInt32(H5O_INFO_BASIC), p2p_H5P_DEFAULT()) >= 0 else {
            H5Eclear2(p2p_H5E_DEFAULT())
            return nil
        }
        return info.type
    }

    /// Human name of an object type, for error messages.
    static func kindName(_ type: H5O_type_t) -> String {
        switch type {
        case H5O_TYPE_GROUP: return "group"
        case H5O_TYPE_DATASET: return "dataset"
        case H5O_TYPE_NAMED_DATATYPE: return "named datatype"
        default: return "unknown object"
        }
    }

    /// The open dataset at canonical `objectPath`, opened once and cached until close.
    func dataset(_ fileID: hid_t, _ objectPath: String) throws -> hid_t {
        if let id = openDatasets[objectPath] { return id }
        guard let type = objectType(fileID, objectPath) else {
            throw HDF5StoreError.objectNotFound(file: path, path: objectPath)
        }
        guard type == H5O_TYPE_DATASET else {
            throw HDF5StoreError.wrongObjectKind(file: path, path: objectPath, expected: "dataset", found: Self.kindName(type))
        }
        let id = H5Dopen2(fileID, objectPath, Self.datasetAccessList)
        guard id >= 0 else { throw libraryFailure(objectPath, "open the dataset") }
        openDatasets[objectPath] = id
        return id
    }

    /// Dataset access properties: room in the chunk cache for a few large chunks,
    /// so appends that end mid-chunk do not recompress that chunk on every call.
    static let datasetAccessList: hid_t = {
        let list = H5Pcreate(p2p_H5P_DATASET_ACCESS())
        H5Pset_chunk_cache(list, 521, 16 << 20, 1.0)
        return list
    }()

    /// Keeps a newly created dataset open for later appends and reads.
    func cacheDataset(_ objectPath: String, _ id: hid_t) {
        openDatasets[objectPath] = id
    }

    /// Creates every missing group on the way to canonical `groupPath` (inclusive),
    /// without recording object times.
    func ensureGroup(_ fileID: hid_t, _ groupPath: String) throws {
        guard groupPath != "/" else { return }
        var prefix = ""
        for component in groupPath.split(separator: "/") {
            prefix += "/" + component
            if let type = objectType(fileID, prefix) {
                guard type == H5O_TYPE_GROUP else {
                    throw HDF5StoreError.wrongObjectKind(file: path, path: prefix, expected: "group", found: Self.kindName(type))
                }
                continue
            }
            let creation = H5Pcreate(p2p_H5P_GROUP_CREATE())
            defer { H5Pclose(creation) }
            H5Pset_obj_track_times(creation, false)
            let id = H5Gcreate2(fileID, prefix, p2p_H5P_DEFAULT(), creation, p2p_H5P_DEFAULT())
            guard id >= 0 else { throw libraryFailure(prefix, "create the group") }
            H5Gclose(id)
        }
    }

    /// The parent group of canonical `objectPath` (`/` for top-level objects).
    static func parentPath(_ objectPath: String) -> String {
        guard let slash = objectPath.lastIndex(of: "/"), slash != objectPath.startIndex else { return "/" }
        return String(objectPath[..<slash])
    }

    // MARK: - Groups

    /// Whether a group or dataset exists at `path`.
    public func exists(_ objectPath: String) throws -> Bool {
        let canonical = try canonicalPath(objectPath)
        return try withFile(writing: false) { objectType($0, canonical) != nil }
    }

    /// Creates the group at `path` and any missing groups above it; an existing
    /// group is left as it is.
    public func createGroup(_ groupPath: String) throws {
        let canonical = try canonicalPath(groupPath)
        try withFile(writing: true) { try ensureGroup($0, canonical) }
    }
}
