import Foundation
import Testing
import HDF5Store

/// `p2pgrid h5 ls`, run as a user runs it: the built executable in a subprocess.
@Suite struct H5ListCommandTests {
    /// A small dataset file shaped like the generator's output.
    private static func writeDatasetFile(_ path: String) throws {
        let file = try HDF5File.create(atPath: path)
        try file.write([Float](repeating: 0.5, count: 10 * 4 * 5), shape: [10, 4, 5], to: "/inputs", chunks: [4, 4, 5], filters: .default)
        try file.write([Int32](repeating: 0, count: 10), shape: [10], to: "/opf/status")
        try file.createExtendibleDataset("/opf/alpha", of: Float.self, rowShape: [12], chunkRows: 8)
        try file.append([Float](repeating: 1, count: 24), to: "/opf/alpha")
        try file.setAttribute("feature_names", to: ["P_load_n", "pf", "P_net_n", "c_ls", "lambda_corr"], on: "/inputs")
        try file.setAttribute("seed", to: Int64(42))
        try file.setJSONAttribute("config", to: ["samples": 10])
        try file.close()
    }

    @Test func textTreeShowsLayoutCompressionAndAttributes() throws {
        let directory = try CommandLineRun.scratchDirectory().path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/data.h5"
        try Self.writeDatasetFile(path)
        let run = try CommandLineRun.run(["h5", "ls", path])
        #expect(run.status == 0, "\(run.standardError)")
        let lines = run.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.first == path)
        #expect(lines.contains("│   @config: string = \"{\\\"samples\\\":10}\""))
        #expect(lines.contains("│   @seed: int64 = 42"))
        #expect(lines.contains { $0.hasPrefix("├── inputs  float32 [10, 4, 5], chunks [4, 4, 5], shuffle + deflate(4), ") })
        #expect(lines.contains("│       @feature_names: string [5] = [\"P_load_n\", \"pf\", \"P_net_n\", \"c_ls\", \"lambda_corr\"]"))
        #expect(lines.contains("└── opf/"))
        // Two rows occupy one whole allocated chunk of 8 × 12 float32.
        #expect(lines.contains("    ├── alpha  float32 [2, 12] max [∞, 12], chunks [8, 12], 384 B stored"))
        #expect(lines.contains("    └── status  int32 [10], contiguous, 40 B stored"))
    }

    @Test func jsonListsEveryFieldInFull() throws {
        let directory = try CommandLineRun.scratchDirectory().path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/data.h5"
        try Self.writeDatasetFile(path)
        let run = try CommandLineRun.run(["h5", "ls", path, "--json"])
        #expect(run.status == 0, "\(run.standardError)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        #expect(document["file"] as? String == path)
        let root = try #require(document["root"] as? [String: Any])
        #expect(root["kind"] as? String == "group")
        let rootAttributes = try #require(root["attributes"] as? [[String: Any]])
        #expect(rootAttributes.compactMap { $0["name"] as? String } == ["config", "seed"])
        #expect(rootAttributes.last?["value"] as? Int == 42)
        let members = try #require(root["members"] as? [[String: Any]])
        #expect(members.compactMap { $0["path"] as? String } == ["/inputs", "/opf"])
        let inputs = members[0]
        #expect(inputs["dtype"] as? String == "float32")
        #expect(inputs["shape"] as? [Int] == [10, 4, 5])
        #expect(inputs["chunks"] as? [Int] == [4, 4, 5])
        #expect(inputs["filters"] as? [String] == ["shuffle", "deflate(4)"])
        let names = try #require((inputs["attributes"] as? [[String: Any]])?.first)
        #expect(names["value"] as? [String] == ["P_load_n", "pf", "P_net_n", "c_ls", "lambda_corr"])
        let opf = try #require(members[1]["members"] as? [[String: Any]])
        let alpha = opf[0]
        #expect(alpha["path"] as? String == "/opf/alpha")
        let maxShape = try #require(alpha["maxShape"] as? [Any])
        #expect(maxShape.first is NSNull)
        #expect(maxShape.last as? Int == 12)
        #expect(opf[1]["chunks"] is NSNull)
    }

    @Test func badFilesExitWithStatus2AndNameTheFile() throws {
        let directory = try CommandLineRun.scratchDirectory().path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let text = directory + "/notes.h5"
        try "not hdf5".write(toFile: text, atomically: true, encoding: .utf8)
        let missing = directory + "/missing.h5"
        for path in [text, missing] {
            let run = try CommandLineRun.run(["h5", "ls", path])
            #expect(run.status == 2)
            #expect(run.standardOutput.isEmpty)
            #expect(run.standardError.contains(path))
        }
        let truncated = directory + "/truncated.h5"
        try Self.writeDatasetFile(truncated)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: truncated))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: truncated))
        let run = try CommandLineRun.run(["h5", "ls", truncated, "--json"])
        #expect(run.status == 2)
        #expect(run.standardError.contains("\(truncated): corrupt or truncated HDF5 file"))
    }
}
