import Testing
import Grid
@testable import OPF

/// DLMPs are the duals of the bus active-power balance; these tests check them
/// against the two things a dual must equal: the marginal cost of the unit
/// that balances the system, and the finite-difference sensitivity of the
/// optimal cost to each bus load.
@Suite struct DLMPTests {
    @Test func slackBusDLMPEqualsTheSlackGeneratorsMarginalCost() throws {
        // A quadratic import cost makes the marginal cost depend on the dispatch: 2 a P + b.
        guard var network = try ReferenceFeeders.ieee33WithBus18Generator() else { return }
        network.generators[0].cost = GeneratorCost(model: .polynomial(coefficients: [4, 20, 0]))
        let result = try OPFSolver().solve(OPFProblem(network: network))
        #expect(result.status == .optimal)
        let marginalPerMWh = 2 * 4 * result.generators[0].pMW + 20
        #expect(abs(result.dlmpPerKWh[0] - marginalPerMWh / 1000) <= 1e-9 * marginalPerMWh)
    }

    @Test func interiorGeneratorBusDLMPEqualsItsMarginalCost() throws {
        // A steep quadratic keeps the bus-18 unit strictly inside its limits.
        guard let network = try ReferenceFeeders.ieee33WithBus18Generator(costPerMWh: [10, 5, 0]) else { return }
        let result = try OPFSolver().solve(OPFProblem(network: network))
        let unit = result.generators[1]
        #expect(unit.pMW > 0.01 && unit.pMW < 1.49)
        let bus18 = try #require(result.busIds.firstIndex(of: 18))
        #expect(abs(result.dlmpPerKWh[bus18] - (2 * 10 * unit.pMW + 5) / 1000) <= 1e-7)
    }

    @Test(arguments: [(formulation: OPFFormulation.socp, buses: [18, 25, 33]), (.exact, [14, 30])])
    func loadPerturbationChangesTheObjectiveByTheDLMP(formulation: OPFFormulation, buses: [Int]) throws {
        guard let network = try ReferenceFeeders.ieee33WithBus18Generator(costPerMWh: [3, 12, 0]) else { return }
        let base = try OPFSolver().solve(OPFProblem(network: network, formulation: formulation))
        let epsilonMW = 1e-3
        for id in buses {
            let b = try #require(network.buses.firstIndex { $0.id == id })
            func objective(_ deltaMW: Double) throws -> Double {
                var perturbed = network
                perturbed.buses[b].pdMW += deltaMW
                return try OPFSolver(warmStart: false).solve(OPFProblem(network: perturbed, formulation: formulation)).objective
            }
            // Central difference, currency/h per MW → currency per kWh.
            let sensitivity = (try objective(epsilonMW) - objective(-epsilonMW)) / (2 * epsilonMW) / 1000
            #expect(abs(sensitivity - base.dlmpPerKWh[b]) <= 1e-3 * abs(base.dlmpPerKWh[b]), "bus \(id)")
        }
    }
}
