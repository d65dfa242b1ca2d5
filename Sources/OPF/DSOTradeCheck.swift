import Foundation
import Grid

/// A microgrid's connection to the feeder.
public struct MicrogridConnection: Sendable, Equatable {
    /// Case-file id of the bus the microgrid connects at.
    public var bus: Int
    /// Power factor of its exchange with the grid, in (0, 1]: reactive power
    /// follows active power as `Q = P tan(acos pf)` in both directions.
    public var powerFactor: Double

    /// A microgrid at bus id `bus` exchanging power at `powerFactor`.
    public init(bus: Int, powerFactor: Double) {
        self.bus = bus
        self.powerFactor = powerFactor
    }
}

/// One bilateral P2P trade `t_k ≥ 0`: energy the seller sends the buyer this hour.
public struct BilateralTrade: Sendable, Equatable {
    /// Index of the selling microgrid in the request's `microgrids`.
    public var seller: Int
    /// Index of the buying microgrid in the request's `microgrids`.
    public var buyer: Int
    /// Traded power `t_k` (kW, ≥ 0).
    public var powerKW: Double

    /// A trade of `powerKW` from microgrid `seller` to microgrid `buyer`.
    public init(seller: Int, buyer: Int, powerKW: Double) {
        self.seller = seller
        self.buyer = buyer
        self.powerKW = powerKW
    }
}

/// The DSO's trade check of DESIGN.md §4 (version 2): the network under a load
/// scale, the microgrids' trade proposal and the DSO's prices. Generator costs are
/// read from the network in Rs per hour with P in MW (MATPOWER's convention). The
/// substation holds its voltage set-point (`Vg` of the slack bus's generator,
/// DESIGN.md §2), unlike a standard OPF, which lets the slack voltage move
/// within the bus's `Vmin…Vmax` as MATPOWER does.
public struct TradeCheckRequest: Sendable, Equatable {
    /// The feeder, with generator costs in Rs/h (P in MW).
    public var network: Network
    /// Where the microgrids connect; trades index into this list.
    public var microgrids: [MicrogridConnection]
    /// The proposal: one entry per bilateral trade.
    public var trades: [BilateralTrade]
    /// Multiplies every bus load of the network (P and Q).
    public var loadScale: Double
    /// `c_ls`: quadratic load-shedding price (Rs/kW² per hour).
    public var sheddingCostRsPerKW2: Double
    /// `λ_corr`: quadratic price of curtailing trades (Rs/kW² per hour).
    public var correctionCostRsPerKW2: Double
    /// Value of lost load (Rs/kWh); nil means 50 × the import price, the linear cost
    /// coefficient of the generator at the slack bus.
    public var vollRsPerKWh: Double?
    /// `π_curt`: linear price of curtailing trades (Rs/kWh); nil means 10 × the import price.
    public var curtailmentPriceRsPerKWh: Double?
    /// SOCP relaxation (default; re-solved exactly when its gap exceeds the tolerance) or exact model.
    public var formulation: OPFFormulation

    /// A trade check with the given prices; VOLL defaults to 50 ×, `π_curt` to 10 × the import price.
    public init(network: Network, microgrids: [MicrogridConnection], trades: [BilateralTrade], loadScale: Double = 1,
                sheddingCostRsPerKW2: Double, correctionCostRsPerKW2: Double, vollRsPerKWh: Double? = nil,
                curtailmentPriceRsPerKWh: Double? = nil, formulation: OPFFormulation = .socp) {
        self.network = network
        self.microgrids = microgrids
        self.trades = trades
        self.loadScale = loadScale
        self.sheddingCostRsPerKW2 = sheddingCostRsPerKW2
        self.correctionCostRsPerKW2 = correctionCostRsPerKW2
        self.vollRsPerKWh = vollRsPerKWh
        self.curtailmentPriceRsPerKWh = curtailmentPriceRsPerKWh
        self.formulation = formulation
    }
}

