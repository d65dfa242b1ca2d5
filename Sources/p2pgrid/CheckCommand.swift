import ArgumentParser
import Foundation
import Grid
import OPF

/// `p2pgrid check CASE --proposal P.json`: the DSO's answer to one trade
/// proposal on a radial case (DESIGN.md §4, version 2) — acceptance fractions,
/// curtailment, network charges, binding limits. The substation holds its
/// generator's `Vg`; the import price (for the default VOLL and π_curt) is the
/// slack generator's linear gencost coefficient. Exit status: 0 solved (accepted
/// or not), 3 no solution (the JSON still says why), 2 bad input.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "The DSO's answer to one P2P trade proposal: curtailment, network charges and binding limits from the branch-flow OPF.",
        discussion: """
        The proposal is a JSON object: loadScale, sheddingPriceRsPerKW2, correctionPriceRsPerKW2, \
        microgrids [{bus, powerFactor}], trades [{seller, buyer, kW}] (indices into microgrids), and optionally \
        curtailmentPriceRsPerKWh and vollRsPerKWh (default 10 × and 50 × the import price). \
        With --reconfigure K the DSO, before it curtails, also checks the proposal on the feeder's K best \
        loss-minimising radial alternatives to the case's topology and answers with the cheapest OPF; \
        the answer names the topology it holds for. --open/--close check the proposal on another configuration. \
        Exit status: 0 solved, 3 no solution, 2 bad input.
        """
    )

    @Argument(help: "MATPOWER case file (.m) of a radial feeder with gencost, or a system spec (.yaml).")
    var casePath: String

    @Option(help: "The proposal JSON file.")
    var proposal: String

    @Option(help: "socp (convex relaxation, re-solved exactly when its gap is too large) or exact.")
    var formulation: String = "socp"

    @Option(help: "Who solves the SOCP relaxation: radial-ipm (the dedicated interior-point method; the default) or ipopt. The exact model and re-solve are always Ipopt's.")
    var solver: String?

    @OptionGroup var switches: SwitchOptions

    @Option(help: "K: before curtailing, also check the proposal on the feeder's K best loss-minimising radial alternatives (0: the case's topology only).")
    var reconfigure: Int = 0

    @Flag(help: "Print one JSON object instead of the table.")
    var json = false

    func run() throws {
        let check: ReconfiguredTradeCheck, input: CheckProposal, network: Network
        do {
            (check, input, network) = try answer()
        } catch {
            FileHandle.standardError.write(Data("p2pgrid check: \(error.description)\n".utf8))
            throw ExitCode(2)
        }
        print(json ? CheckReport.json(check, network: network)
                   : CheckReport.table(check, network: network, proposal: input, casePath: casePath))
        if !check.result.opf.status.hasSolution { throw ExitCode(3) }
    }

    private func answer() throws(CheckInputError) -> (ReconfiguredTradeCheck, CheckProposal, Network) {
        guard reconfigure >= 0 else {
            throw .option(name: "--reconfigure", problem: "\(reconfigure) is negative; K counts alternative topologies (0: none)")
        }
        guard let formulation = OPFFormulation(rawValue: formulation) else {
            throw .option(name: "--formulation", problem: "'\(formulation)' is not one of socp, exact")
        }
        guard let socpSolver = SOCPSolverKind(rawValue: solver ?? SOCPSolverKind.radialIPM.rawValue) else {
            throw .option(name: "--solver", problem: "'\(solver ?? "")' is not one of \(SOCPSolverKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard formulation == .socp || solver == nil || socpSolver == .ipopt else {
            throw .option(name: "--solver", problem: "'\(socpSolver.rawValue)' solves the SOCP relaxation only; --formulation exact is solved by ipopt")
        }
        let network: Network
        do {
            let isSystemSpec = casePath.hasSuffix(".yaml") || casePath.hasSuffix(".yml")
            network = try switches.apply(to: isSystemSpec ? try LoadedSystem(path: casePath).network : try MatpowerCase.load(path: casePath))
        } catch {
            throw .caseFile(file: casePath, reason: error.description)
        }
        let input = try CheckProposal(path: proposal, busIds: Set(network.buses.map(\.id)))
        let request = TradeCheckRequest(
            network: network, microgrids: input.microgrids, trades: input.trades, loadScale: input.loadScale,
            sheddingCostRsPerKW2: input.sheddingPriceRsPerKW2, correctionCostRsPerKW2: input.correctionPriceRsPerKW2,
            vollRsPerKWh: input.vollRsPerKWh, curtailmentPriceRsPerKWh: input.curtailmentPriceRsPerKWh,
            formulation: formulation)
        do {
            let lever = ReconfiguringTradeCheck(network: network, alternatives: reconfigure, warmStart: false, socpSolver: socpSolver)
            return (try lever.check(request), input, network)
        } catch let error as OPFError {
            throw .caseFile(file: casePath, reason: error.description)
        } catch let error as GridError {
            throw .caseFile(file: casePath, reason: error.description)
        } catch {
            throw .caseFile(file: casePath, reason: "\(error)")
        }
    }
}
