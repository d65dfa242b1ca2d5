import Foundation

/// Paths of the repository's dataset specs, found from this file.
enum DatasetFixtures {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../..").standardizedFileURL
    static var stressedSpec: String { repository.appendingPathComponent("Datasets/specs/ieee33-stressed.yaml").path }
    static var paperSpec: String { repository.appendingPathComponent("Datasets/specs/ieee33-paper.yaml").path }
    static var systemsDirectory: String { repository.appendingPathComponent("Datasets/systems").path }

    /// A fresh temporary directory for one test.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("p2pgrid-dataset-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `text` as a dataset spec in `directory` whose `system` path points at the repository's systems.
    static func writeSpec(_ text: String, in directory: URL, name: String = "spec.yaml") throws -> String {
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The stressed spec's text with `system:` made absolute, for edited copies.
    static func stressedSpecText() throws -> String {
        try String(contentsOfFile: stressedSpec, encoding: .utf8)
            .replacingOccurrences(of: "../systems/", with: systemsDirectory + "/")
    }
}
