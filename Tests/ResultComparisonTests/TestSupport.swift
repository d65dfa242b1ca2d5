import Foundation
import HDF5Store
@testable import ResultComparison

/// A fresh directory under the system temporary directory, removed by `remove()`.
struct ScratchDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("result-comparison-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// The path of `name` inside the directory.
    func file(_ name: String) -> String { path + "/" + name }

    /// Writes `text` to `name`, creating folders on the way.
    func write(_ text: String, to name: String) throws {
        let url = URL(fileURLWithPath: file(name))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

extension ComparisonReport {
    /// The item named `name`, if any.
    func item(_ name: String) -> ItemComparison? { items.first { $0.name == name } }
}

/// Two HDF5 files that differ in known places (B is the reference):
/// - `/opf/objective` float64 [4, 3]: element [2, 1] is 1e-3 larger in B (7.5 in A, 7.501 in B);
/// - `/opf/status` int32 [4] and `/inputs` float32 [2, 2]: equal;
/// - `/opf/objective@units`, `/@seed`: equal;
/// - with `structural`: `/removed` only in A, `/added` only in B, `/reshaped` [2, 3] in A and [3, 2] in B,
///   and the string attribute `/@split` "in_distribution" in A, "ood_load" in B.
enum KnownDifferences {
    static let changedIndex = [2, 1]

    static func objective(shifted: Bool) -> [Double] {
        (0..<4).flatMap { i in (0..<3).map { j in Double(i * 3 + j) + 0.5 + (shifted && [i, j] == changedIndex ? 1e-3 : 0) } }
    }

    static func write(_ path: String, isB: Bool, structural: Bool) throws {
        let file = try HDF5File.create(atPath: path)
        try file.write(objective(shifted: isB), shape: [4, 3], to: "/opf/objective", chunks: [2, 3], filters: .default)
        try file.setAttribute("units", to: "Rs/h", on: "/opf/objective")
        try file.write([Int32(0), 0, 1, 0], shape: [4], to: "/opf/status")
        try file.write([Float(0.25), 0.5, 0.75, 1], shape: [2, 2], to: "/inputs")
        try file.setAttribute("seed", to: Int64(42))
        if structural {
            try file.setAttribute("split", to: isB ? "ood_load" : "in_distribution")
            if isB {
                try file.write([1.0, 2.0], shape: [2], to: "/added")
            } else {
                try file.write([1.0, 2.0, 3.0], shape: [3], to: "/removed")
            }
            try file.write([Double](repeating: 1, count: 6), shape: isB ? [3, 2] : [2, 3], to: "/reshaped")
        }
        try file.close()
    }
}
