import Foundation

/// The bytes a pipeline run leaves behind, for comparing runs.
enum PipelineOutputs {
    /// Every file under `work/stages`, with its bytes — except the case studies' wall-clock
    /// timings, the one output that differs run to run, and the stage record holding their hashes.
    static func cached(in work: URL) throws -> [String: Data] {
        let all = try files(under: work.appendingPathComponent("stages"))
        // Entries holding wall-clock timings (casestudy's timings.csv/md, the report's
        // machine/case-timings.csv/md): skip those files and the entry's record of their hashes.
        let isTiming = { (path: String) in path.hasSuffix("timings.csv") || path.hasSuffix("timings.md") }
        let timedEntries = Set(all.keys.filter(isTiming).map { String($0.split(separator: "/")[0]) })
        return all.filter { path, _ in
            !isTiming(path) && !(path.hasSuffix("/.p2pgrid-stage.json") && timedEntries.contains(String(path.split(separator: "/")[0])))
        }
    }

    /// Every file of a published report, with its bytes, except the machine-dependent `machine/` folder.
    static func published(report: URL) throws -> [String: Data] {
        try files(under: report).filter { !$0.key.hasPrefix("/machine/") }
    }

    /// Regular files under `directory`, keyed by their path below it (starting with "/").
    static func files(under directory: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            files[String(url.standardizedFileURL.path.dropFirst(directory.standardizedFileURL.path.count))] = try Data(contentsOf: url)
        }
        return files
    }
}