/// The DSO's answer to a trade proposal. Per-trade arrays follow the request's
/// `trades`, per-microgrid arrays its `microgrids`.
public struct TradeCheckResult: Sendable {
    /// A proposal is accepted when every `α_k` reaches this (DESIGN.md §4).
    public static let acceptanceThreshold = 0.999
    /// A trade of at most this (kW) has an undetermined α — curtailing nothing costs
    /// nothing — and the radial IPM pushes its α to 1 (`ConicProgram.pushedVariables`).
    public static let negligibleTradeKW = 1e-6
    /// A curtailment `(1 − α_k) t_k` of at most this (kW, 1 W — 1e-7 p.u. on a 10 MVA base, the precision
    /// the relaxation-gap check also holds the answer to) is reported as none (α_k = 1). Below it α is set by
    /// the solver, not by the network: an interior-point method ends an uncurtailed trade's α a distance
    /// μ/z_k below 1, with z_k — the α bound's multiplier — proportional to t_k, so the curtailment it leaves
    /// does not grow with the trade (about 1e-11–1e-8 kW for Ipopt and the radial IPM); and the α of a
    /// milliwatt trade whose reduced cost is below the tolerance — the residual 1e-6–1e-5 kW trades the
    /// market leaves — is undetermined on [0, 1]: beside a curtailed trade the radial IPM ends it near
    /// 0.5 and Ipopt near 1 (`RadialIPMTests`). A curtailment the network asks for is many orders larger.
    public static let negligibleCurtailmentKW = 1e-3

    /// The OPF solution that answered (objective in Rs/h, DLMPs in Rs/kWh); `opf.formulation`
    /// says which model it was.
    public var opf: OPFResult
    /// Acceptance fraction `α_k ∈ [0, 1]` per trade.
    public var alpha: [Double]
    /// Curtailed power per trade `C_k = (1 − α_k) t_k` (kW).
    public var curtailedKW: [Double]
    /// Accepted injection per microgrid `P_acc[n] = Σ_k ±α_k t_k` (kW); sums to zero.
    public var acceptedInjectionKW: [Double]
    /// Per microgrid: some trade of it, as seller or buyer, has `α < acceptanceThreshold`.
    public var curtailedMicrogrids: [Bool]
    /// Whether the proposal is accepted: the OPF found a solution and every `α_k ≥ acceptanceThreshold`.
    public var accepted: Bool
    /// Shed load per bus (kW), in `opf.busIds` order.
    public var shedKW: [Double]
    /// DLMP at each microgrid's bus (Rs/kWh).
    public var dlmpAtMicrogridsRsPerKWh: [Double]
    /// Network charge per trade `(λ_buyer − λ_seller) α_k t_k` from the DLMPs at its two buses (Rs/h).
    public var networkChargeRsPerH: [Double]
    /// The value of lost load used (Rs/kWh).
    public var vollRsPerKWh: Double
    /// The curtailment price `π_curt` used (Rs/kWh).
    public var curtailmentPriceRsPerKWh: Double
    /// Whether the SOCP answer's relaxation gap exceeded `OPFSolver.relaxationGapTolerancePU2`
    /// and the exact model was solved in its place.
    public var exactResolve: Bool

    /// The model whose solution this is.
    public var answeredBy: OPFFormulation { opf.formulation }
    /// The limits that hold the solution where it is (`BindingConstraint`).
    public var binding: [BindingConstraint] { opf.binding }
}

