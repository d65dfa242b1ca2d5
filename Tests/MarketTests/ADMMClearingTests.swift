import Testing
import OPF
import SeededRandom
@testable import Market

/// The distributed clearing against the central one (DESIGN.md §13): on seeded
/// hours — idle MGs, a single possible trade, binding device limits, 4 and 10
/// MGs — consensus ADMM reaches the central QP's trades within 0.5 kW (or 0.1 %),
/// its welfare within 0.01 % and every MG's price within 0.01 Rs/kWh, and it
/// counts its messages as documented.
@Suite("ADMM clearing")
struct ADMMClearingTests {
    let central = P2PMarket()
    let admm = ADMMMarket()

    /// A random MG from the paper's ranges, scaled by κ.
    static func randomHour(_ name: String, _ g: inout SeededGenerator, kappa: Double = 1) -> MicrogridHour {
        func draw(_ range: ClosedRange<Double>) -> Double { range.lowerBound + Double(g.next() % 1_000_000) / 1e6 * (range.upperBound - range.lowerBound) }
        let maximum = draw(30...60)
        let mg = paperMicrogrid(name, bus: 17, dieselMaxKW: draw(20...55), linearCost: draw(0.05...0.6), omega: draw(0.8...2.0),
                                alpha: draw(0.01...0.04), demandKW: (0.3 * maximum)...maximum, socKWh: draw(4...20)).scaled(by: kappa)
        return MicrogridHour(microgrid: mg, availablePVKW: mg.photovoltaic.availableKW(irradianceFactor: draw(0...1)))
    }

