import Foundation
import Grid
import Testing
@testable import OPF

/// The DSO's response, version 2 (DESIGN.md §4), on the project's modified
/// 33-bus system (`Datasets/systems/ieee33-modified.yaml`: import 4 Rs/kWh, so
/// π_curt = 40 and VOLL = 200 Rs/kWh) with microgrids at buses 17, 22, 25, 32.
/// The truths checked are independent of the code under test: the binding limit
/// named in the result is the one the solution sits on; the exact model, a
/// second formulation, gives the same answer where the relaxation is tight; α
/// satisfies stationarity written out from the model's rows; and the AC power
/// flow of the `Grid` module reproduces the answer's voltages.
@Suite struct CurtailmentTests {
    static let microgridBuses = [17, 22, 25, 32]

    /// A trade check of `trades` on `network`, every MG at power factor `powerFactor` unless `powerFactors` is given.
    static func request(_ network: Network, _ trades: [BilateralTrade], loadScale: Double = 1, correctionCost: Double = 0.01,
                        powerFactors: [Double] = [0.95, 0.95, 0.95, 0.95], buses: [Int] = microgridBuses) -> TradeCheckRequest {
        TradeCheckRequest(network: network, microgrids: zip(buses, powerFactors).map { MicrogridConnection(bus: $0, powerFactor: $1) },
                          trades: trades, loadScale: loadScale, sheddingCostRsPerKW2: 0.05, correctionCostRsPerKW2: correctionCost)
    }

    static func busIndex(_ network: Network, _ id: Int) -> Int { network.buses.firstIndex { $0.id == id }! }

    /// Without the bus-18 unit, whose cheap output always runs into its Pmax, no limit of the
    /// modified system is near binding at nominal load for small trades.
    @Test func smallTradesAreAcceptedWithNothingBinding() throws {
        var network = try ReferenceFeeders.modifiedIEEE33()
        network.generators.removeAll { $0.bus == 18 }
        let trades = [BilateralTrade(seller: 0, buyer: 1, powerKW: 20), BilateralTrade(seller: 2, buyer: 3, powerKW: 15)]
        let result = try OPFSolver().check(Self.request(network, trades))
        #expect(result.opf.status == .optimal)
        #expect(result.accepted)
        #expect(result.alpha.allSatisfy { $0 >= TradeCheckResult.acceptanceThreshold })
        #expect(result.binding.isEmpty)
        #expect(!result.exactResolve && result.answeredBy == .socp)
        #expect(result.curtailedKW.allSatisfy { $0 < 1e-3 * 20 })
    }

