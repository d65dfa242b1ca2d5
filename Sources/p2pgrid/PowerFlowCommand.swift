import ArgumentParser
import Foundation
import Grid

/// `p2pgrid powerflow CASE [--load-scale S] [--open F-T,…] [--close F-T,…] [--json]`:
/// AC power flow of a MATPOWER case or a system spec, in its own or another switch
/// configuration, as a readable summary or one JSON object.
struct PowerFlowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "powerflow",
        abstract: "Run the radial AC power flow (backward/forward sweep) of a feeder.",
        discussion: """
            CASE is a MATPOWER version-2 case file (.m) or a system spec (.yaml/.yml). \
            Exit status: 0 converged, 1 the power flow did not converge, 2 bad input.
            """
    )

    @Argument(help: "MATPOWER case file (.m) or system spec (.yaml).")
    var casePath: String

    @Option(name: .long, help: "Multiply every bus load by this factor (≥ 0).")
    var loadScale: Double = 1.0

    @OptionGroup var switches: SwitchOptions

    @Flag(name: .long, help: "Print exactly one JSON object instead of the summary.")
    var json = false

    func run() throws {
        guard loadScale.isFinite, loadScale >= 0 else {
            Self.fail("p2pgrid powerflow: --load-scale \(loadScale) must be a finite number ≥ 0")
            throw ExitCode(2)
        }
        var solver: RadialPowerFlow
        do {
            let network: Network
            if casePath.hasSuffix(".yaml") || casePath.hasSuffix(".yml") {
                network = try LoadedSystem(path: casePath).network
            } else {
                network = try MatpowerCase.load(path: casePath)
            }
            solver = try RadialPowerFlow(network: try switches.apply(to: network), source: casePath)
        } catch {
            Self.fail("p2pgrid powerflow: \(error)")
            throw ExitCode(2)
        }
        let network = solver.network
        do {
            let solution = try solver.solve(loadScale: loadScale)
            print(json ? Self.json(network, solution) : Self.summary(network, solution, loadScale: loadScale, tolerance: solver.options.tolerancePU))
        } catch {
            if json, case let .powerFlowDidNotConverge(iterations, _, _) = error {
                print("{\"buses\": \(network.buses.count), \"branches\": \(network.branches.count), \"converged\": false, \"iterations\": \(iterations), \"error\": \(Self.quoted("\(error)"))}")
            }
            Self.fail("p2pgrid powerflow: \(casePath): \(error)")
            throw ExitCode(1)
        }
    }

    static func fail(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// One JSON object; bus numbers as in the case file, keys in a fixed order.
    static func json(_ network: Network, _ solution: PowerFlowSolution) -> String {
        let low = solution.minimumVoltage, high = solution.maximumVoltage
        let fields: [(String, String)] = [
            ("buses", "\(network.buses.count)"),
            ("branches", "\(network.branches.count)"),
            ("converged", "true"),
            ("iterations", "\(solution.iterations)"),
            ("losses_kw", "\(solution.lossesKW)"),
            ("losses_kvar", "\(solution.lossesKVAr)"),
            ("vmin_pu", "\(low.voltagePU)"),
            ("vmin_bus", "\(solution.busIDs[low.index])"),
            ("vmax_pu", "\(high.voltagePU)"),
            ("vmax_bus", "\(solution.busIDs[high.index])"),
            ("substation_p_mw", "\(solution.substationPMW)"),
            ("substation_q_mvar", "\(solution.substationQMVAr)"),
        ]
        return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }

    static func summary(_ network: Network, _ solution: PowerFlowSolution, loadScale: Double, tolerance: Double) -> String {
        let low = solution.minimumVoltage, high = solution.maximumVoltage
        let open = network.branches.filter { !$0.inService }.count
        let loadKW = network.buses.reduce(0) { $0 + $1.pdMW } * loadScale * 1000
        let loadKVAr = network.buses.reduce(0) { $0 + $1.qdMVAr } * loadScale * 1000
        func row(_ label: String, _ p: Double, _ q: Double) -> String {
            label.padding(toLength: 12, withPad: " ", startingAt: 0) + String(format: "%12.2f kW %12.2f kVAr", p, q)
        }
        return """
            \(network.name): \(network.buses.count) buses, \(network.branches.count) branches (\(open) open), load scale \(loadScale)
            converged in \(solution.iterations) iterations (tolerance \(tolerance) p.u.)
            \(row("load", loadKW, loadKVAr))
            \(row("losses", solution.lossesKW, solution.lossesKVAr))
            \(row("substation", solution.substationPMW * 1000, solution.substationQMVAr * 1000))
            \(String(format: "Vmin %.5f p.u. at bus %d; Vmax %.5f p.u. at bus %d", low.voltagePU, solution.busIDs[low.index], high.voltagePU, solution.busIDs[high.index]))
            """
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
