import Foundation

/// What a file is, for choosing its `FileComparison`.
enum FileKind: String, Equatable {
    /// Named `*.h5` / `*.hdf5`, or starting with the HDF5 signature.
    case hdf5
    /// Named `*.csv` and valid UTF-8 without NUL bytes.
    case csv
    /// Any other valid UTF-8 without NUL bytes (Markdown, SVG, JSON, gnuplot, …).
    case text
    /// Everything else.
    case binary

    /// The 8-byte signature at the start of an HDF5 file (without a user block).
    static let hdf5Signature: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]

    /// The kind of the file at `path`. A file named like HDF5 is HDF5 whatever
    /// its bytes, so a damaged one is reported as damaged rather than compared as binary.
    static func of(_ path: String) throws(ComparisonError) -> FileKind {
        let fileExtension = (path as NSString).pathExtension.lowercased()
        if fileExtension == "h5" || fileExtension == "hdf5" { return .hdf5 }
        let bytes = try FileContents.bytes(path)
        if bytes.starts(with: hdf5Signature) { return .hdf5 }
        guard !bytes.contains(0), String(validating: bytes, as: UTF8.self) != nil else { return .binary }
        return fileExtension == "csv" ? .csv : .text
    }

    /// The kind a pair of files is compared as: HDF5 if either is (the other
    /// then fails to open and is reported), binary if either is, CSV only if both are.
    static func pair(_ a: FileKind, _ b: FileKind) -> FileKind {
        if a == .hdf5 || b == .hdf5 { return .hdf5 }
        if a == .binary || b == .binary { return .binary }
        return a == .csv && b == .csv ? .csv : .text
    }

    /// The comparison for files of this kind.
    var comparison: any FileComparison {
        switch self {
        case .hdf5: return HDF5Comparison()
        case .csv: return CSVComparison()
        case .text: return TextComparison()
        case .binary: return BinaryComparison()
        }
    }
}
