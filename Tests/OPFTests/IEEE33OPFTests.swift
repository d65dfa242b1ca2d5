import Foundation
import Testing
import Grid
@testable import OPF

/// The modified IEEE 33-bus feeder (case33bw + generator at bus 18) against
/// the Done-when figures of issue 4, and against independent references:
/// the published power flow, the exact formulation and the AC sweep.
@Suite struct IEEE33OPFTests {
    @Test func socpSolutionIsFeasibleTightAndACConsistent() throws {
        guard let network = try ReferenceFeeders.ieee33WithBus18Generator() else { return }
        let result = try OPFSolver().solve(OPFProblem(network: network, formulation: .socp))
        #expect(result.status == .optimal)
        #expect(result.maxConstraintViolation <= 1e-7)
        #expect(result.relaxationGap <= 1e-6)
        let acDifference = try #require(result.acCheckMaxVoltageDifferencePU)
        #expect(acDifference <= 1e-6)
        // The cheaper bus-18 unit runs at its limit; the substation supplies the rest.
        #expect(abs(result.generators[1].pMW - 1.5) < 1e-6)
        let supplyMW = result.generators.reduce(0) { $0 + $1.pMW }
        #expect(abs(supplyMW - (3.715 + result.lossesKW / 1000)) < 1e-6)
        #expect(result.minimumVoltage.voltagePU >= 0.9 - 1e-8)
    }

    @Test func exactFormulationReachesTheSameObjective() throws {
        guard let network = try ReferenceFeeders.ieee33WithBus18Generator() else { return }
        let relaxed = try OPFSolver().solve(OPFProblem(network: network, formulation: .socp))
        let exact = try OPFSolver().solve(OPFProblem(network: network, formulation: .exact))
        #expect(exact.status == .optimal)
        #expect(abs(exact.objective - relaxed.objective) <= 1e-6 * abs(relaxed.objective))
        #expect(exact.relaxationGap <= 1e-8)
        for (a, b) in zip(exact.voltagesPU, relaxed.voltagesPU) { #expect(abs(a - b) < 1e-6) }
    }

    /// The same Done-when figures on the shipped system spec (quadratic costs, 0.90–1.05 p.u.,
    /// branch ratings from the dataset's rule), both as a standard OPF and as the DSO's check.
    @Test func shippedModifiedSystemMeetsTheSameFigures() throws {
        let network = try ReferenceFeeders.modifiedIEEE33()
        let relaxed = try OPFSolver().solve(OPFProblem(network: network, formulation: .socp))
        let exact = try OPFSolver().solve(OPFProblem(network: network, formulation: .exact))
        #expect(relaxed.status == .optimal && exact.status == .optimal)
        #expect(relaxed.maxConstraintViolation <= 1e-7)
        #expect(relaxed.relaxationGap <= 1e-6)
        #expect(abs(exact.objective - relaxed.objective) <= 1e-6 * relaxed.objective)
        #expect(try #require(relaxed.acCheckMaxVoltageDifferencePU) <= 1e-6)

        let check = try OPFSolver().check(TradeCheckRequest(network: network, microgrids: [], trades: [],
                                                            sheddingCostRsPerKW2: 0.01, correctionCostRsPerKW2: 0.01))
        #expect(check.opf.status == .optimal)
        let substation = try #require(network.buses.firstIndex { $0.type == .slack })
        #expect(abs(check.opf.voltagesPU[substation] - 1.0) < 1e-8)
        // The shipped system holds the substation at 1.0 p.u. too, so with no trades and no shedding
        // the trade check is the same problem as the standard OPF.
        #expect(abs(check.opf.objective - relaxed.objective) <= 1e-8 * relaxed.objective)
    }

    /// With the bus-18 unit switched off and no limit binding, the OPF has one feasible
    /// dispatch — the power flow — so it must reproduce Baran & Wu's published figures.
    @Test func reproducesThePublishedPowerFlowWhenNothingIsDispatchable() throws {
        guard let network = try ReferenceFeeders.load("case33bw.m") else { return }
        for formulation in OPFFormulation.allCases {
            let result = try OPFSolver().solve(OPFProblem(network: network, formulation: formulation))
            #expect(result.status == .optimal)
            #expect(abs(result.lossesKW - 202.7) < 0.1)
            #expect(result.minimumVoltage.bus == 18)
            #expect(abs(result.minimumVoltage.voltagePU - 0.9131) < 5e-4)
            var powerFlow = try RadialPowerFlow(network: network)
            let flow = try powerFlow.solve()
            #expect(abs(result.lossesKW - flow.lossesKW) < 1e-4)
        }
    }

    /// Warm starts are Ipopt's (the radial IPM always starts cold).
    @Test func warmStartAfterALoadChangeMatchesAColdSolve() throws {
        guard var network = try ReferenceFeeders.ieee33WithBus18Generator() else { return }
        let sequence = OPFSolver(socpSolver: .ipopt)
        let first = try sequence.solve(OPFProblem(network: network))
        for i in network.buses.indices { network.buses[i].pdMW *= 1.05; network.buses[i].qdMVAr *= 1.05 }
        let warm = try sequence.solve(OPFProblem(network: network))
        let cold = try OPFSolver(warmStart: false, socpSolver: .ipopt).solve(OPFProblem(network: network))
        #expect(warm.status == .optimal && cold.status == .optimal)
        #expect(abs(warm.objective - cold.objective) <= 1e-7 * cold.objective)
        #expect(warm.objective > first.objective)
        #expect(warm.iterations < cold.iterations)
    }

    @Test func sameInputGivesBitIdenticalResults() throws {
        guard let network = try ReferenceFeeders.ieee33WithBus18Generator() else { return }
        let a = try OPFSolver().solve(OPFProblem(network: network))
        let b = try OPFSolver().solve(OPFProblem(network: network))
        #expect(a.voltagesPU == b.voltagesPU)
        #expect(a.dlmpPerKWh == b.dlmpPerKWh)
        #expect(a.objective == b.objective)
    }

    /// Debian's sequential MUMPS is not re-entrant; the wrapper serialises Ipopt calls, so solves
    /// from several threads at once neither crash nor differ from a lone solve.
    @Test func concurrentSolvesMatchASequentialSolve() throws {
        guard let network = try ReferenceFeeders.ieee33WithBus18Generator() else { return }
        let reference = try OPFSolver().solve(OPFProblem(network: network))
        let results = ConcurrentResults(count: 4)
        DispatchQueue.concurrentPerform(iterations: 4) { i in
            results.store(i, try? OPFSolver().solve(OPFProblem(network: network)).voltagesPU)
        }
        for voltages in results.values { #expect(voltages == reference.voltagesPU) }
    }

    @Test func largerFeedersAgreeBetweenFormulations() throws {
        for name in ["case69.m", "case141.m"] {
            guard let network = try ReferenceFeeders.load(name) else { return }
            let relaxed = try OPFSolver().solve(OPFProblem(network: network, formulation: .socp))
            let exact = try OPFSolver().solve(OPFProblem(network: network, formulation: .exact))
            #expect(relaxed.status == .optimal && exact.status == .optimal)
            #expect(abs(exact.objective - relaxed.objective) <= 1e-6 * relaxed.objective)
            let acDifference = try #require(exact.acCheckMaxVoltageDifferencePU)
            #expect(acDifference <= 1e-6)
        }
    }
}

/// Results written by concurrent workers, one slot each.
private final class ConcurrentResults: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [[Double]?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func store(_ index: Int, _ value: [Double]?) { lock.withLock { slots[index] = value } }
    var values: [[Double]?] { lock.withLock { slots } }
}
