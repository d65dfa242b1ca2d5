import Foundation
import Testing
import Grid
@testable import OPF

/// The DSO trade check of DESIGN.md §4 on the modified 33-bus feeder with
/// microgrids at buses 17, 22, 25 and 32.
@Suite struct TradeCheckTests {
    static let microgrids = [17, 22, 25, 32].map { MicrogridConnection(bus: $0, powerFactor: 0.95) }

    static func request(_ network: Network, _ trades: [BilateralTrade]) -> TradeCheckRequest {
        TradeCheckRequest(network: network, microgrids: microgrids, trades: trades, loadScale: 1,
                          sheddingCostRsPerKW2: 0.01, correctionCostRsPerKW2: 0.01)
    }

    @Test func unstressedTradesAreAccepted() throws {
        guard let network = try ReferenceFeeders.ieee33WithBus18Generator() else { return }
        let trades = [BilateralTrade(seller: 0, buyer: 1, powerKW: 30), BilateralTrade(seller: 2, buyer: 3, powerKW: 20),
                      BilateralTrade(seller: 3, buyer: 0, powerKW: 10)]
        let result = try OPFSolver().check(Self.request(network, trades))
        #expect(result.opf.status == .optimal)
        #expect(result.accepted)
        #expect(result.alpha.allSatisfy { $0 >= TradeCheckResult.acceptanceThreshold && $0 <= 1 + 1e-9 })
        #expect(abs(result.acceptedInjectionKW.reduce(0, +)) < 1e-9)
        #expect(abs(result.acceptedInjectionKW[0] - (30 * result.alpha[0] - 10 * result.alpha[2])) < 1e-9)
        #expect(result.shedKW.reduce(0, +) < 1e-3)
        #expect(result.vollRsPerKWh == 50 * 0.02)
        #expect(result.curtailmentPriceRsPerKWh == 10 * 0.02)
        #expect(result.curtailedMicrogrids == [false, false, false, false])
    }

    /// A 2 MW sale out of bus 25 over a branch rated 1 MVA must be cut back until the branch
    /// holds; the cut obeys the curtailment-cost KKT condition
    /// `π_curt + 2 λ_corr (1 − α) t = (DLMP_b − DLMP_s) + (ρ_b tan φ_b − ρ_s tan φ_s)` with ρ the reactive prices.
    @Test func tradeOverloadingABranchIsCurtailedUntilTheLimitHolds() throws {
        guard var network = try ReferenceFeeders.ieee33WithBus18Generator() else { return }
        let feeder = try #require(network.branches.firstIndex { $0.fromBus == 24 && $0.toBus == 25 })
        network.branches[feeder].rateAMVA = 1.0
        let trade = BilateralTrade(seller: 2, buyer: 0, powerKW: 2000)
        let result = try OPFSolver().check(Self.request(network, [trade]))
        #expect(result.opf.status == .optimal)
        #expect(!result.accepted)
        #expect(result.alpha[0] < TradeCheckResult.acceptanceThreshold && result.alpha[0] > 0.1)
        #expect(result.binding.map(\.description).contains("branch 24-25 rateA"))
        #expect(result.curtailedMicrogrids == [true, false, true, false])
        let loading = try #require(result.opf.branches.first { $0.fromBus == 24 && $0.toBus == 25 }?.loading)
        #expect(loading <= 1 + 1e-7)
        #expect(loading > 0.999)
        let busOf = { (id: Int) in network.buses.firstIndex { $0.id == id }! }
        let seller = busOf(25), buyer = busOf(17), tanPhi = tan(acos(0.95))
        let marginal = result.opf.dlmpPerKWh[buyer] - result.opf.dlmpPerKWh[seller]
            + tanPhi * (result.opf.reactivePricePerKVArh[buyer] - result.opf.reactivePricePerKVArh[seller])
        let curtailment = result.curtailmentPriceRsPerKWh + 2 * 0.01 * (1 - result.alpha[0]) * trade.powerKW
        #expect(abs(curtailment - marginal) <= 1e-5 * abs(marginal))
    }

