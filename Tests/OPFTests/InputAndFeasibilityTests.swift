import Testing
import Grid
@testable import OPF

/// Bad input fails before solving with an error naming the field; an
/// impossible instance is reported as infeasible, never as a fake optimum.
@Suite struct InputAndFeasibilityTests {
    /// Voltage limits of 0.99–1.0 p.u. everywhere cannot be met at nominal load without shedding.
    static func impossibleVoltageBand(_ network: Network) -> Network {
        var tight = network
        for i in tight.buses.indices where tight.buses[i].type != .slack {
            tight.buses[i].vminPU = 0.99
            tight.buses[i].vmaxPU = 1.0
        }
        return tight
    }

    @Test func unreachableVoltageBandIsInfeasible() throws {
        guard let network = try ReferenceFeeders.load("case33bw.m") else { return }
        for formulation in OPFFormulation.allCases {
            let result = try OPFSolver().solve(OPFProblem(network: Self.impossibleVoltageBand(network), formulation: formulation))
            #expect(result.status == .infeasible)
        }
    }

    @Test func sheddingMakesTheSameInstanceFeasibleAtTheVOLL() throws {
        guard let network = try ReferenceFeeders.load("case33bw.m") else { return }
        let problem = OPFProblem(network: Self.impossibleVoltageBand(network), shedding: LoadSheddingCost(linearPerMWh: 1000))
        let result = try OPFSolver().solve(problem)
        #expect(result.status == .optimal)
        let shedMW = result.shedMW.reduce(0, +)
        #expect(shedMW > 0.1)
        #expect(result.minimumVoltage.voltagePU >= 0.99 - 1e-7)
        // At a bus that sheds part of its load, shedding one more kW (with its kVAr at the load's
        // power factor) saves exactly the VOLL: P price + Q price · Qd/Pd = 1000 $/MWh = 1 $/kWh.
        let partial = result.shedMW.indices.filter { result.shedMW[$0] > 1e-4 && result.shedMW[$0] < network.buses[$0].pdMW - 1e-4 }
        #expect(!partial.isEmpty)
        for i in partial {
            let powerFactorRatio = network.buses[i].qdMVAr / network.buses[i].pdMW
            #expect(abs(result.dlmpPerKWh[i] + result.reactivePricePerKVArh[i] * powerFactorRatio - 1.0) < 1e-6)
        }
    }

    @Test func nonFiniteLoadIsRejected() throws {
        guard var network = try ReferenceFeeders.load("case33bw.m") else { return }
        network.buses[4].pdMW = .nan
        #expect { try OPFSolver().solve(OPFProblem(network: network)) } throws: { error in
            guard case let OPFError.invalidValue(name, field, _, _) = error else { return false }
            return name == "case33bw" && field == "bus 5 Pd"
        }
    }

    @Test func negativeBranchRatingIsRejected() throws {
        guard var network = try ReferenceFeeders.load("case33bw.m") else { return }
        network.branches[2].rateAMVA = -1
        #expect(throws: OPFError.invalidValue(network: "case33bw", field: "branch 3 (3–4) rateA", value: -1,
                                              requirement: "a finite number ≥ 0")) {
            try OPFSolver().solve(OPFProblem(network: network))
        }
    }

    @Test func negativeVoltageLimitIsRejected() throws {
        guard var network = try ReferenceFeeders.load("case33bw.m") else { return }
        network.buses[7].vminPU = -0.9
        #expect(throws: OPFError.invalidValue(network: "case33bw", field: "bus 8 Vmin", value: -0.9,
                                              requirement: "a finite number ≥ 0")) {
            try OPFSolver().solve(OPFProblem(network: network))
        }
    }

    @Test func reversedGeneratorLimitsAreRejected() throws {
        guard var network = try ReferenceFeeders.ieee33WithBus18Generator() else { return }
        network.generators[1].pminMW = 2
        #expect(throws: OPFError.reversedLimits(network: "case33bw", field: "generator 2 (bus 18) Pmin/Pmax", lower: 2, upper: 1.5)) {
            try OPFSolver().solve(OPFProblem(network: network))
        }
    }

    @Test func generatorAtUnknownBusIsRejected() throws {
        guard var network = try ReferenceFeeders.ieee33WithBus18Generator() else { return }
        network.generators[1].bus = 99
        #expect(throws: OPFError.unknownBus(network: "case33bw", field: "generator 2 (bus 99) bus", bus: 99)) {
            try OPFSolver().solve(OPFProblem(network: network))
        }
    }

    @Test func piecewiseLinearCostIsRejectedNotMisread() throws {
        guard var network = try ReferenceFeeders.load("case33bw.m") else { return }
        network.generators[0].cost = GeneratorCost(model: .piecewiseLinear(points: [(0, 0), (10, 200)]))
        #expect(throws: OPFError.unsupportedCostModel(network: "case33bw", generator: 1, bus: 1, model: "1 (piecewise linear)")) {
            try OPFSolver().solve(OPFProblem(network: network))
        }
    }

    @Test func closingATieSwitchIsRejectedAsMeshed() throws {
        guard var network = try ReferenceFeeders.load("case33bw.m") else { return }
        let tie = try #require(network.branches.firstIndex { !$0.inService })
        network.branches[tie].inService = true
        #expect { try OPFSolver().solve(OPFProblem(network: network)) } throws: { error in
            guard case OPFError.network(.meshed) = error else { return false }
            return true
        }
    }

    @Test func enforcedAngleLimitIsRejectedNotDropped() throws {
        guard var network = try ReferenceFeeders.load("case33bw.m") else { return }
        network.branches[4].angMaxDeg = 30
        #expect(throws: OPFError.unsupportedAngleLimit(network: "case33bw", field: "branch 5 (5–6) angmax", valueDeg: 30)) {
            try OPFSolver().solve(OPFProblem(network: network))
        }
    }

    @Test func negativeSheddingPriceIsRejected() throws {
        guard let network = try ReferenceFeeders.load("case33bw.m") else { return }
        #expect(throws: OPFError.self) {
            try OPFSolver().solve(OPFProblem(network: network, shedding: LoadSheddingCost(linearPerMWh: -5)))
        }
    }
}
