import ArgumentParser
import Foundation

/// The `p2pgrid` command: every capability of the pipeline as a subcommand.
@main
struct P2PGrid: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "p2pgrid",
        abstract: "Grid-aware peer-to-peer energy trading among microgrids: OPF data, a learned DSO predictor, case studies and reports.",
        subcommands: [
            RunCommand.self,
            StatusCommand.self,
            GraphCommand.self,
            CleanCommand.self,
            GenerateCommand.self,
            GenerateWorkerCommand.self,
            MergeCommand.self,
            SlurmCommand.self,
            TrainCommand.self,
            EvaluateCommand.self,
            ResultsTableCommand.self,
            PowerFlowCommand.self,
            ReconfigureCommand.self,
            OPFCommand.self,
            CheckCommand.self,
            H5Command.self,
            DiffCommand.self,
        ]
    )

    /// Runs the command line. Every usage error (unknown option, missing or
    /// malformed argument) exits with status 2 like other bad input, instead
    /// of ArgumentParser's 64, so scripts see one code for "fix your input".
    static func main() {
        // A file-size limit (ulimit -f) must fail the write with EFBIG and a clear error
        // naming the file, not kill the process with SIGXFSZ.
        signal(SIGXFSZ, SIG_IGN)
        let command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            let code = exitCode(for: error)
            guard code != .success else { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
        do {
            var running = command
            try running.run()
        } catch {
            exit(withError: error)
        }
    }
}