    /// Without the bus-18 unit's reactive power to absorb it, a 4 MW sale from the feeder end
    /// would lift bus 18 far above 1.05 p.u.; only trimming the trade can hold the limit. The
    /// exact model trims it and stays AC-feasible. The SOCP relaxation is not exact here (binding
    /// Vmax under reverse flow, Gan et al. 2015): it burns the surplus in fictitious losses
    /// instead of trimming — which the relaxation gap and the AC check both expose, and which
    /// makes the trade check re-solve exactly.
    @Test func tradeRaisingVoltageAboveTheLimitIsCurtailed() throws {
        guard var network = try ReferenceFeeders.load("case33bw.m") else { return }
        for i in network.buses.indices where network.buses[i].type != .slack { network.buses[i].vmaxPU = 1.05 }
        let microgrids = [MicrogridConnection(bus: 18, powerFactor: 0.95), MicrogridConnection(bus: 2, powerFactor: 0.95)]
        var request = TradeCheckRequest(network: network, microgrids: microgrids,
                                        trades: [BilateralTrade(seller: 0, buyer: 1, powerKW: 4000)],
                                        sheddingCostRsPerKW2: 0.01, correctionCostRsPerKW2: 0.01, formulation: .exact)
        let exact = try OPFSolver().check(request)
        #expect(exact.opf.status == .optimal)
        #expect(exact.alpha[0] < TradeCheckResult.acceptanceThreshold)
        #expect(exact.opf.maximumVoltage.voltagePU <= 1.05 + 1e-7)
        #expect(exact.opf.maximumVoltage.voltagePU > 1.049)
        #expect(try #require(exact.opf.acCheckMaxVoltageDifferencePU) <= 1e-6)

        request.formulation = .socp
        let relaxationOnly = OPFSolver()
        relaxationOnly.relaxationGapTolerancePU2 = nil
        let relaxed = try relaxationOnly.check(request)
        #expect(relaxed.opf.status == .optimal)
        #expect(relaxed.opf.relaxationGap > 1e-3)
        #expect(try #require(relaxed.opf.acCheckMaxVoltageDifferencePU) > 1e-3)
        #expect(relaxed.opf.objective <= exact.opf.objective + 1e-6)

        // The trade check itself notices the gap and answers with the exact model.
        let answer = try OPFSolver().check(request)
        #expect(answer.exactResolve && answer.answeredBy == .exact)
        #expect(abs(answer.alpha[0] - exact.alpha[0]) <= 1e-6)
    }

    @Test func heavyLoadShedsInsteadOfFailing() throws {
        guard var network = try ReferenceFeeders.ieee33WithBus18Generator() else { return }
        for i in network.buses.indices where network.buses[i].type != .slack { network.buses[i].vminPU = 0.95 }
        var request = Self.request(network, [BilateralTrade(seller: 0, buyer: 1, powerKW: 10)])
        request.loadScale = 1.3
        let result = try OPFSolver().check(request)
        #expect(result.opf.status == .optimal)
        #expect(result.shedKW.reduce(0, +) > 1)
        #expect(result.opf.minimumVoltage.voltagePU >= 0.95 - 1e-7)
    }

    @Test func invalidProposalsAreRejectedBeforeSolving() throws {
        guard let network = try ReferenceFeeders.ieee33WithBus18Generator() else { return }
        #expect(throws: OPFError.invalidTrade(index: 0, reason: "power -5.0 kW must be finite and ≥ 0")) {
            try OPFSolver().check(Self.request(network, [BilateralTrade(seller: 0, buyer: 1, powerKW: -5)]))
        }
        #expect(throws: OPFError.invalidTrade(index: 1, reason: "microgrid 2 trades with itself")) {
            try OPFSolver().check(Self.request(network, [BilateralTrade(seller: 0, buyer: 1, powerKW: 5),
                                                         BilateralTrade(seller: 2, buyer: 2, powerKW: 5)]))
        }
        var request = Self.request(network, [])
        request.microgrids[1].bus = 77
        #expect(throws: OPFError.unknownBus(network: "case33bw", field: "microgrid 1 bus", bus: 77)) {
            try OPFSolver().check(request)
        }
        request = Self.request(network, [])
        request.microgrids[0].powerFactor = 1.2
        #expect(throws: OPFError.self) { try OPFSolver().check(request) }
    }
}
