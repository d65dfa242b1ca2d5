import Foundation
import Grid
import OPF

/// Text renderings of the DSO's answer to one proposal (`p2pgrid check`).
enum CheckReport {
    /// One JSON object with the keys of issue #12, in a fixed order; per-trade arrays in the
    /// proposal's trade order, per-MG arrays in its microgrid order. Without a solution every
    /// number is null and every array empty, so a script can read the status first. The last
    /// keys name the topology the answer holds for (`check --reconfigure`): `reconfigured`,
    /// `open_branches` ("F-T" in the case's bus ids) and `opf_solves`.
    static func json(_ answer: ReconfiguredTradeCheck, network: Network) -> String {
        let check = answer.result
        let opf = check.opf
        let solved = opf.status.hasSolution
        let low = opf.minimumVoltage, high = opf.maximumVoltage
        func numbers(_ values: [Double]) -> String { solved ? "[" + values.map(number).joined(separator: ", ") + "]" : "[]" }
        func value(_ x: Double) -> String { solved ? number(x) : "null" }
        let fields: [(String, String)] = [
            ("status", "\"\(opf.status.rawValue)\""),
            ("formulation", "\"\(check.answeredBy.rawValue)\""),
            ("exact_resolve", "\(check.exactResolve)"),
            ("objective_rs_per_h", value(opf.objective)),
            ("accepted", "\(check.accepted)"),
            ("alpha", numbers(check.alpha)),
            ("curtailed_kw", numbers(check.curtailedKW)),
            ("p_acc_kw", numbers(check.acceptedInjectionKW)),
            ("curtailed", solved ? "[" + check.curtailedMicrogrids.map { "\($0)" }.joined(separator: ", ") + "]" : "[]"),
            ("shed_kw", value(check.shedKW.reduce(0, +))),
            ("vmin_pu", value(low.voltagePU)),
            ("vmin_bus", solved ? "\(low.bus)" : "null"),
            ("vmax_pu", value(high.voltagePU)),
            ("vmax_bus", solved ? "\(high.bus)" : "null"),
            ("binding", "[" + check.binding.map { "\"\($0.description)\"" }.joined(separator: ", ") + "]"),
            ("dlmp_rs_per_kwh", numbers(check.dlmpAtMicrogridsRsPerKWh)),
            ("network_charge_rs_per_h", numbers(check.networkChargeRsPerH)),
            ("relaxation_gap", value(opf.relaxationGap)),
            ("iterations", "\(opf.iterations)"),
            ("reconfigured", "\(answer.reconfigured)"),
            ("open_branches", "[" + answer.openBranches.map { "\"\(network.branchLabel($0))\"" }.joined(separator: ", ") + "]"),
            ("opf_solves", "\(answer.opfSolves)"),
        ]
        return "{" + fields.map { "\"\($0)\": \($1)" }.joined(separator: ", ") + "}"
    }

    /// A readable table: the answer's headline, then one row per trade and per microgrid.
    static func table(_ answer: ReconfiguredTradeCheck, network: Network, proposal: CheckProposal, casePath: String) -> String {
        let check = answer.result
        let opf = check.opf
        let model = check.answeredBy.rawValue + (check.exactResolve ? " (SOCP gap too large, re-solved exactly)" : "")
        var lines = ["\(casePath): DSO check by the \(model) OPF: \(opf.status.rawValue) after \(opf.iterations) iterations"]
        let open = answer.openBranches.isEmpty ? "none open" : "open " + answer.openBranches.map(network.branchLabel).joined(separator: ", ")
        lines.append("topology: \(answer.reconfigured ? "reconfigured" : "the case's own") (\(open)); "
                     + "\(answer.opfSolves) OPF\(answer.opfSolves == 1 ? "" : "s")")
        guard opf.status.hasSolution else { return lines.joined(separator: "\n") }
        let low = opf.minimumVoltage, high = opf.maximumVoltage
        lines.append("proposal \(check.accepted ? "accepted" : "curtailed"); cost \(format(opf.objective, 2)) Rs/h; shed \(format(check.shedKW.reduce(0, +), 2)) kW; "
                     + "π_curt \(format(check.curtailmentPriceRsPerKWh, 4)) Rs/kWh, VOLL \(format(check.vollRsPerKWh, 4)) Rs/kWh")
        lines.append("voltage \(format(low.voltagePU, 4)) p.u. (bus \(low.bus)) … \(format(high.voltagePU, 4)) p.u. (bus \(high.bus)); "
                     + "relaxation gap \(String(format: "%.2e", opf.relaxationGap)) p.u.²")
        lines.append("binding: " + (check.binding.isEmpty ? "none" : check.binding.map(\.description).joined(separator: ", ")))
        lines.append("")
        lines.append(row(["trade", "seller", "buyer", "kW", "alpha", "curtailed kW", "charge Rs/h"]))
        for (k, trade) in proposal.trades.enumerated() {
            lines.append(row(["\(k)", "\(trade.seller)", "\(trade.buyer)", format(trade.powerKW, 2), format(check.alpha[k], 4),
                              format(check.curtailedKW[k], 2), format(check.networkChargeRsPerH[k], 4)]))
        }
        lines.append("")
        lines.append(row(["MG", "bus", "P_acc kW", "curtailed", "DLMP Rs/kWh"]))
        for (n, microgrid) in proposal.microgrids.enumerated() {
            lines.append(row(["\(n)", "\(microgrid.bus)", format(check.acceptedInjectionKW[n], 2),
                              check.curtailedMicrogrids[n] ? "yes" : "no", format(check.dlmpAtMicrogridsRsPerKWh[n], 4)]))
        }
        return lines.joined(separator: "\n")
    }

    private static func row(_ cells: [String]) -> String {
        cells.map { $0.padding(toLength: max(12, $0.count), withPad: " ", startingAt: 0) }.joined(separator: " ")
    }

    /// Shortest round-tripping decimal; JSON has no NaN/inf, so those become null.
    private static func number(_ value: Double) -> String {
        value.isFinite ? "\(value)" : "null"
    }

    private static func format(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }
}