extension OPFSolver {
    /// Runs the DSO's trade check. A `.socp` request whose relaxation gap exceeds
    /// `relaxationGapTolerancePU2` is answered by the exact model instead (`exactResolve`);
    /// should that solve fail, its status is the answer, since the SOCP point is not a physical
    /// operating point. The answer's iterations and solve time then cover both solves. Throws `OPFError` for invalid input before solving.
    public func check(_ request: TradeCheckRequest) throws -> TradeCheckResult {
        let (specification, microgridBus, voll, curtailmentPrice) = try Self.specification(of: request)
        let relaxed = result(of: BranchFlowModel(specification))
        var opf = relaxed.result
        var exactResolve = false
        if request.formulation == .socp, let tolerance = relaxationGapTolerancePU2, opf.status.hasSolution,
           opf.relaxationGap > tolerance {
            // The relaxation bought a lower cost with fictitious losses (typically a binding Vmax under
            // reverse flow), so its α are not the DSO's answer. The exact model has the SOCP's structure —
            // only the current–power rows' lower bounds differ — so the SOCP point warm-starts it;
            // `solve` repeats a failed warm start cold.
            var exact = specification
            exact.formulation = .exact
            opf = result(of: BranchFlowModel(exact), warmFrom: relaxed.solution).result
            opf.iterations += relaxed.result.iterations
            opf.solveSeconds += relaxed.result.solveSeconds
            exactResolve = true
        }
        return TradeCheckResult(request: request, opf: opf, microgridBus: microgridBus, vollRsPerKWh: voll,
                                curtailmentPriceRsPerKWh: curtailmentPrice, exactResolve: exactResolve)
    }

    /// The branch-flow model's specification of `request` (its first solve, in the request's formulation), the
    /// MGs' bus indices, and the VOLL and curtailment price in effect. Throws `OPFError` for invalid input.
    static func specification(of request: TradeCheckRequest) throws
        -> (specification: BranchFlowSpecification, microgridBus: [Int], voll: Double, curtailmentPrice: Double) {
        var network = request.network
        try OPFValidation.check(network)
        let name = network.name
        try OPFValidation.nonNegative(request.loadScale, name, "load scale")
        try OPFValidation.nonNegative(request.sheddingCostRsPerKW2, name, "c_ls (Rs/kW²)")
        try OPFValidation.nonNegative(request.correctionCostRsPerKW2, name, "λ_corr (Rs/kW²)")
        let voll = try request.vollRsPerKWh ?? 50 * importPriceRsPerKWh(network)
        try OPFValidation.nonNegative(voll, name, "VOLL (Rs/kWh)")
        let curtailmentPrice = try request.curtailmentPriceRsPerKWh ?? 10 * importPriceRsPerKWh(network)
        try OPFValidation.nonNegative(curtailmentPrice, name, "π_curt (Rs/kWh)")
        let busIndex = Dictionary(uniqueKeysWithValues: network.buses.enumerated().map { ($1.id, $0) })
        var microgridBus: [Int] = []
        var tanPhi: [Double] = []
        for (n, microgrid) in request.microgrids.enumerated() {
            guard let bus = busIndex[microgrid.bus] else {
                throw OPFError.unknownBus(network: name, field: "microgrid \(n) bus", bus: microgrid.bus)
            }
            guard microgrid.powerFactor.isFinite, microgrid.powerFactor > 0, microgrid.powerFactor <= 1 else {
                throw OPFError.invalidValue(network: name, field: "microgrid \(n) power factor", value: microgrid.powerFactor,
                                            requirement: "in (0, 1]")
            }
            microgridBus.append(bus)
            // tan(acos pf) = √(1 − pf²)/pf, with 1 − pf² as (1 − pf)(1 + pf): IEEE operations only (issue 14).
            let pf = microgrid.powerFactor
            tanPhi.append(((1 - pf) * (1 + pf)).squareRoot() / pf)
        }
        let kWPerPU = network.baseMVA * 1000
        let injections = try request.trades.enumerated().map { k, trade in
            guard request.microgrids.indices.contains(trade.seller), request.microgrids.indices.contains(trade.buyer) else {
                throw OPFError.invalidTrade(index: k, reason: "seller \(trade.seller) or buyer \(trade.buyer) is not one of the \(request.microgrids.count) microgrids")
            }
            guard trade.seller != trade.buyer else {
                throw OPFError.invalidTrade(index: k, reason: "microgrid \(trade.seller) trades with itself")
            }
            guard trade.powerKW.isFinite, trade.powerKW >= 0 else {
                throw OPFError.invalidTrade(index: k, reason: "power \(trade.powerKW) kW must be finite and ≥ 0")
            }
            return TradeInjection(sellerBus: microgridBus[trade.seller], buyerBus: microgridBus[trade.buyer],
                                  powerPU: trade.powerKW / kWPerPU, sellerTanPhi: tanPhi[trade.seller],
                                  buyerTanPhi: tanPhi[trade.buyer])
        }
        for i in network.buses.indices {
            network.buses[i].pdMW *= request.loadScale
            network.buses[i].qdMVAr *= request.loadScale
            let id = network.buses[i].id
            if network.buses[i].type == .slack,
               let setPoint = network.generators.first(where: { $0.inService && $0.bus == id })?.vgPU {
                network.buses[i].vminPU = setPoint
                network.buses[i].vmaxPU = setPoint
            }
        }
        let specification = BranchFlowSpecification(
            network: network, formulation: request.formulation,
            shedding: (linearPerPU: voll * kWPerPU, quadraticPerPU2: request.sheddingCostRsPerKW2 * kWPerPU * kWPerPU),
            trades: injections, correctionCostPerPU2: request.correctionCostRsPerKW2 * kWPerPU * kWPerPU,
            curtailmentCostPerPU: curtailmentPrice * kWPerPU)
        return (specification, microgridBus, voll, curtailmentPrice)
    }

