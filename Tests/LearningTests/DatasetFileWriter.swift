import Foundation
import HDF5Store
@testable import Learning

/// Writes synthetic dataset files in the layout of DESIGN.md §5 with HDF5Store.
enum DatasetFileWriter {
    /// A fresh path in a per-test temporary directory.
    static func temporaryPath(_ name: String) -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("p2pgrid-learning-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent(name).path
    }

    /// Writes `data`: `/targets [N, M, 2]` interleaving `P_acc_n` and
    /// `curtailed_n`. `omit` leaves out one dataset or attribute (by path or
    /// `@name`) to build broken files; `singleTarget` writes the first
    /// dataset version's `/targets [N, M, 1]` (`P_acc_n` only).
    static func write(_ data: TrainingData, to path: String, omit: String? = nil, split: [Int32]? = nil,
                      singleTarget: Bool = false) throws {
        let file = try HDF5File.create(atPath: path)
        let (n, m) = (data.sampleCount, data.tokenCount)
        if omit != "/inputs" { try file.write(data.inputs, shape: [n, m, data.featureCount], to: "/inputs") }
        let targets = singleTarget ? data.acceptedInjectionKW
            : zip(data.acceptedInjectionKW, data.curtailed).flatMap { [$0, $1 ? 1 : 0] }
        if omit != "/targets" { try file.write(targets, shape: [n, m, singleTarget ? 1 : 2], to: "/targets") }
        if omit != "/opf/status" { try file.write(data.solved.map { $0 ? Int32(0) : Int32(2) }, shape: [n], to: "/opf/status") }
        if omit != "/opf/accepted" { try file.write(data.accepted.map { $0 ? UInt8(1) : UInt8(0) }, shape: [n], to: "/opf/accepted") }
        if omit != "@feature_names" { try file.setAttribute("feature_names", to: data.featureNames) }
        if omit != "@target_names" {
            try file.setAttribute("target_names", to: singleTarget ? ["P_acc_n"] : TrainingData.targetNames)
        }
        if let split { try file.write(split, shape: [n], to: "/split") }
        try file.close()
    }
}
