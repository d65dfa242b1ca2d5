/// Everything that can go wrong in HDF5Store, each case naming the file (and,
/// where there is one, the object path inside it) so the user can find what to fix.
///
/// HDF5's own error-stack printing is silenced; when the library itself fails,
/// its messages are collected into `libraryFailure.details` instead.
public enum HDF5StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No file exists at `file`.
    case fileNotFound(file: String)
    /// `file` exists but is not an HDF5 file (empty, a directory, or no HDF5 signature).
    case notAnHDF5File(file: String, reason: String)
    /// `file` has an HDF5 signature but the library cannot open it (truncated or damaged).
    case corruptFile(file: String, reason: String)
    /// `file` exists but cannot be opened (permissions, I/O error).
    case cannotOpen(file: String, reason: String)
    /// The file could not be created at `file` (missing directory, permissions, …).
    case cannotCreate(file: String, reason: String)
    /// The finished temporary file could not be renamed onto `file`.
    case cannotFinish(file: String, temporaryFile: String, reason: String)
    /// The file was already closed when an operation was attempted.
    case fileClosed(file: String)
    /// A write was attempted on a file opened read-only.
    case readOnly(file: String)
    /// `path` is not a valid object path (empty component, `.` or `..`).
    case invalidPath(file: String, path: String)
    /// No group or dataset at `path`.
    case objectNotFound(file: String, path: String)
    /// An object already exists at `path`; HDF5Store never overwrites datasets or groups.
    case alreadyExists(file: String, path: String)
    /// The object at `path` is not of the kind the operation needs (`expected` says which).
    case wrongObjectKind(file: String, path: String, expected: String, found: String)
    /// No attribute `name` on the object at `path`.
    case attributeNotFound(file: String, path: String, name: String)
    /// The stored element type differs from the requested one (no lossy conversions are made).
    case typeMismatch(file: String, path: String, stored: HDF5DataType, requested: HDF5DataType)
    /// A shape with a negative extent, or a value count that does not match the shape.
    case shapeMismatch(file: String, path: String, shape: [Int], valueCount: Int)
    /// Chunk dimensions that do not fit the dataset shape (rank, zero, or larger than a fixed extent).
    case invalidChunks(file: String, path: String, chunks: [Int], shape: [Int])
    /// A deflate level outside 0…9, or deflate unavailable in this HDF5 build.
    case invalidFilters(file: String, path: String, reason: String)
    /// `append` on a dataset whose first dimension is not extendible.
    case notExtendible(file: String, path: String)
    /// A row range outside `0..<rowCount`.
    case rowRangeOutOfBounds(file: String, path: String, range: Range<Int>, rowCount: Int)
    /// A string containing a NUL character, which HDF5 strings cannot hold.
    case invalidString(file: String, path: String, value: String)
    /// A JSON attribute that could not be encoded or decoded.
    case invalidJSON(file: String, path: String, attribute: String, reason: String)
    /// The HDF5 library reported a failure during `operation`; `details` is its error stack.
    case libraryFailure(file: String, path: String, operation: String, details: [String])

    /// A one-line message for users, starting with the file path.
    public var description: String {
        switch self {
        case let .fileNotFound(file):
            return "\(file): no such file"
        case let .notAnHDF5File(file, reason):
            return "\(file): not an HDF5 file (\(reason))"
        case let .corruptFile(file, reason):
            return "\(file): corrupt or truncated HDF5 file (\(reason))"
        case let .cannotOpen(file, reason):
            return "\(file): cannot open (\(reason))"
        case let .cannotCreate(file, reason):
            return "\(file): cannot create (\(reason))"
        case let .cannotFinish(file, temporaryFile, reason):
            return "\(file): cannot move finished file \(temporaryFile) into place (\(reason))"
        case let .fileClosed(file):
            return "\(file): file is already closed"
        case let .readOnly(file):
            return "\(file): file is open read-only"
        case let .invalidPath(file, path):
            return "\(file): invalid object path '\(path)'"
        case let .objectNotFound(file, path):
            return "\(file): no object at \(path)"
        case let .alreadyExists(file, path):
            return "\(file): an object already exists at \(path)"
        case let .wrongObjectKind(file, path, expected, found):
            return "\(file): \(path) is a \(found), expected a \(expected)"
        case let .attributeNotFound(file, path, name):
            return "\(file): \(path) has no attribute '\(name)'"
        case let .typeMismatch(file, path, stored, requested):
            return "\(file): \(path) stores \(stored), requested \(requested)"
        case let .shapeMismatch(file, path, shape, valueCount):
            return "\(file): \(path): shape \(shape) does not hold \(valueCount) values"
        case let .invalidChunks(file, path, chunks, shape):
            return "\(file): \(path): chunks \(chunks) do not fit shape \(shape)"
        case let .invalidFilters(file, path, reason):
            return "\(file): \(path): \(reason)"
        case let .notExtendible(file, path):
            return "\(file): \(path) has a fixed first dimension; create it with createExtendibleDataset to append"
        case let .rowRangeOutOfBounds(file, path, range, rowCount):
            return "\(file): \(path): rows \(range.lowerBound)..<\(range.upperBound) outside 0..<\(rowCount)"
        case let .invalidString(file, path, value):
            return "\(file): \(path): string \(value.debugDescription) contains a NUL character"
        case let .invalidJSON(file, path, attribute, reason):
            return "\(file): \(path): attribute '\(attribute)' is not valid JSON for the requested type (\(reason))"
        case let .libraryFailure(file, path, operation, details):
            let stack = details.isEmpty ? "" : ": " + details.joined(separator: "; ")
            return "\(file): \(path): HDF5 failed to \(operation)\(stack)"
        }
    }
}
