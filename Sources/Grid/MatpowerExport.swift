import Foundation

extension MatpowerCase {
    /// The network as a pure-data MATPOWER version-2 case file: powers in MW,
    /// impedances in per unit, no conversion statements. Doubles are written
    /// with the shortest text that reads back to the same value, so
    /// `parse(export(x)) == x` for networks whose name is a MATLAB identifier
    /// (other names are written as `functionName(for:)`).
    ///
    /// - Throws: `GridError.invalidValue` when only some generators have a
    ///   cost (MATPOWER's `gencost` has one row per generator or none).
    public static func export(_ network: Network) throws(GridError) -> String {
        let costed = network.generators.filter { $0.cost != nil }.count
        guard costed == 0 || costed == network.generators.count else {
            throw .invalidValue(source: network.name, location: "generators", field: "cost",
                                value: "\(costed) of \(network.generators.count) set", expected: "all generators or none")
        }
        var out = "function mpc = \(functionName(for: network.name))\n"
        out += "%% Written by p2pgrid from network `\(network.name)`: MW / MVAr and per-unit data, no conversions.\n\n"
        out += "%% MATPOWER Case Format : Version 2\nmpc.version = '2';\n\n"
        out += "%% system MVA base\nmpc.baseMVA = \(number(network.baseMVA));\n\n"
        out += "%% bus data\n%\tbus_i\ttype\tPd\tQd\tGs\tBs\tarea\tVm\tVa\tbaseKV\tzone\tVmax\tVmin\nmpc.bus = [\n"
        for bus in network.buses {
            out += row([Double(bus.id), Double(bus.type.rawValue), bus.pdMW, bus.qdMVAr, bus.gsMW, bus.bsMVAr,
                        Double(bus.area), bus.vmPU, bus.vaDeg, bus.baseKV, Double(bus.zone), bus.vmaxPU, bus.vminPU])
        }
        out += "];\n\n%% generator data\n%\tbus\tPg\tQg\tQmax\tQmin\tVg\tmBase\tstatus\tPmax\tPmin\nmpc.gen = [\n"
        for g in network.generators {
            out += row([Double(g.bus), g.pgMW, g.qgMVAr, g.qmaxMVAr, g.qminMVAr, g.vgPU, g.mBaseMVA,
                        g.inService ? 1 : 0, g.pmaxMW, g.pminMW])
        }
        out += "];\n\n%% branch data\n%\tfbus\ttbus\tr\tx\tb\trateA\trateB\trateC\tratio\tangle\tstatus\tangmin\tangmax\nmpc.branch = [\n"
        for b in network.branches {
            out += row([Double(b.fromBus), Double(b.toBus), b.rPU, b.xPU, b.bPU, b.rateAMVA, b.rateBMVA, b.rateCMVA,
                        b.tapRatio, b.shiftDeg, b.inService ? 1 : 0, b.angMinDeg, b.angMaxDeg])
        }
        out += "];\n"
        if costed > 0 {
            let rows: [[Double]] = network.generators.compactMap { generator in
                guard let cost = generator.cost else { return nil }
                switch cost.model {
                case let .polynomial(coefficients):
                    return [2, cost.startupCost, cost.shutdownCost, Double(coefficients.count)] + coefficients
                case let .piecewiseLinear(points):
                    return [1, cost.startupCost, cost.shutdownCost, Double(points.count)] + points.flatMap { [$0.mw, $0.cost] }
                }
            }
            let width = rows.map(\.count).max() ?? 4
            out += "\n%% generator cost data\n%\t1\tstartup\tshutdown\tn\tx1\ty1\t...\txn\tyn\n%\t2\tstartup\tshutdown\tn\tc(n-1)\t...\tc0\nmpc.gencost = [\n"
            for values in rows { out += row(values + Array(repeating: 0, count: width - values.count)) }
            out += "];\n"
        }
        return out
    }

    /// `name` as a MATLAB function name: characters other than letters, digits
    /// and `_` become `_`, and a leading non-letter gets a `case_` prefix.
    public static func functionName(for name: String) -> String {
        let scalars = name.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_") ? Character(scalar) : "_"
        }
        let identifier = String(scalars)
        guard let first = identifier.unicodeScalars.first, first.properties.isAlphabetic else { return "case_" + identifier }
        return identifier
    }

    /// Writes `export(network)` to `path` through a temporary file and a rename, so a reader never sees half a file.
    public static func write(_ network: Network, to path: String) throws(GridError) {
        let text = try export(network)
        let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        do {
            try text.write(toFile: temporary, atomically: false, encoding: .utf8)
        } catch {
            throw .fileAccess(file: path, reason: "cannot write: \(error.localizedDescription)")
        }
        guard rename(temporary, path) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw .fileAccess(file: path, reason: "cannot rename \(temporary) into place")
        }
    }

    private static func row(_ values: [Double]) -> String {
        "\t" + values.map(number).joined(separator: "\t") + ";\n"
    }

    /// Shortest round-tripping text of `value`, as MATLAB reads it.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }
}
