import Foundation

/// MATPOWER version-2 case files (`.m`): import into a `Network` and export
/// back as pure data.
///
/// Import evaluates the file's statements (see `MatpowerInterpreter` for the
/// supported subset), so the unit conversions of the radial distribution
/// cases — ohms to per unit through `Vbase`/`Sbase`, kW to MW, the
/// power-factor `Qd` of case141 — are computed, not pattern-matched. The
/// result is validated (`Network.validate`) with errors pointing at file lines.
public enum MatpowerCase {
    /// Reads and imports the case file at `path`.
    public static func load(path: String) throws(GridError) -> Network {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .fileAccess(file: path, reason: "cannot read: \(error.localizedDescription)")
        }
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return try parse(text, file: path, defaultName: stem)
    }

    /// Imports case-file text; `file` names it in errors, `defaultName` is used when it has no `function` line.
    public static func parse(_ text: String, file: String, defaultName: String = "case") throws(GridError) -> Network {
        var interpreter = MatpowerInterpreter(file: file)
        try interpreter.run(text)
        let fields = interpreter.fields
        guard case let .string(version)? = fields["version"] else { throw .missingField(file: file, field: "mpc.version") }
        guard version == "2" else {
            throw .invalidValue(source: file, location: "header", field: "mpc.version", value: "'\(version)'", expected: "'2' (MATPOWER case format version 2)")
        }
        let baseMVA = try scalar(fields, "baseMVA", file: file)
        let busMatrix = try matrix(fields, "bus", file: file)
        let genMatrix = try matrix(fields, "gen", file: file)
        let branchMatrix = try matrix(fields, "branch", file: file)
        let reader = MatpowerRowReader(file: file)
        let buses = try reader.buses(busMatrix)
        var generators = try reader.generators(genMatrix)
        let branches = try reader.branches(branchMatrix)
        if case let .matrix(costs)? = fields["gencost"] {
            let parsed = try reader.costs(costs, generatorCount: generators.count)
            for (index, cost) in parsed.enumerated() { generators[index].cost = cost }
        }
        let network = Network(name: interpreter.functionName ?? defaultName, baseMVA: baseMVA,
                              buses: buses, branches: branches, generators: generators)
        try network.validate(source: file) { table, index in
            let source: MatlabMatrix = switch table {
            case .bus: busMatrix
            case .branch: branchMatrix
            case .generator: genMatrix
            }
            let line = source.rowLines.map { "line \($0[index]), " } ?? ""
            return "\(line)\(table.rawValue) row \(index + 1)"
        }
        return network
    }

    private static func scalar(_ fields: [String: MatlabValue], _ name: String, file: String) throws(GridError) -> Double {
        guard case let .matrix(value)? = fields[name] else { throw .missingField(file: file, field: "mpc.\(name)") }
        guard value.isScalar else {
            throw .invalidValue(source: file, location: "header", field: "mpc.\(name)", value: "a \(value.rows)×\(value.columns) matrix", expected: "a scalar")
        }
        return value.elements[0]
    }

    private static func matrix(_ fields: [String: MatlabValue], _ name: String, file: String) throws(GridError) -> MatlabMatrix {
        guard case let .matrix(value)? = fields[name] else { throw .missingField(file: file, field: "mpc.\(name)") }
        return value
    }
}

/// Turns the rows of MATPOWER's matrices into network values, with errors that name the line.
struct MatpowerRowReader {
    let file: String

    func buses(_ m: MatlabMatrix) throws(GridError) -> [Bus] {
        try requireColumns(m, 13, "bus", "bus_i type Pd Qd Gs Bs area Vm Va baseKV zone Vmax Vmin")
        var result: [Bus] = []
        for i in 0..<m.rows {
            let at = location(m, "bus", i)
            let typeCode = try integer(m[i, 1], at, "bus type")
            guard let type = BusType(rawValue: typeCode) else {
                throw .invalidValue(source: file, location: at, field: "bus type", value: "\(typeCode)", expected: "1 (PQ), 2 (PV), 3 (slack) or 4 (isolated)")
            }
            result.append(Bus(id: try integer(m[i, 0], at, "bus_i"), type: type, pdMW: m[i, 2], qdMVAr: m[i, 3],
                              gsMW: m[i, 4], bsMVAr: m[i, 5], area: try integer(m[i, 6], at, "area"),
                              vmPU: m[i, 7], vaDeg: m[i, 8], baseKV: m[i, 9], zone: try integer(m[i, 10], at, "zone"),
                              vmaxPU: m[i, 11], vminPU: m[i, 12]))
        }
        return result
    }

