import ArgumentParser
import Foundation
import OPF
import OPFDataset

/// `p2pgrid generate-worker …`: one worker process of a parallel `generate`
/// (internal; started by `DatasetGenerator`, not by users).
struct GenerateWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-worker",
        abstract: "One worker process of a parallel dataset generation (started by generate).",
        shouldDisplay: false
    )

    @Option var spec: String
    @Option var split: String
    @Option var seed: UInt64
    @Option var samples: Int
    @Option var firstBlock: Int
    @Option var endBlock: Int
    @Option var worker: Int
    @Option var workers: Int
    @Option var scratch: String
    @Option var linearSolver: IpoptLinearSolver = .sparseLDL
    @Option var boundRelaxFactor: Double = IpoptOptions().boundRelaxFactor
    /// Standard input is the parent's lifeline pipe: quit when it closes.
    @Flag var lifelineStdin = false

    func run() throws {
        do {
            var configuration = try DatasetConfiguration(specFile: spec, split: split)
            configuration.linearSolver = linearSolver
            guard boundRelaxFactor.isFinite, boundRelaxFactor >= 0 else {
                throw DatasetError.invalidArgument(name: "--bound-relax-factor", message: "must be finite and ≥ 0, got \(boundRelaxFactor)")
            }
            configuration.ipoptBoundRelaxFactor = boundRelaxFactor
            try DatasetGenerator.runWorker(configuration, samples: samples, seed: seed,
                                           blocks: firstBlock..<max(firstBlock, endBlock), worker: worker, workers: workers,
                                           scratch: scratch, lifeline: lifelineStdin)
        } catch {
            PowerFlowCommand.fail("p2pgrid generate-worker: \(error)")
            throw ExitCode(1)
        }
    }
}

/// `--linear-solver sparseLDL|mumps`, by the case names.
extension IpoptLinearSolver: ExpressibleByArgument {}
