import Testing
import Grid

/// The sweep on small synthetic feeders: transformers, reversed branches,
/// explicit injections and reported non-convergence.
@Suite struct RadialPowerFlowTests {
    /// The five-bus feeder with an off-nominal, phase-shifting transformer on a
    /// branch stored against the flow, line charging and bus shunts.
    static func transformerFeeder() -> Network {
        var network = TopologyTests.smallFeeder()
        network.branches[1].tapRatio = 1.04
        network.branches[1].shiftDeg = 3
        network.branches[2].tapRatio = 0.97
        network.branches[2].bPU = 0.002
        network.branches[3].bPU = 0.001
        network.buses[3].gsMW = 0.01
        network.buses[4].bsMVAr = 0.3
        return network
    }

    @Test func transformersAndReversedBranchesSatisfyTheAdmittanceForm() throws {
        let network = Self.transformerFeeder()
        var solver = try RadialPowerFlow(network: network)
        for scale in [0.0, 1.0, 3.0] {
            let solution = try solver.solve(loadScale: scale)
            #expect(AdmittanceBalanceTests.largestMismatchPU(network, solution, loadScale: scale) <= 1e-9, "scale \(scale)")
        }
    }

    @Test func explicitDemandMatchesTheCaseAndGeneratorsOffsetLoad() throws {
        var network = TopologyTests.smallFeeder()
        var solver = try RadialPowerFlow(network: network)
        let scaled = try solver.solve(loadScale: 1.5)
        let demand = solver.caseNetDemand(loadScale: 1.5)
        #expect(try solver.solve(netDemandMW: demand.pMW, netDemandMVAr: demand.qMVAr) == scaled)

        // A generator at bus 5 covering its load leaves the same flows as a zero load there.
        network.generators.append(Generator(bus: 5, pgMW: 0.1, qgMVAr: 0.05, qmaxMVAr: 1, qminMVAr: -1, pmaxMW: 1, pminMW: 0))
        var withGenerator = try RadialPowerFlow(network: network)
        let offset = try withGenerator.solve()
        var p = demand.pMW.map { $0 / 1.5 }, q = demand.qMVAr.map { $0 / 1.5 }
        p[4] = 0; q[4] = 0
        let zeroed = try solver.solve(netDemandMW: p, netDemandMVAr: q)
        #expect(abs(offset.lossesMW - zeroed.lossesMW) <= 1e-15)
        #expect(offset.voltageMagnitudePU == zeroed.voltageMagnitudePU)
    }

    @Test func slackVoltageShiftsTheProfile() throws {
        var solver = try RadialPowerFlow(network: TopologyTests.smallFeeder())
        let demand = solver.caseNetDemand()
        let low = try solver.solve(netDemandMW: demand.pMW, netDemandMVAr: demand.qMVAr, slackVoltagePU: 0.95)
        let high = try solver.solve(netDemandMW: demand.pMW, netDemandMVAr: demand.qMVAr, slackVoltagePU: 1.05)
        #expect(low.voltageMagnitudePU[0] == 0.95 && high.voltageMagnitudePU[0] == 1.05)
        // Same power through a lower voltage needs more current: losses scale roughly with 1/V².
        #expect(low.lossesMW > high.lossesMW)
    }

    @Test func nonConvergenceIsReported() throws {
        var capped = try RadialPowerFlow(network: TopologyTests.smallFeeder(), options: PowerFlowOptions(tolerancePU: 1e-12, maxIterations: 1))
        let error = #expect(throws: GridError.self) { try capped.solve() }
        guard case let .powerFlowDidNotConverge(iterations, _, tolerance)? = error else {
            Issue.record("expected powerFlowDidNotConverge"); return
        }
        #expect(iterations == 1 && tolerance == 1e-12)
        // Far beyond the feeder's loadability there is no solution at all.
        var solver = try RadialPowerFlow(network: TopologyTests.smallFeeder())
        #expect(throws: GridError.self) { try solver.solve(loadScale: 500) }
    }

    @Test func badDemandIsRejected() throws {
        var solver = try RadialPowerFlow(network: TopologyTests.smallFeeder())
        #expect(throws: GridError.invalidPowerFlowInput(message: "net demand has 2 / 5 entries for 5 buses")) {
            try solver.solve(netDemandMW: [0, 0], netDemandMVAr: [0, 0, 0, 0, 0])
        }
        #expect(throws: GridError.invalidPowerFlowInput(message: "net demand contains NaN or infinite values")) {
            try solver.solve(netDemandMW: [0, .nan, 0, 0, 0], netDemandMVAr: [0, 0, 0, 0, 0])
        }
    }

    /// Two-bus feeder in closed form: with the receiving voltage V₂ fixed, the
    /// sending voltage is |V₂ + Z S*/V₂*|; solve back and compare.
    @Test func twoBusFeederMatchesClosedForm() throws {
        let r = 0.05, x = 0.08, p = 0.8, q = 0.4
        let network = Network(name: "two-bus", baseMVA: 1, buses: [
            Bus(id: 1, type: .slack, pdMW: 0, qdMVAr: 0, baseKV: 11, vmaxPU: 1.1, vminPU: 0.9),
            Bus(id: 2, type: .pq, pdMW: p, qdMVAr: q, baseKV: 11, vmaxPU: 1.1, vminPU: 0.9),
        ], branches: [Branch(fromBus: 1, toBus: 2, rPU: r, xPU: x)], generators: [])
        var solver = try RadialPowerFlow(network: network)
        let solution = try solver.solve()
        let v2 = solution.voltageMagnitudePU[1]
        // V₂ on the real axis: I = (p − jq)/v2, V₁ = v2 + (r + jx) I.
        let v1Re = v2 + (r * p + x * q) / v2, v1Im = (x * p - r * q) / v2
        #expect(abs((v1Re * v1Re + v1Im * v1Im).squareRoot() - 1) <= 1e-10)
        #expect(abs(solution.lossesMW - r * (p * p + q * q) / (v2 * v2)) <= 1e-10)
        #expect(abs(solution.branchFromPMW[0] - (p + solution.lossesMW)) <= 1e-10)
        #expect(abs(solution.branchToPMW[0] + p) <= 1e-10)
    }
}