    func generators(_ m: MatlabMatrix) throws(GridError) -> [Generator] {
        try requireColumns(m, 10, "gen", "bus Pg Qg Qmax Qmin Vg mBase status Pmax Pmin")
        var result: [Generator] = []
        for i in 0..<m.rows {
            let at = location(m, "gen", i)
            result.append(Generator(bus: try integer(m[i, 0], at, "gen bus"), pgMW: m[i, 1], qgMVAr: m[i, 2],
                                    qmaxMVAr: m[i, 3], qminMVAr: m[i, 4], vgPU: m[i, 5], mBaseMVA: m[i, 6],
                                    inService: try status(m[i, 7], at, "gen status"), pmaxMW: m[i, 8], pminMW: m[i, 9]))
        }
        return result
    }

    func branches(_ m: MatlabMatrix) throws(GridError) -> [Branch] {
        try requireColumns(m, 11, "branch", "fbus tbus r x b rateA rateB rateC ratio angle status")
        var result: [Branch] = []
        for i in 0..<m.rows {
            let at = location(m, "branch", i)
            result.append(Branch(fromBus: try integer(m[i, 0], at, "fbus"), toBus: try integer(m[i, 1], at, "tbus"),
                                 rPU: m[i, 2], xPU: m[i, 3], bPU: m[i, 4],
                                 rateAMVA: m[i, 5], rateBMVA: m[i, 6], rateCMVA: m[i, 7],
                                 tapRatio: m[i, 8], shiftDeg: m[i, 9], inService: try status(m[i, 10], at, "branch status"),
                                 angMinDeg: m.columns > 11 ? m[i, 11] : -360, angMaxDeg: m.columns > 12 ? m[i, 12] : 360))
        }
        return result
    }

    func costs(_ m: MatlabMatrix, generatorCount: Int) throws(GridError) -> [GeneratorCost] {
        guard m.rows == generatorCount else {
            throw .invalidValue(source: file, location: "gencost", field: "number of rows", value: "\(m.rows)",
                                expected: "\(generatorCount), one per generator (reactive-power cost rows are not supported)")
        }
        try requireColumns(m, 4, "gencost", "model startup shutdown n")
        var result: [GeneratorCost] = []
        for i in 0..<m.rows {
            let at = location(m, "gencost", i)
            let count = try integer(m[i, 3], at, "gencost n")
            let model = try integer(m[i, 0], at, "gencost model")
            let needed = model == 1 ? 2 * count : count
            guard model == 1 || model == 2 else {
                throw .invalidValue(source: file, location: at, field: "gencost model", value: "\(model)", expected: "1 (piecewise linear) or 2 (polynomial)")
            }
            guard count >= 0, 4 + needed <= m.columns else {
                throw .invalidValue(source: file, location: at, field: "gencost n", value: "\(count)",
                                    expected: "a count whose \(needed) values fit in the row's \(m.columns - 4) data columns")
            }
            let values = (0..<needed).map { m[i, 4 + $0] }
            let costModel: GeneratorCost.Model = model == 2
                ? .polynomial(coefficients: values)
                : .piecewiseLinear(points: (0..<count).map { (mw: values[2 * $0], cost: values[2 * $0 + 1]) })
            result.append(GeneratorCost(model: costModel, startupCost: m[i, 1], shutdownCost: m[i, 2]))
        }
        return result
    }

    private func requireColumns(_ m: MatlabMatrix, _ count: Int, _ name: String, _ layout: String) throws(GridError) {
        guard m.rows == 0 || m.columns >= count else {
            throw .invalidValue(source: file, location: location(m, name, 0), field: "mpc.\(name) columns",
                                value: "\(m.columns)", expected: "at least \(count) (\(layout))")
        }
    }

    private func location(_ m: MatlabMatrix, _ name: String, _ row: Int) -> String {
        let line = m.rowLines.map { "line \($0[row]), " } ?? ""
        return "\(line)\(name) row \(row + 1)"
    }

    private func integer(_ value: Double, _ at: String, _ field: String) throws(GridError) -> Int {
        guard value.isFinite else { throw .nonFiniteValue(source: file, location: at, field: field) }
        guard value == value.rounded(), abs(value) < 1e15 else {
            throw .invalidValue(source: file, location: at, field: field, value: "\(value)", expected: "an integer")
        }
        return Int(value)
    }

    private func status(_ value: Double, _ at: String, _ field: String) throws(GridError) -> Bool {
        guard value == 0 || value == 1 else {
            throw .invalidValue(source: file, location: at, field: field, value: "\(value)", expected: "0 (out of service / open) or 1 (in service)")
        }
        return value == 1
    }
}