    /// The agreement the issue asks for, recorded per hour.
    func expectAgreement(_ hours: [MicrogridHour], caps: [[Double]]? = nil, _ label: String) throws {
        let reference = try central.clear(hours, tradeCapsKW: caps)
        let (distributed, trace) = try admm.clear(hours, tradeCapsKW: caps)
        #expect(reference.status == .optimal && distributed.status == .optimal, "\(label): \(distributed.status) after \(trace.rounds) rounds")
        for s in hours.indices {
            for b in hours.indices where b != s {
                let t = reference.tradesKW[s][b], d = distributed.tradesKW[s][b]
                #expect(abs(d - t) <= max(0.5, 1e-3 * t), "\(label): trade \(s)→\(b) \(d) vs \(t)")
            }
        }
        #expect(abs(distributed.socialWelfareRs - reference.socialWelfareRs) <= 1e-4 * abs(reference.socialWelfareRs),
                "\(label): welfare \(distributed.socialWelfareRs) vs \(reference.socialWelfareRs)")
        for (p, q) in zip(distributed.pricesRsPerKWh, reference.pricesRsPerKWh) {
            #expect(abs(p - q) <= 0.01, "\(label): price \(p) vs \(q)")
        }
        // Every MG balances its own dispatch against the consensus trades to within the primal tolerance.
        let net = distributed.netPositionsKW
        for (n, d) in distributed.dispatch.enumerated() {
            #expect(abs(d.surplusKW - net[n]) <= Double(hours.count) * admm.options.primalToleranceKW, "\(label): MG \(n) balance")
        }
        // Messages as documented: two offers per open pair and round, a flag and a broadcast per MG and round.
        let open = caps.map { c in TradeProposal.tradePairs(microgridCount: hours.count).filter { c[$0.seller][$0.buyer] > 0 }.count }
            ?? hours.count * (hours.count - 1)
        #expect(trace.offerMessages == 2 * open * trace.rounds && trace.statusMessages == 2 * hours.count * trace.rounds)
        #expect(trace.residuals.rounds == trace.rounds && trace.bytes == 12 * trace.offerMessages + trace.statusMessages)
        // The clearing carries its residuals, and it stopped on them: the last round is within both tolerances.
        #expect(distributed.residuals == trace.residuals)
        if distributed.status == .optimal, let primal = trace.residuals.primalKW.last, let change = trace.residuals.consensusChangeKW.last {
            #expect(primal <= admm.options.primalToleranceKW && change <= admm.options.consensusToleranceKW, "\(label): stopped early")
        }
    }

    @Test("Forty seeded hours of four MGs at κ = 1 and κ = 10")
    func seededHours() throws {
        var g = SeededGenerator(seed: 23)
        for hour in 0..<40 {
            let kappa = hour < 20 ? 1.0 : 10.0
            let hours = (0..<4).map { Self.randomHour("MG\($0 + 1)", &g, kappa: kappa) }
            try expectAgreement(hours, "hour \(hour), κ = \(kappa)")
        }
    }

    @Test("Ten MGs")
    func tenMicrogrids() throws {
        var g = SeededGenerator(seed: 24)
        for hour in 0..<4 {
            try expectAgreement((0..<10).map { Self.randomHour("MG\($0 + 1)", &g) }, "10 MGs, hour \(hour)")
        }
    }

    @Test("An idle MG (nothing to sell, nothing it must or can use) trades nothing, and the others clear as without it")
    func idleMicrogrid() throws {
        let others = paperMicrogridHours(pvFactor: 0.6)
        var idle = paperMicrogrid("idle", bus: 33, dieselMaxKW: 0, linearCost: 0.1, omega: 0.01, alpha: 0.02, demandKW: 0...0, socKWh: 4)
        idle.photovoltaic = PhotovoltaicUnit(nominalKW: 0)
        idle.battery.ratedPowerKW = 0
        let hours = others + [MicrogridHour(microgrid: idle, availablePVKW: 0)]
        try expectAgreement(hours, "idle MG")
        let (distributed, _) = try admm.clear(hours)
        let tolerance = admm.options.primalToleranceKW
        #expect(distributed.tradesKW[4].allSatisfy { $0 <= tolerance } && distributed.tradesKW.allSatisfy { $0[4] <= tolerance })
        let without = try central.clear(others)
        for s in 0..<4 { for b in 0..<4 where b != s { #expect(abs(distributed.tradesKW[s][b] - without.tradesKW[s][b]) <= 0.5) } }
    }

    @Test("The local solve: exact on a balance it can meet, nil on one it cannot")
    func localSolve() {
        // Diesel 52 kW and 7.6 kW of discharge against a fixed 500 kW demand: no multiplier balances it.
        let short = SingleBalanceQP(quadratic: [1e-8, 0.008, 1e-8, 1e-8, 0.02], linear: [0, 0.079, -0.455, 0.546, -1.2],
                                    coefficients: [1, 1, -1, 1, -1], lower: [0, 0, 0, 0, 500], upper: [0, 52, 10, 7.6, 500])
        #expect(short.solve() == nil)
        // With 40 kW of demand it balances; the KKT conditions hold at the answer.
        var met = short
        met.lower[4] = 20
        met.upper[4] = 60
        let solution = try! #require(met.solve())
        #expect(abs(met.balance(solution.multiplier)) < 1e-6)
        for i in met.quadratic.indices where met.lower[i] < met.upper[i] {
            let gradient = met.quadratic[i] * solution.x[i] + met.linear[i] + met.coefficients[i] * solution.multiplier
            if solution.x[i] > met.lower[i] + 1e-9 && solution.x[i] < met.upper[i] - 1e-9 { #expect(abs(gradient) < 1e-6) }
            if solution.x[i] <= met.lower[i] + 1e-9 { #expect(gradient >= -1e-6) }
            if solution.x[i] >= met.upper[i] - 1e-9 { #expect(gradient <= 1e-6) }
        }
    }

    @Test("A single possible trade (the DSO capped every other pair at zero)")
    func singleTrade() throws {
        let hours = paperMicrogridHours(pvFactor: 0.8)
        var caps = Array(repeating: Array(repeating: 0.0, count: 4), count: 4)
        caps[0][3] = .infinity
        try expectAgreement(hours, caps: caps, "single trade")
        caps[0][3] = 3
        try expectAgreement(hours, caps: caps, "single capped trade")
    }

    @Test("Binding device limits: diesel units at their maximum, a battery at its rate, demand at its minimum")
    func bindingLimits() throws {
        // Expensive demand everywhere and little PV: every diesel runs flat out and the batteries discharge at their rate.
        let hours = (0..<4).map { n in
            MicrogridHour(microgrid: paperMicrogrid("MG\(n + 1)", bus: 17, dieselMaxKW: 10 + 5 * Double(n), linearCost: 0.1 * Double(n + 1),
                                                    omega: 3.0, alpha: 0.01, demandKW: 25...60, socKWh: 20),
                          availablePVKW: 2)
        }
        let reference = try central.clear(hours)
        #expect(zip(reference.dispatch, hours).contains { abs($0.dieselKW - $1.microgrid.diesel.maximumKW) < 1e-6 })
        try expectAgreement(hours, "binding limits")
    }

    @Test("An MG that cannot balance even with every trade open makes the clearing infeasible, not a wrong answer")
    func infeasibleMicrogrid() throws {
        var hours = paperMicrogridHours(pvFactor: 0)
        let caps = Array(repeating: Array(repeating: 0.0, count: 4), count: 4)
        hours[0].microgrid.demand.minimumKW = 500
        hours[0].microgrid.demand.maximumKW = 600
        let (distributed, _) = try admm.clear(hours, tradeCapsKW: caps)
        #expect(distributed.status == .infeasible)
    }
}
