import CIpopt
import Foundation
import Testing
import Grid
@testable import OPF

/// SparseLDL (through Ipopt's MA27 interface) against MUMPS as the independent
/// reference: the same OPF optima, voltages, prices and trade acceptances.
@Suite struct LinearSolverTests {
    static func solver(_ linearSolver: IpoptLinearSolver) -> OPFSolver {
        var options = IpoptOptions()
        options.linearSolver = linearSolver
        // Ipopt's linear solvers: the SOCP too is solved by Ipopt here, not by the default radial IPM.
        return OPFSolver(options: options, warmStart: false, socpSolver: .ipopt)
    }

    static func expectSameOptimum(_ a: OPFResult, _ b: OPFResult) {
        #expect(a.status == .optimal && b.status == .optimal)
        #expect(abs(a.objective - b.objective) <= 1e-7 * max(1, abs(b.objective)))
        for (x, y) in zip(a.voltagesPU, b.voltagesPU) { #expect(abs(x - y) <= 1e-7) }
        for (x, y) in zip(a.dlmpPerKWh, b.dlmpPerKWh) { #expect(abs(x - y) <= 1e-6 * max(1, abs(y))) }
        for (x, y) in zip(a.generators, b.generators) { #expect(abs(x.pMW - y.pMW) <= 1e-7) }
    }

    @Test(arguments: OPFFormulation.allCases)
    func ieee33OptimumEqualsMUMPSs(formulation: OPFFormulation) throws {
        guard let network = try ReferenceFeeders.ieee33WithBus18Generator() else { return }
        let problem = OPFProblem(network: network, formulation: formulation)
        let ldl = try Self.solver(.sparseLDL).solve(problem)
        let mumps = try Self.solver(.mumps).solve(problem)
        Self.expectSameOptimum(ldl, mumps)
        // Registration happened on the first SparseLDL solve: Ipopt now finds "MA27" without any HSL library.
        #expect(LSL_isMA27available() != 0)
    }

    @Test func curtailedTradeCheckEqualsMUMPSs() throws {
        guard var network = try ReferenceFeeders.ieee33WithBus18Generator() else { return }
        let feeder = try #require(network.branches.firstIndex { $0.fromBus == 24 && $0.toBus == 25 })
        network.branches[feeder].rateAMVA = 1.0
        let request = TradeCheckRequest(network: network, microgrids: TradeCheckTests.microgrids,
                                        trades: [BilateralTrade(seller: 2, buyer: 0, powerKW: 2000),
                                                 BilateralTrade(seller: 1, buyer: 3, powerKW: 300)],
                                        sheddingCostRsPerKW2: 0.01, correctionCostRsPerKW2: 0.01)
        let ldl = try Self.solver(.sparseLDL).check(request)
        let mumps = try Self.solver(.mumps).check(request)
        Self.expectSameOptimum(ldl.opf, mumps.opf)
        #expect(ldl.alpha[0] < 0.99)
        for (x, y) in zip(ldl.alpha, mumps.alpha) { #expect(abs(x - y) <= 1e-7) }
        #expect(ldl.accepted == mumps.accepted)
    }

    @Test func sparseLDLIsTheDefault() {
        #expect(IpoptOptions().linearSolver == .sparseLDL)
        let strings = IpoptOptions().settings(warmStart: false).strings
        #expect(strings.contains { $0 == ("linear_solver", "ma27") })
    }
}
