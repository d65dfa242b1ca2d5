import HDF5Store

/// Input that cannot be compared. Every case names the path to fix; the
/// command line exits with status 2 on all of them.
public enum ComparisonError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nothing exists at `path`.
    case notFound(path: String)
    /// One path is a file and the other a folder.
    case fileVersusFolder(file: String, folder: String)
    /// A file or folder exists but cannot be read.
    case unreadable(path: String, reason: String)
    /// An HDF5 file that cannot be opened or read (not HDF5, truncated, damaged).
    case hdf5(HDF5StoreError)

    /// A one-line message starting with the path.
    public var description: String {
        switch self {
        case let .notFound(path):
            return "\(path): no such file or folder"
        case let .fileVersusFolder(file, folder):
            return "\(file) is a file but \(folder) is a folder; compare two files or two folders"
        case let .unreadable(path, reason):
            return "\(path): cannot read (\(reason))"
        case let .hdf5(error):
            return error.description
        }
    }
}
