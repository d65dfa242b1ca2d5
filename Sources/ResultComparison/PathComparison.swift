import Foundation

/// The entry point: compares two files or two folders of results, value by
/// value within tolerance, into a `ComparisonReport`.
///
/// B is the reference: relative differences are `|a − b| / |b|`.
public struct PathComparison: Sendable {
    /// The tolerances applied.
    public var tolerances: ComparisonTolerances

    /// A comparison with `tolerances`.
    public init(tolerances: ComparisonTolerances = .defaults) {
        self.tolerances = tolerances
    }

    /// Compares `a` with `b`: two folders (`FolderComparison`) or two files
    /// (the `FileComparison` of their `FileKind`; items of a single text, CSV
    /// or binary file are named by A's file name).
    ///
    /// Throws `notFound`, `fileVersusFolder`, `unreadable`, or `hdf5` for an
    /// HDF5 file that is damaged or not HDF5 — all bad input, not differences.
    public func compare(_ a: String, _ b: String) throws(ComparisonError) -> ComparisonReport {
        let folderA = try Self.isFolder(a), folderB = try Self.isFolder(b)
        let items: [ItemComparison]
        switch (folderA, folderB) {
        case (true, true):
            items = try FolderComparison(tolerances: tolerances).compare(a, b)
        case (false, false):
            let kind = FileKind.pair(try FileKind.of(a), try FileKind.of(b))
            items = try kind.comparison.compare(a, b, name: (a as NSString).lastPathComponent, tolerances: tolerances)
        case (true, false):
            throw .fileVersusFolder(file: b, folder: a)
        case (false, true):
            throw .fileVersusFolder(file: a, folder: b)
        }
        return ComparisonReport(a: a, b: b, tolerances: tolerances, items: items)
    }

    private static func isFolder(_ path: String) throws(ComparisonError) -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .notFound(path: path) }
        return isDirectory.boolValue
    }
}
