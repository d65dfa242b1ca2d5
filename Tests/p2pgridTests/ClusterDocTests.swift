import Foundation
import Testing

/// docs/cluster.md quotes the sharded-generation benchmark; its numbers must be the committed ones.
@Suite struct ClusterDocTests {
    @Test("Every table row of docs/cluster.md's cost section is a row of Reports/bench/shards.md")
    func costTableMatchesBenchmark() throws {
        let root = CommandLineRun.packageRoot
        let doc = try String(contentsOf: root.appendingPathComponent("docs/cluster.md"), encoding: .utf8)
        let bench = try String(contentsOf: root.appendingPathComponent("Reports/bench/shards.md"), encoding: .utf8)
        let section = try #require(doc.range(of: "## What 500,000 samples cost")).upperBound
        let end = doc.range(of: "\n## ", range: section..<doc.endIndex)?.lowerBound ?? doc.endIndex
        let rows = doc[section..<end].split(separator: "\n").filter { $0.hasPrefix("| 33-bus") || $0.hasPrefix("| 69-bus") }
        #expect(rows.count == 4)
        let benchRows = Set(bench.split(separator: "\n").map(String.init))
        for row in rows { #expect(benchRows.contains(String(row)), "\(row)") }
    }
}
