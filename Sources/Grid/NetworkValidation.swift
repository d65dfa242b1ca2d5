/// Which table of a network a row belongs to, for error locations.
public enum NetworkTable: String, Sendable {
    case bus, branch, generator
}

extension Network {
    /// Checks the data every Grid algorithm relies on: finite numbers, unique
    /// bus ids, branches and generators on existing buses, series impedances
    /// with r ≥ 0, x ≥ 0 and not both zero (tie switches included, since they
    /// can be closed). Topology (radiality, islands) is checked by `RadialTopology`.
    ///
    /// - Parameters:
    ///   - source: the file or other name shown in errors.
    ///   - location: describes row `index` of `table` for errors (an importer
    ///     passes the file line); defaults to "bus row 3"-style text.
    public func validate(source: String,
                         location: (NetworkTable, Int) -> String = { "\($0.rawValue) row \($1 + 1)" }) throws(GridError) {
        try requireFinite(baseMVA, source: source, location: "header", field: "baseMVA")
        guard baseMVA > 0 else {
            throw .invalidValue(source: source, location: "header", field: "baseMVA", value: "\(baseMVA)", expected: "a positive MVA base")
        }
        var seen: [Int: Int] = [:]
        for (index, bus) in buses.enumerated() {
            let at = location(.bus, index)
            let fields: [(String, Double)] = [
                ("Pd", bus.pdMW), ("Qd", bus.qdMVAr), ("Gs", bus.gsMW), ("Bs", bus.bsMVAr), ("Vm", bus.vmPU),
                ("Va", bus.vaDeg), ("baseKV", bus.baseKV), ("Vmax", bus.vmaxPU), ("Vmin", bus.vminPU),
            ]
            for (name, value) in fields { try requireFinite(value, source: source, location: at, field: name) }
            if seen[bus.id] != nil { throw .duplicateBus(source: source, busID: bus.id, location: at) }
            seen[bus.id] = index
        }
        for (index, branch) in branches.enumerated() {
            let at = location(.branch, index)
            let fields: [(String, Double)] = [
                ("r", branch.rPU), ("x", branch.xPU), ("b", branch.bPU), ("rateA", branch.rateAMVA),
                ("rateB", branch.rateBMVA), ("rateC", branch.rateCMVA), ("ratio", branch.tapRatio),
                ("angle", branch.shiftDeg), ("angmin", branch.angMinDeg), ("angmax", branch.angMaxDeg),
            ]
            for (name, value) in fields { try requireFinite(value, source: source, location: at, field: name) }
            for busID in [branch.fromBus, branch.toBus] where seen[busID] == nil {
                throw .unknownBus(source: source, location: at, busID: busID)
            }
            if branch.rPU < 0 || branch.xPU < 0 || (branch.rPU == 0 && branch.xPU == 0) {
                throw .invalidImpedance(source: source, location: at, rPU: branch.rPU, xPU: branch.xPU)
            }
            if branch.tapRatio < 0 {
                throw .invalidValue(source: source, location: at, field: "ratio", value: "\(branch.tapRatio)",
                                    expected: "0 (no transformer) or a positive tap ratio")
            }
        }
        for (index, generator) in generators.enumerated() {
            let at = location(.generator, index)
            let fields: [(String, Double)] = [
                ("Pg", generator.pgMW), ("Qg", generator.qgMVAr), ("Qmax", generator.qmaxMVAr), ("Qmin", generator.qminMVAr),
                ("Vg", generator.vgPU), ("mBase", generator.mBaseMVA), ("Pmax", generator.pmaxMW), ("Pmin", generator.pminMW),
            ]
            for (name, value) in fields { try requireFinite(value, source: source, location: at, field: name) }
            if case let .polynomial(coefficients)? = generator.cost?.model {
                for value in coefficients { try requireFinite(value, source: source, location: at, field: "cost coefficient") }
            }
            if seen[generator.bus] == nil { throw .unknownBus(source: source, location: at, busID: generator.bus) }
        }
    }

    private func requireFinite(_ value: Double, source: String, location: String, field: String) throws(GridError) {
        if !value.isFinite { throw .nonFiniteValue(source: source, location: location, field: field) }
    }
}
