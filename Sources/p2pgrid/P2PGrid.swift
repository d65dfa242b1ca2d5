import ArgumentParser

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
            TrainCommand.self,
            EvaluateCommand.self,
            PowerFlowCommand.self,
            OPFCommand.self,
            H5Command.self,
        ]
    )
}
