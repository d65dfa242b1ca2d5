import Grid

/// Input checks run before any solve, so bad data fails with an `OPFError`
/// naming the field instead of reaching Ipopt as NaN or an empty feasible set.
enum OPFValidation {
    static func check(_ problem: OPFProblem) throws {
        try check(problem.network)
        if let cost = problem.shedding {
            try nonNegative(cost.linearPerMWh, problem.network.name, "shedding VOLL (currency/MWh)")
            try nonNegative(cost.quadraticPerMW2h, problem.network.name, "shedding quadratic cost (currency/MW²h)")
        }
    }

    static func check(_ network: Network) throws {
        let name = network.name
        guard network.baseMVA.isFinite, network.baseMVA > 0 else {
            throw OPFError.invalidValue(network: name, field: "baseMVA", value: network.baseMVA, requirement: "a positive number")
        }
        guard network.generators.contains(where: \.inService) else {
            throw OPFError.invalidValue(network: name, field: "number of in-service generators", value: 0, requirement: "at least 1")
        }
        var busIds = Set<Int>()
        for bus in network.buses {
            busIds.insert(bus.id)
            try finite(bus.pdMW, name, "bus \(bus.id) Pd")
            try finite(bus.qdMVAr, name, "bus \(bus.id) Qd")
            try finite(bus.gsMW, name, "bus \(bus.id) Gs")
            try finite(bus.bsMVAr, name, "bus \(bus.id) Bs")
            try nonNegative(bus.vminPU, name, "bus \(bus.id) Vmin")
            try nonNegative(bus.vmaxPU, name, "bus \(bus.id) Vmax")
            guard bus.vminPU <= bus.vmaxPU else {
                throw OPFError.reversedLimits(network: name, field: "bus \(bus.id) Vmin/Vmax", lower: bus.vminPU, upper: bus.vmaxPU)
            }
        }
        for (l, branch) in network.branches.enumerated() where branch.inService {
            let label = "branch \(l + 1) (\(branch.fromBus)–\(branch.toBus))"
            for (end, bus) in [("fbus", branch.fromBus), ("tbus", branch.toBus)] where !busIds.contains(bus) {
                throw OPFError.unknownBus(network: name, field: "\(label) \(end)", bus: bus)
            }
            try finite(branch.rPU, name, "\(label) r")
            try finite(branch.xPU, name, "\(label) x")
            try finite(branch.bPU, name, "\(label) b")
            try nonNegative(branch.rateAMVA, name, "\(label) rateA")
            try nonNegative(branch.tapRatio, name, "\(label) ratio")
            // MATPOWER enforces an angle limit only when it is nonzero and tighter than ±360°.
            if branch.angMinDeg != 0 && branch.angMinDeg > -360 {
                throw OPFError.unsupportedAngleLimit(network: name, field: "\(label) angmin", valueDeg: branch.angMinDeg)
            }
            if branch.angMaxDeg != 0 && branch.angMaxDeg < 360 {
                throw OPFError.unsupportedAngleLimit(network: name, field: "\(label) angmax", valueDeg: branch.angMaxDeg)
            }
        }
        for (g, generator) in network.generators.enumerated() where generator.inService {
            let label = "generator \(g + 1) (bus \(generator.bus))"
            guard busIds.contains(generator.bus) else {
                throw OPFError.unknownBus(network: name, field: "\(label) bus", bus: generator.bus)
            }
            for (field, value) in [("Pmin", generator.pminMW), ("Pmax", generator.pmaxMW),
                                   ("Qmin", generator.qminMVAr), ("Qmax", generator.qmaxMVAr)] {
                try finite(value, name, "\(label) \(field)")
            }
            guard generator.pminMW <= generator.pmaxMW else {
                throw OPFError.reversedLimits(network: name, field: "\(label) Pmin/Pmax", lower: generator.pminMW, upper: generator.pmaxMW)
            }
            guard generator.qminMVAr <= generator.qmaxMVAr else {
                throw OPFError.reversedLimits(network: name, field: "\(label) Qmin/Qmax", lower: generator.qminMVAr, upper: generator.qmaxMVAr)
            }
            guard let cost = generator.cost else {
                throw OPFError.missingGeneratorCost(network: name, generator: g + 1, bus: generator.bus)
            }
            guard case let .polynomial(coefficients) = cost.model else {
                throw OPFError.unsupportedCostModel(network: name, generator: g + 1, bus: generator.bus, model: "1 (piecewise linear)")
            }
            for (k, c) in coefficients.enumerated() {
                try finite(c, name, "\(label) gencost coefficient c\(coefficients.count - 1 - k)")
            }
        }
        do {
            _ = try RadialTopology(network: network)
        } catch {
            throw OPFError.network(error)
        }
    }

    static func finite(_ value: Double, _ network: String, _ field: String) throws {
        guard value.isFinite else {
            throw OPFError.invalidValue(network: network, field: field, value: value, requirement: "a finite number")
        }
    }

    static func nonNegative(_ value: Double, _ network: String, _ field: String) throws {
        guard value.isFinite, value >= 0 else {
            throw OPFError.invalidValue(network: network, field: field, value: value, requirement: "a finite number ≥ 0")
        }
    }
}
