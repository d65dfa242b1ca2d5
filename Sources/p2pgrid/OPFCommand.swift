import ArgumentParser
import Foundation
import Grid
import OPF

/// `p2pgrid opf CASE`: the branch-flow OPF of a radial MATPOWER case, like
/// MATPOWER's `runopf`. Exit status: 0 solved, 3 infeasible, 1 other solver
/// failure, 2 bad input (message on stderr).
struct OPFCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "opf",
        abstract: "Solve the branch-flow OPF (SOCP relaxation or exact) of a radial MATPOWER case on Ipopt or the radial interior-point method.",
        discussion: "Costs are the case's gencost (model 2, currency/h with P in MW). Exit status: 0 solved, 3 infeasible, 1 solver failure, 2 bad input."
    )

    @Argument(help: "MATPOWER case file (.m) of a radial feeder with OPF data, or a system spec (.yaml), e.g. Datasets/systems/ieee33-modified.yaml.")
    var casePath: String

    @Option(help: "socp (convex relaxation) or exact.")
    var formulation: String = "socp"

    @Option(help: "Who solves the SOCP relaxation: radial-ipm (the dedicated interior-point method; the default) or ipopt. The exact formulation is always Ipopt's.")
    var solver: String?

    @Option(name: .customLong("shed-voll"), help: "Allow load shedding at this value of lost load (currency/MWh).")
    var shedVoll: String?

    @Option(name: .customLong("shed-quadratic"), help: "Quadratic shedding cost (currency/MW²h); needs --shed-voll.")
    var shedQuadratic: String?

    @OptionGroup var switches: SwitchOptions

    @Flag(help: "Print one JSON object instead of the summary.")
    var json = false

    @Flag(help: "Show Ipopt's iteration log, when Ipopt solves: with --solver ipopt or --formulation exact.")
    var verbose = false

    func run() throws {
        let problem: OPFProblem, socpSolver: SOCPSolverKind
        do {
            (problem, socpSolver) = try parseProblem()
        } catch let error as InputError {
            FileHandle.standardError.write(Data("p2pgrid opf: \(error.message)\n".utf8))
            throw ExitCode(2)
        }
        let result: OPFResult
        do {
            result = try OPFSolver(options: verbose ? .verbose : IpoptOptions(), warmStart: false, socpSolver: socpSolver).solve(problem)
        } catch let error as OPFError {
            FileHandle.standardError.write(Data("p2pgrid opf: \(casePath): \(error.description)\n".utf8))
            throw ExitCode(2)
        }
        print(json ? OPFReport.json(result) : OPFReport.summary(result, casePath: casePath))
        switch result.status {
        case .optimal, .acceptable: return
        case .infeasible: throw ExitCode(3)
        default: throw ExitCode(1)
        }
    }

    private struct InputError: Error { var message: String }

    private func parseProblem() throws -> (OPFProblem, SOCPSolverKind) {
        guard let formulation = OPFFormulation(rawValue: formulation) else {
            throw InputError(message: "--formulation '\(formulation)' is not one of socp, exact")
        }
        guard let socpSolver = SOCPSolverKind(rawValue: solver ?? SOCPSolverKind.radialIPM.rawValue) else {
            throw InputError(message: "--solver '\(solver ?? "")' is not one of \(SOCPSolverKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard formulation == .socp || solver == nil || socpSolver == .ipopt else {
            throw InputError(message: "--solver '\(socpSolver.rawValue)' solves the SOCP relaxation only; --formulation exact is solved by ipopt")
        }
        let network: Network
        do {
            let isSystemSpec = casePath.hasSuffix(".yaml") || casePath.hasSuffix(".yml")
            network = try switches.apply(to: isSystemSpec ? try LoadedSystem(path: casePath).network : try MatpowerCase.load(path: casePath))
        } catch {
            throw InputError(message: "\(casePath): \(error.description)")
        }
        var shedding: LoadSheddingCost?
        if let shedVoll {
            shedding = LoadSheddingCost(linearPerMWh: try number(shedVoll, "--shed-voll"),
                                        quadraticPerMW2h: try shedQuadratic.map { try number($0, "--shed-quadratic") } ?? 0)
        } else if shedQuadratic != nil {
            throw InputError(message: "--shed-quadratic needs --shed-voll")
        }
        return (OPFProblem(network: network, formulation: formulation, shedding: shedding), socpSolver)
    }

    private func number(_ text: String, _ option: String) throws -> Double {
        guard let value = Double(text), value.isFinite, value >= 0 else {
            throw InputError(message: "\(option) '\(text)' must be a finite number ≥ 0")
        }
        return value
    }
}
