import ArgumentParser
import Foundation
import Grid

/// `p2pgrid reconfigure CASE [--load-scale S] [--method …] [--fixed F-T,…] [--best K] [--json]`:
/// the loss-minimising radial configuration of a feeder's switchable branches.
struct ReconfigureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconfigure",
        abstract: "Find the loss-minimising radial configuration of a feeder's switches (AC power flow losses).",
        discussion: """
            CASE is a MATPOWER version-2 case file (.m) or a system spec (.yaml/.yml). Every branch may switch \
            (tie switches included) unless --fixed keeps it in its case state. Only radial, connected \
            configurations are ever evaluated. exhaustive visits every one of them and proves the optimum \
            (refused above \(Int(LossMinimisingReconfiguration.exhaustiveLimit)) configurations); heuristic runs \
            best-improvement branch exchange from the case's configuration and seeded random spanning trees and \
            proves nothing. The default, auto, is exhaustive when the count (matrix-tree theorem) allows it. \
            Exit status: 0 found, 1 no configuration's power flow converged, 2 bad input.
            """
    )

    enum Method: String, ExpressibleByArgument, CaseIterable { case auto, exhaustive, heuristic }

    @Argument(help: "MATPOWER case file (.m) or system spec (.yaml).")
    var casePath: String

    @Option(name: .long, help: "Multiply every bus load by this factor (≥ 0).")
    var loadScale: Double = 1.0

    @Option(name: .long, help: "auto, exhaustive or heuristic.")
    var method: Method = .auto

    @Option(name: .long, help: "Branches that keep their case state, as F-T in bus ids, comma-separated.")
    var fixed: String = ""

    @Option(name: .long, help: "Also list the K best configurations (≥ 1).")
    var best: Int = 1

    @Option(name: .long, help: "Heuristic: starting configurations (the case's own and random spanning trees, ≥ 1).")
    var starts: Int = 8

    @Option(name: .long, help: "Heuristic: seed of the random starts.")
    var seed: UInt64 = 1

    @Flag(name: .long, help: "Print exactly one JSON object instead of the summary.")
    var json = false

    func run() throws {
        func usage(_ message: String) throws -> Never {
            PowerFlowCommand.fail("p2pgrid reconfigure: \(message)")
            throw ExitCode(2)
        }
        guard loadScale.isFinite, loadScale >= 0 else { try usage("--load-scale \(loadScale) must be a finite number ≥ 0") }
        guard best >= 1 else { try usage("--best \(best) must be ≥ 1") }
        guard starts >= 1 else { try usage("--starts \(starts) must be ≥ 1") }
        let search: LossMinimisingReconfiguration
        let network: Network
        do {
            network = casePath.hasSuffix(".yaml") || casePath.hasSuffix(".yml")
                ? try LoadedSystem(path: casePath).network : try MatpowerCase.load(path: casePath)
            let fixedBranches = try Set(Self.labels(fixed).map { label throws(GridError) in try network.branchIndex(label: label) })
            search = try LossMinimisingReconfiguration(network: network, fixed: fixedBranches, loadScale: loadScale, source: casePath)
        } catch {
            try usage("\(casePath): \(error)")
        }
        let count = search.configurations.count
        let exhaustive = method == .exhaustive || (method == .auto && count <= LossMinimisingReconfiguration.exhaustiveLimit)
        let clock = ContinuousClock.now
        let progress = ProgressLine(label: "reconfigure")
        let result: ReconfigurationResult
        do {
            result = exhaustive
                ? try search.exhaustive(keep: best) { done, total in
                    if !json { progress.note("\(done)/\(Int(total)) configurations", elapsed: Self.seconds(since: clock)) }
                }
                : try search.heuristic(keep: best, starts: starts, seed: seed)
        } catch {
            try usage("\(casePath): \(error)")
        }
        guard let optimum = result.best.first else {
            PowerFlowCommand.fail("p2pgrid reconfigure: \(casePath): no configuration's power flow converged (\(result.configurationsEvaluated) evaluated)")
            throw ExitCode(1)
        }
        if json {
            print(Self.json(network, result, optimum: optimum, count: count, loadScale: loadScale))
        } else {
            print(Self.summary(network, result, count: count, loadScale: loadScale, seconds: Self.seconds(since: clock)))
        }
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    /// `"7-8, 9-10"` → `["7-8", "9-10"]`; empty for an empty option.
    static func labels(_ list: String) -> [String] {
        list.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func openLabels(_ network: Network, _ configuration: EvaluatedConfiguration) -> [String] {
        configuration.openBranches.map(network.branchLabel)
    }

    /// One JSON object, keys in a fixed order.
    static func json(_ network: Network, _ result: ReconfigurationResult, optimum: EvaluatedConfiguration, count: Double,
                     loadScale: Double) -> String {
        func list(_ labels: [String]) -> String { "[" + labels.map(PowerFlowCommand.quoted).joined(separator: ", ") + "]" }
        func object(_ c: EvaluatedConfiguration) -> String {
            "{\"losses_kw\": \(c.lossesKW), \"open_branches\": \(list(openLabels(network, c))), \"vmin_pu\": \(c.minimumVoltagePU), \"vmin_bus\": \(c.minimumVoltageBusID)}"
        }
        let fields: [(String, String)] = [
            ("losses_kw", "\(optimum.lossesKW)"),
            ("open_branches", list(openLabels(network, optimum))),
            ("vmin_pu", "\(optimum.minimumVoltagePU)"),
            ("vmin_bus", "\(optimum.minimumVoltageBusID)"),
            ("configurations_evaluated", "\(result.configurationsEvaluated)"),
            ("radial_configurations", "\(Int(count))"),
            ("power_flow_failures", "\(result.powerFlowFailures)"),
            ("failures_ruled_out", "\(result.failuresRuledOut)"),
            ("method", PowerFlowCommand.quoted(result.method.rawValue)),
            ("proved_optimal", "\(result.provedOptimal)"),
            ("load_scale", "\(loadScale)"),
            ("base", result.base.map(object) ?? "null"),
            ("best", "[" + result.best.map(object).joined(separator: ", ") + "]"),
        ]
        return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }

    static func summary(_ network: Network, _ result: ReconfigurationResult, count: Double, loadScale: Double, seconds: Double) -> String {
        func line(_ c: EvaluatedConfiguration) -> String {
            String(format: "%10.2f kW  Vmin %.4f p.u. at bus %d  open ", c.lossesKW, c.minimumVoltagePU, c.minimumVoltageBusID)
                + openLabels(network, c).joined(separator: ", ")
        }
        var lines = ["\(network.name): \(network.buses.count) buses, \(network.branches.count) branches, \(Int(count)) radial configurations, load scale \(loadScale)"]
        lines.append(result.method == .exhaustive
            ? "exhaustive: \(result.configurationsEvaluated) configurations evaluated in " + String(format: "%.1f s", seconds)
                + (result.powerFlowFailures == 0 ? "" : "; \(result.powerFlowFailures) power flows did not converge, \(result.failuresRuledOut) of them ruled out by a lower bound on their losses")
                + (result.provedOptimal ? "; the optimum is proved" : "; the optimum is not proved")
            : "heuristic (branch exchange): \(result.configurationsEvaluated) configurations evaluated in " + String(format: "%.1f s", seconds)
                + "; a local optimum, not proved")
        if let base = result.base { lines.append("case     " + line(base)) }
        for (rank, c) in result.best.enumerated() { lines.append((rank == 0 ? "best     " : "#\(rank + 1)".padding(toLength: 9, withPad: " ", startingAt: 0)) + line(c)) }
        if let base = result.base, let optimum = result.best.first, base.lossesKW > 0 {
            lines.append(String(format: "losses %.2f → %.2f kW (−%.1f %%)", base.lossesKW, optimum.lossesKW, 100 * (1 - optimum.lossesKW / base.lossesKW)))
        }
        return lines.joined(separator: "\n")
    }
}