    /// The import price (Rs/kWh) that VOLL and `π_curt` default to multiples of (DESIGN.md §4):
    /// the linear cost coefficient (Rs/MWh → Rs/kWh) of the first in-service generator at a slack bus.
    private static func importPriceRsPerKWh(_ network: Network) throws -> Double {
        let slackIds = Set(network.buses.filter { $0.type == .slack }.map(\.id))
        guard let slack = network.generators.first(where: { $0.inService && slackIds.contains($0.bus) }),
              case let .polynomial(coefficients)? = slack.cost?.model, coefficients.count >= 2,
              coefficients[coefficients.count - 2] > 0 else {
            throw OPFError.missingImportPrice(network: network.name)
        }
        return coefficients[coefficients.count - 2] / 1000
    }
}

extension TradeCheckResult {
    /// Reads the trade-level answer off the OPF that answered `request`.
    init(request: TradeCheckRequest, opf: OPFResult, microgridBus: [Int], vollRsPerKWh: Double,
         curtailmentPriceRsPerKWh: Double, exactResolve: Bool) {
        let trades = request.trades
        let alpha = zip(trades, opf.tradeAcceptance).map { trade, alpha in
            (1 - alpha) * trade.powerKW > Self.negligibleCurtailmentKW ? alpha : 1
        }
        let dlmp = microgridBus.map { opf.dlmpPerKWh[$0] }
        var injection = [Double](repeating: 0, count: microgridBus.count)
        var curtailedMicrogrids = [Bool](repeating: false, count: microgridBus.count)
        for (k, trade) in trades.enumerated() {
            injection[trade.seller] += alpha[k] * trade.powerKW
            injection[trade.buyer] -= alpha[k] * trade.powerKW
            if alpha[k] < Self.acceptanceThreshold {
                curtailedMicrogrids[trade.seller] = true
                curtailedMicrogrids[trade.buyer] = true
            }
        }
        self.init(opf: opf, alpha: alpha, curtailedKW: zip(trades, alpha).map { (1 - $1) * $0.powerKW },
                  acceptedInjectionKW: injection, curtailedMicrogrids: curtailedMicrogrids,
                  accepted: opf.status.hasSolution && alpha.allSatisfy { $0 >= Self.acceptanceThreshold },
                  shedKW: opf.shedMW.map { $0 * 1000 }, dlmpAtMicrogridsRsPerKWh: dlmp,
                  networkChargeRsPerH: zip(trades, alpha).map { trade, alpha in
                      // + 0 turns the −0 of an empty trade at a falling DLMP into 0: a signed zero does not
                      // survive every serialisation (JSON between generator workers), and bytes must not differ.
                      (dlmp[trade.buyer] - dlmp[trade.seller]) * alpha * trade.powerKW + 0
                  },
                  vollRsPerKWh: vollRsPerKWh, curtailmentPriceRsPerKWh: curtailmentPriceRsPerKWh, exactResolve: exactResolve)
    }
}
