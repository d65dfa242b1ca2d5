import ArgumentParser
import Foundation
import Pipeline
import Stages

/// Shared pieces of the pipeline commands: loading a spec with the stage
/// catalog, and turning `PipelineError`s into messages and exit codes.
enum PipelineCommandSupport {
    /// Exit code for bad input (malformed pipeline file, unknown stage on the command line).
    static let badInput: Int32 = 2
    /// Exit code for a run stopped by SIGINT/SIGTERM.
    static let interrupted: Int32 = 130

    static func loadSpec(_ path: String) throws -> PipelineSpec {
        do {
            return try PipelineSpecParser(registry: StageCatalog.registry(executable: RunningExecutable.path)).parse(file: path)
        } catch let error as PipelineError {
            throw fail(error)
        }
    }

    /// Prints `error` on stderr and returns the exit code to throw.
    static func fail(_ error: PipelineError) -> ExitCode {
        printError("p2pgrid: \(error.description)")
        if error.isBadInput { return ExitCode(badInput) }
        if case .interrupted = error { return ExitCode(interrupted) }
        return .failure
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    static func shortKey(_ key: String) -> String {
        String(key.prefix(12))
    }
}
