import Testing
import Grid
@testable import OPF
import SeededRandom

/// The OPF's exact Jacobian and Hessian against central finite differences at
/// random points and multipliers, with every term switched on: both
/// formulations, trades, shedding, branch limits, taps, line charging, bus
/// shunts and a cubic generator cost.
@Suite struct OPFDerivativeTests {
    /// case33bw with the bus-18 unit, charging on the first branches, a tap, shunts, ratings on every branch.
    static func everyTermNetwork() throws -> Network? {
        guard var network = try ReferenceFeeders.ieee33WithBus18Generator(costPerMWh: [0.7, 3, 12, 1]) else { return nil }
        for l in network.branches.indices { network.branches[l].rateAMVA = 2 + Double(l % 3) }
        network.branches[0].tapRatio = 1.025
        network.branches[1].bPU = 0.002
        network.branches[5].bPU = 0.001
        network.buses[9].gsMW = 0.02
        network.buses[12].bsMVAr = 0.15
        return network
    }

    static func specification(_ network: Network, _ formulation: OPFFormulation) -> BranchFlowSpecification {
        let trades = [TradeInjection(sellerBus: 16, buyerBus: 21, powerPU: 0.004, sellerTanPhi: 0.3, buyerTanPhi: 0.2),
                      TradeInjection(sellerBus: 24, buyerBus: 31, powerPU: 0.0025, sellerTanPhi: 0.1, buyerTanPhi: 0.4),
                      TradeInjection(sellerBus: 31, buyerBus: 16, powerPU: 0.001, sellerTanPhi: 0.4, buyerTanPhi: 0.3)]
        return BranchFlowSpecification(network: network, formulation: formulation, shedding: (linearPerPU: 5e4, quadraticPerPU2: 3e5),
                                       trades: trades, correctionCostPerPU2: 2e4)
    }

    @Test(arguments: OPFFormulation.allCases)
    func derivativesMatchFiniteDifferences(formulation: OPFFormulation) throws {
        guard let network = try Self.everyTermNetwork() else { return }
        let model = BranchFlowModel(Self.specification(network, formulation))
        let program = model.program
        var generator = SeededGenerator(seed: formulation == .socp ? 11 : 12)
        for _ in 0..<3 {
            var x = (0..<program.variableCount).map { _ in Double.random(in: -0.5...0.5, using: &generator) }
            for i in model.v { x[i] = Double.random(in: 0.8...1.1, using: &generator) }
            for i in model.ell + model.alpha + model.shed.compactMap({ $0 }) { x[i] = Double.random(in: 0...1, using: &generator) }
            let multipliers = (0..<program.constraintCount).map { _ in Double.random(in: -50...50, using: &generator) }
            let check = DerivativeCheck(program: program, at: x, objectiveFactor: Double.random(in: 0.5...2, using: &generator),
                                        multipliers: multipliers)
            #expect(check.gradientError < 1e-6)
            #expect(check.jacobianError < 1e-6)
            #expect(check.hessianError < 1e-5)
        }
    }

    /// The branch-flow rows are written from the math; check them once more against the
    /// physics: at an exact AC operating point (the power flow of the case) every balance,
    /// voltage-drop and current–power residual vanishes.
    @Test func powerFlowOperatingPointSatisfiesEveryEquality() throws {
        guard let network = try ReferenceFeeders.load("case33bw.m") else { return }
        var powerFlow = try RadialPowerFlow(network: network)
        let flow = try powerFlow.solve()
        let model = BranchFlowModel(BranchFlowSpecification(network: network, formulation: .exact))
        var x = [Double](repeating: 0, count: model.program.variableCount)
        for i in model.buses.indices { x[model.v[i]] = flow.voltageMagnitudePU[i] * flow.voltageMagnitudePU[i] }
        let inService = network.branches.indices.filter { network.branches[$0].inService }
        for (l, k) in inService.enumerated() {
            x[model.p[l]] = flow.branchFromPMW[k] / network.baseMVA
            x[model.q[l]] = flow.branchFromQMVAr[k] / network.baseMVA
            x[model.ell[l]] = flow.branchCurrentPU[k] * flow.branchCurrentPU[k]
        }
        x[model.pg[0]] = flow.substationPMW / network.baseMVA
        x[model.qg[0]] = flow.substationQMVAr / network.baseMVA
        var residual = [Double](repeating: 0, count: model.program.constraintCount)
        model.program.constraints(at: x, into: &residual)
        let rows = model.activeBalanceRow + model.reactiveBalanceRow + model.voltageDropRow + model.currentRelationRow
        #expect(rows.map { abs(residual[$0]) }.max()! < 1e-9)
    }
}
