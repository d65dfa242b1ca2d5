import Foundation
import Yams

/// A system spec read from disk: the spec, the file it came from, and the
/// network it describes (feeder with the substation, generators, voltage
/// limits and branch ratings applied).
public struct LoadedSystem: Sendable, Equatable {
    /// The decoded and validated spec.
    public let spec: SystemSpec
    /// The spec file's path.
    public let file: String
    /// The feeder file's path, resolved against the spec's directory.
    public let feederFile: String
    /// The feeder with the spec applied: slack voltage and import cost, added generators, limits and ratings.
    public let network: Network

    /// Reads, validates and builds the system at `path`.
    /// - Throws: `GridError.invalidSpec` naming the file and field for bad YAML,
    ///   missing or mistyped fields, out-of-range values and unknown buses; the
    ///   feeder's own import and power-flow errors.
    public init(path: String) throws(GridError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .fileAccess(file: path, reason: "cannot read: \(error.localizedDescription)")
        }
        let spec = try SpecDecoding.decode(SystemSpec.self, from: text, file: path)
        try Self.validateValues(spec, file: path)
        let directory = (path as NSString).deletingLastPathComponent
        let feederFile = spec.feeder.hasPrefix("/") ? spec.feeder : ((directory.isEmpty ? "." : directory) as NSString).appendingPathComponent(spec.feeder)
        let feeder = try MatpowerCase.load(path: feederFile)
        self.spec = spec
        self.file = path
        self.feederFile = feederFile
        self.network = try Self.build(spec, feeder: feeder, file: path)
    }

    /// Ranges that do not need the feeder.
    static func validateValues(_ spec: SystemSpec, file: String) throws(GridError) {
        func require(_ condition: Bool, _ field: String, _ value: Double, _ expected: String) throws(GridError) {
            if !(condition && value.isFinite) { throw .invalidSpec(file: file, field: field, message: "\(value) is out of range: expected \(expected)") }
        }
        let s = spec.substation
        try require(s.voltagePU > 0.5 && s.voltagePU < 1.5, "substation.voltagePU", s.voltagePU, "a voltage between 0.5 and 1.5 p.u.")
        try require(s.pMaxMW >= s.pMinMW, "substation.pMaxMW", s.pMaxMW, "≥ pMinMW (\(s.pMinMW))")
        try require(s.qMaxMVAr >= s.qMinMVAr, "substation.qMaxMVAr", s.qMaxMVAr, "≥ qMinMVAr (\(s.qMinMVAr))")
        try require(s.importCost.aRsPerMW2h >= 0, "substation.importCost.aRsPerMW2h", s.importCost.aRsPerMW2h, "≥ 0 (a convex cost)")
        for (i, g) in spec.generators.enumerated() {
            let at = "generators[\(i)]"
            try require(g.pMaxMW >= g.pMinMW, "\(at).pMaxMW", g.pMaxMW, "≥ pMinMW (\(g.pMinMW))")
            try require(g.qMaxMVAr >= g.qMinMVAr, "\(at).qMaxMVAr", g.qMaxMVAr, "≥ qMinMVAr (\(g.qMinMVAr))")
            try require(g.cost.aRsPerMW2h >= 0, "\(at).cost.aRsPerMW2h", g.cost.aRsPerMW2h, "≥ 0 (a convex cost)")
            try require(g.cost.bRsPerMWh.isFinite, "\(at).cost.bRsPerMWh", g.cost.bRsPerMWh, "a finite number")
        }
        let v = spec.voltageLimits
        try require(v.minPU > 0, "voltageLimits.minPU", v.minPU, "> 0")
        try require(v.maxPU > v.minPU, "voltageLimits.maxPU", v.maxPU, "> minPU (\(v.minPU))")
        let r = spec.branchRatings
        try require(r.multipleOfBaseFlow > 0, "branchRatings.multipleOfBaseFlow", r.multipleOfBaseFlow, "> 0")
        try require(r.floorMVA >= 0, "branchRatings.floorMVA", r.floorMVA, "≥ 0")
        try require(r.baseLoadScale > 0, "branchRatings.baseLoadScale", r.baseLoadScale, "> 0")
        if let prices = spec.dsoPrices {
            if let curtailment = prices.curtailmentPriceRsPerKWh {
                try require(curtailment > 0, "dsoPrices.curtailmentPriceRsPerKWh", curtailment, "> 0 Rs/kWh")
            }
            if let voll = prices.vollRsPerKWh {
                try require(voll > 0, "dsoPrices.vollRsPerKWh", voll, "> 0 Rs/kWh")
            }
            // DESIGN.md §4's merit order (curtail trades before shedding load) needs π_curt < VOLL.
            let importPrice = s.importCost.bRsPerMWh / 1000
            let curtailment = prices.curtailmentPriceRsPerKWh ?? 10 * importPrice
            let voll = prices.vollRsPerKWh ?? 50 * importPrice
            try require(curtailment < voll, "dsoPrices.curtailmentPriceRsPerKWh", curtailment,
                        "< the value of lost load (\(voll) Rs/kWh), so trades are curtailed before load is shed")
        }
        try require(spec.microgrids.scaleKappa > 0, "microgrids.scaleKappa", spec.microgrids.scaleKappa, "> 0")
        for (i, mg) in spec.microgrids.list.enumerated() {
            let at = "microgrids.list[\(i)]"
            let b = mg.battery
            try require(mg.pvNominalKW >= 0, "\(at).pvNominalKW", mg.pvNominalKW, "≥ 0")
            try require(b.ratedPowerKW >= 0, "\(at).battery.ratedPowerKW", b.ratedPowerKW, "≥ 0")
            try require(b.socMinKWh >= 0, "\(at).battery.socMinKWh", b.socMinKWh, "≥ 0")
            try require(b.socMaxKWh >= b.socMinKWh, "\(at).battery.socMaxKWh", b.socMaxKWh, "≥ socMinKWh (\(b.socMinKWh))")
            try require(b.initialSOCKWh >= b.socMinKWh && b.initialSOCKWh <= b.socMaxKWh, "\(at).battery.initialSOCKWh", b.initialSOCKWh, "within [socMinKWh, socMaxKWh]")
            try require(b.chargeEfficiency > 0 && b.chargeEfficiency <= 1, "\(at).battery.chargeEfficiency", b.chargeEfficiency, "in (0, 1]")
            try require(b.dischargeEfficiency > 0 && b.dischargeEfficiency <= 1, "\(at).battery.dischargeEfficiency", b.dischargeEfficiency, "in (0, 1]")
            try require(mg.diesel.maxKW >= 0, "\(at).diesel.maxKW", mg.diesel.maxKW, "≥ 0")
            try require(mg.diesel.aRsPerKW2h >= 0, "\(at).diesel.aRsPerKW2h", mg.diesel.aRsPerKW2h, "≥ 0 (a convex cost)")
            try require(mg.diesel.bRsPerKWh >= 0, "\(at).diesel.bRsPerKWh", mg.diesel.bRsPerKWh, "≥ 0")
            try require(mg.demand.omegaRsPerKWh > 0, "\(at).demand.omegaRsPerKWh", mg.demand.omegaRsPerKWh, "> 0")
            try require(mg.demand.alphaRsPerKW2h > 0, "\(at).demand.alphaRsPerKW2h", mg.demand.alphaRsPerKW2h, "> 0")
        }
    }

    /// Applies the spec to the feeder and derives the branch ratings from the base-case power flow.
    static func build(_ spec: SystemSpec, feeder: Network, file: String) throws(GridError) -> Network {
        var network = feeder
        network.name = spec.name
        let ids = Set(network.buses.map(\.id))
        func requireBus(_ bus: Int, _ field: String) throws(GridError) {
            guard ids.contains(bus) else {
                throw .invalidSpec(file: file, field: field, message: "bus \(bus) is not in the feeder \(feeder.name) (buses \(ids.min() ?? 0)…\(ids.max() ?? 0))")
            }
        }
        let s = spec.substation
        try requireBus(s.bus, "substation.bus")
        guard let slack = network.buses.firstIndex(where: { $0.id == s.bus }), network.buses[slack].type == .slack else {
            throw .invalidSpec(file: file, field: "substation.bus", message: "bus \(s.bus) is not the feeder's slack (type 3) bus")
        }
        for i in network.buses.indices {
            network.buses[i].vminPU = spec.voltageLimits.minPU
            network.buses[i].vmaxPU = spec.voltageLimits.maxPU
        }
        // The substation holds its voltage (DESIGN.md §2): its limits collapse onto the set-point,
        // so an OPF cannot float it within the system-wide band.
        network.buses[slack].vmPU = s.voltagePU
        network.buses[slack].vminPU = s.voltagePU
        network.buses[slack].vmaxPU = s.voltagePU
        network.generators.removeAll { $0.bus == s.bus }
        network.generators.insert(Generator(bus: s.bus, qmaxMVAr: s.qMaxMVAr, qminMVAr: s.qMinMVAr, vgPU: s.voltagePU,
                                            mBaseMVA: network.baseMVA, pmaxMW: s.pMaxMW, pminMW: s.pMinMW,
                                            cost: polynomial(s.importCost)), at: 0)
        for (i, g) in spec.generators.enumerated() {
            try requireBus(g.bus, "generators[\(i)].bus")
            network.generators.append(Generator(bus: g.bus, qmaxMVAr: g.qMaxMVAr, qminMVAr: g.qMinMVAr, vgPU: s.voltagePU,
                                                mBaseMVA: network.baseMVA, pmaxMW: g.pMaxMW, pminMW: g.pMinMW,
                                                cost: polynomial(g.cost)))
        }
        for (i, mg) in spec.microgrids.list.enumerated() {
            try requireBus(mg.bus, "microgrids.list[\(i)].bus")
        }
        let rule = spec.branchRatings
        let baseFlows = try baseCaseFlows(network, substationBus: s.bus, loadScale: rule.baseLoadScale, file: file)
        var ratings = baseFlows.map { max(rule.floorMVA, rule.multipleOfBaseFlow * $0) }
        // Open tie switches carry no base flow: each one the feeder's loss-minimising radial configuration
        // closes is rated by the same rule on its flow there, so a DSO that reconfigures (DESIGN.md §12)
        // closes a tie rated like the feeder it joins rather than at the floor.
        let ties = network.branches.indices.filter { !network.branches[$0].inService }
        if !ties.isEmpty, let best = try LossMinimisingReconfiguration(network: network, loadScale: rule.baseLoadScale, source: file)
            .heuristic().best.first {
            let reconfigured = try baseCaseFlows(network.withSwitches(best.inService), substationBus: s.bus,
                                                 loadScale: rule.baseLoadScale, file: file)
            for k in ties where best.inService[k] { ratings[k] = max(rule.floorMVA, rule.multipleOfBaseFlow * reconfigured[k]) }
        }
        for k in network.branches.indices {
            network.branches[k].rateAMVA = ratings[k]
            network.branches[k].rateBMVA = ratings[k]
            network.branches[k].rateCMVA = ratings[k]
        }
        return network
    }

    /// Per branch, the larger from-end apparent power (MVA) of two base cases that bracket the DSO's
    /// dispatch: the generators other than the substation's idle, and at full output.
    private static func baseCaseFlows(_ network: Network, substationBus: Int, loadScale: Double, file: String) throws(GridError) -> [Double] {
        var idle = try RadialPowerFlow(network: network, source: file)
        let idleFlows = try idle.solve(loadScale: loadScale).branchFromApparentMVA
        var full = network
        for i in full.generators.indices where full.generators[i].bus != substationBus { full.generators[i].pgMW = full.generators[i].pmaxMW }
        var fullSolver = try RadialPowerFlow(network: full, source: file)
        let fullFlows = try fullSolver.solve(loadScale: loadScale).branchFromApparentMVA
        return zip(idleFlows, fullFlows).map { max($0, $1) }
    }

    /// MATPOWER model-2 cost `[a, b, 0]` (currency per hour, p in MW).
    private static func polynomial(_ cost: QuadraticCostSpec) -> GeneratorCost {
        GeneratorCost(model: .polynomial(coefficients: [cost.aRsPerMW2h, cost.bRsPerMWh, 0]))
    }
}