    /// The full modified system: the same small trades, and the only binding limits are the
    /// bus-18 unit's: cheaper than import at every output (DESIGN.md §2), it runs at its Pmax and
    /// lifts its own bus to Vmax.
    @Test func theCheapUnitAtBus18RunsIntoItsLimits() throws {
        let network = try ReferenceFeeders.modifiedIEEE33()
        let trades = [BilateralTrade(seller: 0, buyer: 1, powerKW: 20), BilateralTrade(seller: 2, buyer: 3, powerKW: 15)]
        let result = try OPFSolver().check(Self.request(network, trades))
        #expect(result.accepted)
        #expect(result.binding == [BindingConstraint(family: .voltage, description: "bus 18 Vmax"),
                                   BindingConstraint(family: .generator, description: "gen 18 Pmax")])
        let unit = try #require(result.opf.generators.first { $0.bus == 18 })
        #expect(abs(unit.pMW - 1.5) < 1e-6)
        #expect(abs(result.opf.voltagesPU[Self.busIndex(network, 18)] - 1.05) < BindingConstraint.voltageTolerancePU)
    }

    /// 3 MW drawn at bus 32 at load scale 1.2 pulls the end of the 26–33 lateral below 0.90 p.u. (with the
    /// system's branch ratings lifted: otherwise branch 31–32 binds first).
    @Test func aTradePullingABusBelowVminIsCurtailedAndTheBusIsNamed() throws {
        var network = try ReferenceFeeders.modifiedIEEE33()
        for l in network.branches.indices { network.branches[l].rateAMVA = 0 }
        let trades = [BilateralTrade(seller: 0, buyer: 3, powerKW: 3000), BilateralTrade(seller: 1, buyer: 2, powerKW: 10)]
        let result = try OPFSolver().check(Self.request(network, trades, loadScale: 1.2))
        #expect(result.opf.status == .optimal)
        #expect(!result.accepted)
        #expect(result.alpha[0] < TradeCheckResult.acceptanceThreshold)
        #expect(result.alpha[1] >= TradeCheckResult.acceptanceThreshold)
        let names = result.binding.map(\.description)
        // Bus 33, one beyond the buyer at the end of the lateral, is the lowest voltage.
        #expect(names.contains("bus 33 Vmin"))
        #expect(abs(result.opf.voltagesPU[Self.busIndex(network, 33)] - 0.9) < BindingConstraint.voltageTolerancePU)
        #expect(result.curtailedMicrogrids == [true, false, false, true])
        #expect(abs(result.curtailedKW[0] - (1 - result.alpha[0]) * 3000) < 1e-9)
    }

    /// A 1.75 MW sale from bus 25 to bus 17 overloads the rated branch 24–25; the DSO curtails
    /// it until the branch is at its rating, and names that branch.
    @Test func aTradeOverloadingARatedBranchIsCurtailedAndTheBranchIsNamed() throws {
        let network = try ReferenceFeeders.modifiedIEEE33()
        let result = try OPFSolver().check(Self.request(network, [BilateralTrade(seller: 2, buyer: 0, powerKW: 1750)]))
        #expect(result.opf.status == .optimal)
        #expect(result.alpha[0] > 0.05 && result.alpha[0] < TradeCheckResult.acceptanceThreshold)
        #expect(result.binding.contains(BindingConstraint(family: .thermal, description: "branch 24-25 rateA")))
        let loading = try #require(result.opf.branches.first { $0.fromBus == 24 && $0.toBus == 25 }?.loading)
        #expect(abs(loading - 1) < BindingConstraint.loadingTolerance)
    }

    /// At load scale 1.3 with the stressed 0.95 p.u. lower limit, the lateral 26–33 cannot be held
    /// by redispatch or curtailment of a small trade: the DSO sheds load.
    @Test func anOverloadedFeederShedsAndSaysSo() throws {
        var network = try ReferenceFeeders.modifiedIEEE33()
        for i in network.buses.indices where network.buses[i].type != .slack { network.buses[i].vminPU = 0.95 }
        let result = try OPFSolver().check(Self.request(network, [BilateralTrade(seller: 0, buyer: 1, powerKW: 10)], loadScale: 1.3))
        #expect(result.opf.status == .optimal)
        #expect(result.shedKW.reduce(0, +) > 1)
        #expect(result.binding.contains(BindingConstraint(family: .shedding, description: "shedding")))
        #expect(result.binding.contains { $0.family == .voltage && $0.description.hasSuffix("Vmin") })
    }

    /// Where the relaxation is tight, the exact (non-convex) model is a second, independent
    /// formulation of the same problem: objective within 1e-7 relative, α within 1e-6.
    @Test(arguments: [
        (trades: [BilateralTrade(seller: 0, buyer: 3, powerKW: 3000)], loadScale: 1.2),
        (trades: [BilateralTrade(seller: 2, buyer: 0, powerKW: 1750)], loadScale: 1.0),
        (trades: [BilateralTrade(seller: 0, buyer: 1, powerKW: 20), BilateralTrade(seller: 2, buyer: 3, powerKW: 15)], loadScale: 1.0),
    ])
    func theExactModelAgreesWhereTheRelaxationIsTight(trades: [BilateralTrade], loadScale: Double) throws {
        let network = try ReferenceFeeders.modifiedIEEE33()
        var request = Self.request(network, trades, loadScale: loadScale)
        let relaxed = try OPFSolver().check(request)
        #expect(!relaxed.exactResolve)
        #expect(relaxed.opf.relaxationGap <= OPFSolver.defaultRelaxationGapTolerancePU2)
        request.formulation = .exact
        let exact = try OPFSolver().check(request)
        #expect(exact.answeredBy == .exact)
        #expect(abs(exact.opf.objective - relaxed.opf.objective) <= 1e-7 * abs(relaxed.opf.objective))
        for (a, b) in zip(exact.alpha, relaxed.alpha) { #expect(abs(a - b) <= 1e-6) }
    }

    /// Stationarity in α_k at an interior 0 < α_k < 1. The objective holds
    /// `π (1 − α) t + λ_corr ((1 − α) t)²`; α enters the seller's P and Q balance rows with
    /// `+t`, `+t tan φ_s` and the buyer's with `−t`, `−t tan φ_b`. With Ipopt's Lagrangian
    /// `f + μᵀg` and `DLMP = −μ_P`, `ρ = −μ_Q` per kWh (OPFResult), ∂L/∂α = 0 reads
    /// `π + 2 λ_corr C = (DLMP_b − DLMP_s) + (ρ_b tan φ_b − ρ_s tan φ_s)`, both sides Rs/kWh.
    /// Two power factors make the reactive term count.
    @Test func aPartlyCurtailedTradeSatisfiesStationarity() throws {
        let network = try ReferenceFeeders.modifiedIEEE33()
        let powerFactors = [0.95, 0.9, 0.85, 0.9]
        let trade = BilateralTrade(seller: 0, buyer: 3, powerKW: 1000)
        let result = try OPFSolver().check(Self.request(network, [trade], loadScale: 1.2, correctionCost: 0.02,
                                                        powerFactors: powerFactors))
        let alpha = result.alpha[0]
        #expect(alpha > 0.05 && alpha < 0.95)
        let seller = Self.busIndex(network, 17), buyer = Self.busIndex(network, 32)
        let tanSeller = tan(acos(powerFactors[0])), tanBuyer = tan(acos(powerFactors[3]))
        let marginalValue = (result.opf.dlmpPerKWh[buyer] - result.opf.dlmpPerKWh[seller])
            + (result.opf.reactivePricePerKVArh[buyer] * tanBuyer - result.opf.reactivePricePerKVArh[seller] * tanSeller)
        let marginalCost = result.curtailmentPriceRsPerKWh + 2 * 0.02 * (1 - alpha) * trade.powerKW
        #expect(abs(marginalCost - marginalValue) <= 1e-6 * marginalValue)
    }

    /// The network charge is the DLMP difference between the trade's buses times the accepted power.
    @Test func theNetworkChargeIsTheDLMPSpreadTimesTheAcceptedPower() throws {
        let network = try ReferenceFeeders.modifiedIEEE33()
        let trades = [BilateralTrade(seller: 0, buyer: 3, powerKW: 3000), BilateralTrade(seller: 2, buyer: 1, powerKW: 40)]
        let result = try OPFSolver().check(Self.request(network, trades, loadScale: 1.2))
        for (k, trade) in trades.enumerated() {
            let seller = Self.busIndex(network, Self.microgridBuses[trade.seller])
            let buyer = Self.busIndex(network, Self.microgridBuses[trade.buyer])
            let expected = (result.opf.dlmpPerKWh[buyer] - result.opf.dlmpPerKWh[seller]) * result.alpha[k] * trade.powerKW
            #expect(abs(result.networkChargeRsPerH[k] - expected) <= 1e-12 * max(1, abs(expected)))
        }
        #expect(result.networkChargeRsPerH[0] > 0)
    }

    /// Issue #12's measured case: MG1 at bus 17 sells 1.75 MW to a buyer next to the substation
    /// (bus 2) at load scale 0.3. Bus 17 hits Vmax under reverse flow, and the SOCP relaxation
    /// keeps the whole trade, holding the voltage down with fictitious losses. The trade check
    /// detects the gap, answers with the exact model — which curtails — and the `Grid` module's
    /// AC power flow at the answer's injections reproduces its voltages.
    @Test func anInexactRelaxationIsResolvedExactlyAndTheAnswerIsAnACOperatingPoint() throws {
        let network = try ReferenceFeeders.modifiedIEEE33()
        let request = Self.request(network, [BilateralTrade(seller: 0, buyer: 1, powerKW: 1750)], loadScale: 0.3,
                                   powerFactors: [0.95, 0.95], buses: [17, 2])
        let relaxationOnly = OPFSolver()
        relaxationOnly.relaxationGapTolerancePU2 = nil
        let relaxed = try relaxationOnly.check(request)
        #expect(relaxed.opf.status == .optimal)
        #expect(relaxed.alpha[0] >= TradeCheckResult.acceptanceThreshold)
        #expect(relaxed.opf.relaxationGap > 0.1)
        #expect(try Self.acVoltageError(relaxed, network: network, request: request) > 1e-2)

        let answer = try OPFSolver().check(request)
        #expect(answer.opf.status == .optimal)
        #expect(answer.exactResolve)
        #expect(answer.answeredBy == .exact)
        #expect(answer.alpha[0] < 0.9)
        #expect(answer.binding.contains(BindingConstraint(family: .voltage, description: "bus 17 Vmax")))
        #expect(answer.opf.relaxationGap <= OPFSolver.defaultRelaxationGapTolerancePU2)
        #expect(try Self.acVoltageError(answer, network: network, request: request) <= 1e-6)

        var direct = request
        direct.formulation = .exact
        let exact = try OPFSolver().check(direct)
        #expect(!exact.exactResolve && exact.answeredBy == .exact)
        #expect(abs(exact.alpha[0] - answer.alpha[0]) <= 1e-6)
    }

    /// Largest |V| difference between the answer and the `Grid` module's backward/forward sweep
    /// run at the answer's injections: scaled loads less shedding, the bus-18 unit's dispatch,
    /// and the accepted trades at their power factors; the slack at its set-point.
    static func acVoltageError(_ result: TradeCheckResult, network: Network, request: TradeCheckRequest) throws -> Double {
        var powerFlow = try RadialPowerFlow(network: network)
        var p = network.buses.map { $0.pdMW * request.loadScale }, q = network.buses.map { $0.qdMVAr * request.loadScale }
        for (i, shedMW) in result.opf.shedMW.enumerated() where network.buses[i].pdMW > 0 {
            q[i] *= 1 - shedMW / p[i]
            p[i] -= shedMW
        }
        for dispatch in result.opf.generators where dispatch.bus != 1 {
            p[busIndex(network, dispatch.bus)] -= dispatch.pMW
            q[busIndex(network, dispatch.bus)] -= dispatch.qMVAr
        }
        for (k, trade) in request.trades.enumerated() {
            let acceptedMW = result.alpha[k] * trade.powerKW / 1000
            let seller = request.microgrids[trade.seller], buyer = request.microgrids[trade.buyer]
            p[busIndex(network, seller.bus)] -= acceptedMW
            q[busIndex(network, seller.bus)] -= acceptedMW * tan(acos(seller.powerFactor))
            p[busIndex(network, buyer.bus)] += acceptedMW
            q[busIndex(network, buyer.bus)] += acceptedMW * tan(acos(buyer.powerFactor))
        }
        let flow = try powerFlow.solve(netDemandMW: p, netDemandMVAr: q, slackVoltagePU: 1.0)
        return zip(flow.voltageMagnitudePU, result.opf.voltagesPU).map { abs($0 - $1) }.max() ?? .infinity
    }
}
