import Foundation
import Grid

/// Locations of the test inputs: the shared MATPOWER reference feeders
/// (`../shared/reference-cases/matpower` next to the package) and the
/// project's own `Datasets/`.
enum ReferenceCases {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let directory = packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/reference-cases/matpower").standardizedFileURL

    static var available: Bool {
        let present = FileManager.default.fileExists(atPath: directory.path)
        if !present { print("skipping: reference cases not found at \(directory.path)") }
        return present
    }

    /// Every `.m` file in the reference folder, sorted by name.
    static var all: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".m") }.sorted()
    }

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    static func load(_ name: String) throws -> Network { try MatpowerCase.load(path: path(name)) }

    static func dataset(_ relative: String) -> String { packageRoot.appendingPathComponent("Datasets/" + relative).path }
}
