import Foundation

// `p2pgrid-bench [--out DIR] [SUITE...]`: runs the named suites (all by default)
// and writes one Markdown report per suite into DIR (default Reports/bench).
let suites: [BenchmarkSuite] = [
    hdf5Suite,
    powerFlowSuite,
    opfSuite,
    socpSuite,
    marketClearingSuite,
    generateSuite,
    shardedGenerateSuite,
    trainSuite,
    pipelineSuite,
    portableMathSuite,
]

var outDirectory = "Reports/bench"
var selected: [String] = []
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--out":
        guard let value = arguments.popFirst() else {
            FileHandle.standardError.write(Data("p2pgrid-bench: --out needs a directory\n".utf8)); exit(2)
        }
        outDirectory = value
    case "--help", "-h":
        print("usage: p2pgrid-bench [--out DIR] [SUITE...]\nsuites: " + suites.map(\.name).joined(separator: ", "))
        exit(0)
    default:
        selected.append(argument)
    }
}
let unknown = selected.filter { name in !suites.contains { $0.name == name } }
if !unknown.isEmpty {
    FileHandle.standardError.write(Data("p2pgrid-bench: unknown suite(s) \(unknown.joined(separator: ", ")); known: \(suites.map(\.name).joined(separator: ", "))\n".utf8))
    exit(2)
}
/// Stops with the failure on standard error (exit 1) instead of a trap: a suite's inputs are read from the
/// repository (run from its root), and a missing file is an error to report, not a crash.
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("p2pgrid-bench: \(message)\n".utf8))
    exit(1)
}
do { try FileManager.default.createDirectory(atPath: outDirectory, withIntermediateDirectories: true) } catch {
    fail("cannot create \(outDirectory): \(error)")
}
for suite in suites where selected.isEmpty || selected.contains(suite.name) {
    print("== \(suite.name): \(suite.summary)")
    let markdown: String
    do { markdown = try suite.run() } catch {
        fail("suite \(suite.name) failed: \(error) (run p2pgrid-bench from the repository root)")
    }
    let path = "\(outDirectory)/\(suite.name).md"
    let temporary = path + ".tmp"
    do { try markdown.write(toFile: temporary, atomically: false, encoding: .utf8) } catch { fail("cannot write \(temporary): \(error)") }
    guard rename(temporary, path) == 0 else { fail("cannot write \(path)") }
    print(markdown)
}
