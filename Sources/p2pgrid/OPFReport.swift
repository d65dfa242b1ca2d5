import Foundation
import OPF

/// Text renderings of an OPF result for the command line.
enum OPFReport {
    /// One JSON object with the fields of issue 4, keys in a fixed order.
    static func json(_ result: OPFResult) -> String {
        let low = result.minimumVoltage, high = result.maximumVoltage
        let gens = result.generators.map { "{\"bus\": \($0.bus), \"p_mw\": \(number($0.pMW)), \"q_mvar\": \(number($0.qMVAr))}" }
        let dlmp = zip(result.busIds, result.dlmpPerKWh).map { "{\"bus\": \($0), \"price\": \(number($1))}" }
        let solved = result.status.hasSolution
        let fields: [(String, String)] = [
            ("status", "\"\(result.status.rawValue)\""),
            ("formulation", "\"\(result.formulation.rawValue)\""),
            ("objective", solved ? number(result.objective) : "null"),
            ("losses_kw", solved ? number(result.lossesKW) : "null"),
            ("vmin_pu", solved ? number(low.voltagePU) : "null"),
            ("vmin_bus", solved ? "\(low.bus)" : "null"),
            ("vmax_pu", solved ? number(high.voltagePU) : "null"),
            ("vmax_bus", solved ? "\(high.bus)" : "null"),
            ("relaxation_gap", solved ? number(result.relaxationGap) : "null"),
            ("ac_check_max_dv_pu", result.acCheckMaxVoltageDifferencePU.map(number) ?? "null"),
            ("shed_mw", solved ? number(result.shedMW.reduce(0, +)) : "null"),
            ("iterations", "\(result.iterations)"),
            ("solve_ms", number(result.solveSeconds * 1000)),
            ("gens", solved ? "[" + gens.joined(separator: ", ") + "]" : "[]"),
            ("dlmp", solved ? "[" + dlmp.joined(separator: ", ") + "]" : "[]"),
        ]
        return "{" + fields.map { "\"\($0)\": \($1)" }.joined(separator: ", ") + "}"
    }

    /// A human-readable summary.
    static func summary(_ result: OPFResult, casePath: String) -> String {
        var lines = ["\(casePath): \(result.formulation.rawValue) OPF \(result.status.rawValue) after \(result.iterations) iterations (\(format(result.solveSeconds * 1000, 2)) ms)"]
        guard result.status.hasSolution else { return lines.joined(separator: "\n") }
        let low = result.minimumVoltage, high = result.maximumVoltage
        lines.append("objective \(format(result.objective, 4)) per hour, losses \(format(result.lossesKW, 2)) kW, shed \(format(result.shedMW.reduce(0, +) * 1000, 2)) kW")
        lines.append("voltage \(format(low.voltagePU, 4)) p.u. (bus \(low.bus)) … \(format(high.voltagePU, 4)) p.u. (bus \(high.bus))")
        lines.append("relaxation gap \(String(format: "%.2e", result.relaxationGap)), AC check max |ΔV| "
                     + (result.acCheckMaxVoltageDifferencePU.map { String(format: "%.2e", $0) + " p.u." } ?? "not available"))
        lines.append("generators:")
        for gen in result.generators {
            lines.append("  bus \(gen.bus): \(format(gen.pMW, 4)) MW, \(format(gen.qMVAr, 4)) MVAr")
        }
        let prices = result.dlmpPerKWh
        lines.append("DLMP \(format(prices.min() ?? 0, 6)) … \(format(prices.max() ?? 0, 6)) per kWh")
        return lines.joined(separator: "\n")
    }

    /// Shortest round-tripping decimal; JSON has no NaN/inf, so those become null.
    private static func number(_ value: Double) -> String {
        value.isFinite ? "\(value)" : "null"
    }

    private static func format(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }
}
