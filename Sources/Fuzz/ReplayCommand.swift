#if !P2PGRID_LIBFUZZER
import Foundation

/// `p2pgrid-fuzz [--verbose] TARGET FILE|DIR...`: runs a fuzz target's inputs once each
/// without libFuzzer (the ordinary build), so the committed corpora and the
/// inputs of every crash found (Tests/Fuzz/) run as regression tests in
/// `make test`. A crash ends the process; otherwise exit 0.
@main
struct ReplayCommand {
    static func main() throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        let verbose = arguments.first == "--verbose"
        if verbose { arguments.removeFirst() }
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
            let usage = "usage: p2pgrid-fuzz [--verbose] TARGET FILE|DIR...\ntargets: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))\n"
            FileHandle.standardError.write(Data(usage.utf8))
            exit(2)
        }
        let environment = ProcessInfo.processInfo.environment
        let workspace = try FuzzWorkspace(repository: environment["P2PGRID_REPOSITORY"] ?? FileManager.default.currentDirectoryPath)
        var inputs: [String] = []
        for argument in arguments.dropFirst() {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
                FileHandle.standardError.write(Data("p2pgrid-fuzz: \(argument): no such file or directory\n".utf8))
                exit(2)
            }
            if isDirectory.boolValue {
                let names = try FileManager.default.contentsOfDirectory(atPath: argument).filter { !$0.hasPrefix(".") }.sorted()
                inputs += names.map { argument + "/" + $0 }
            } else {
                inputs.append(argument)
            }
        }
        for input in inputs {
            guard let data = FileManager.default.contents(atPath: input) else { continue }
            let error = target.run(data, in: workspace)
            if verbose { print("\(input): " + (error.map { "error: \($0)" } ?? "read")) }
        }
        print("\(target.rawValue): \(inputs.count) inputs ran without a crash")
    }
}
#endif
