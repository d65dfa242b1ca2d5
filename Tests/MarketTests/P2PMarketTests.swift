import Testing
import OPF
import SeededRandom
@testable import Market

/// A microgrid with the paper's Table II devices and the given diesel cost and demand.
func paperMicrogrid(_ name: String, bus: Int, dieselMaxKW: Double, linearCost: Double,
                    omega: Double = 1.2, alpha: Double = 0.02, demandKW: ClosedRange<Double> = 10...60,
                    socKWh: Double = 12) -> Microgrid {
    Microgrid(name: name, bus: bus, photovoltaic: PhotovoltaicUnit(nominalKW: 10),
              battery: BatteryStorage(ratedPowerKW: 10, minimumSOCKWh: 4, maximumSOCKWh: 20,
                                      chargeEfficiency: 0.95, dischargeEfficiency: 0.95, socKWh: socKWh),
              diesel: DieselGenerator(maximumKW: dieselMaxKW, quadraticCostRsPerKW2: 0.004, linearCostRsPerKWh: linearCost),
              demand: FlexibleDemand(omegaRsPerKWh: omega, alphaRsPerKW2: alpha,
                                     minimumKW: demandKW.lowerBound, maximumKW: demandKW.upperBound))
}

/// The four MGs of DESIGN.md §2 at buses 17, 22, 25, 32, cheap to expensive.
func paperMicrogridHours(pvFactor: Double = 0.6) -> [MicrogridHour] {
    let mgs = [paperMicrogrid("MG1", bus: 17, dieselMaxKW: 52, linearCost: 0.079),
               paperMicrogrid("MG2", bus: 22, dieselMaxKW: 44, linearCost: 0.2),
               paperMicrogrid("MG3", bus: 25, dieselMaxKW: 52, linearCost: 0.35, omega: 1.5),
               paperMicrogrid("MG4", bus: 32, dieselMaxKW: 44, linearCost: 0.5, omega: 1.8)]
    return mgs.map { MicrogridHour(microgrid: $0, availablePVKW: $0.photovoltaic.availableKW(irradianceFactor: pvFactor)) }
}

@Suite("P2P market clearing")
struct P2PMarketTests {
    let market = P2PMarket()

    @Test("The clearing satisfies every MG balance and the KKT price conditions")
    func kktConditions() throws {
        let hours = paperMicrogridHours()
        let result = try market.clear(hours)
        #expect(result.status == .optimal)
        let net = result.netPositionsKW
        #expect(abs(net.reduce(0, +)) < 1e-9)
        for (n, hour) in hours.enumerated() {
            let mg = hour.microgrid, d = result.dispatch[n], price = result.pricesRsPerKWh[n]
            // Balance: local surplus leaves through trades.
            #expect(abs(d.surplusKW - net[n]) < 1e-6)
            // Stationarity in demand: the price is the marginal utility (demand is interior or at a bound).
            let mu = mg.demand.marginalUtilityRsPerKWh(demandKW: d.demandKW)
            if d.demandKW > mg.demand.minimumKW + 1e-4 && d.demandKW < mg.demand.maximumKW - 1e-4 {
                #expect(abs(mu - price) < 1e-5)
            }
            // Stationarity in diesel output: interior output has marginal cost = price.
            let mc = mg.diesel.marginalCostRsPerKWh(outputKW: d.dieselKW)
            if d.dieselKW > 1e-4 && d.dieselKW < mg.diesel.maximumKW - 1e-4 { #expect(abs(mc - price) < 1e-5) }
            if d.dieselKW <= 1e-4 { #expect(mc >= price - 1e-5) }
            if d.dieselKW >= mg.diesel.maximumKW - 1e-4 { #expect(mc <= price + 1e-5) }
        }
        // A traded pair's prices differ by exactly the marginal fee; an untraded one by at most the fee.
        let p = market.parameters
        for s in hours.indices {
            for b in hours.indices where b != s {
                let t = result.tradesKW[s][b]
                let spread = result.pricesRsPerKWh[b] - result.pricesRsPerKWh[s]
                if t > 1e-4 { #expect(abs(spread - (p.tradeFeeRsPerKWh + 2 * p.tradeFeeQuadraticRsPerKW2 * t)) < 1e-5) }
                else { #expect(spread <= p.tradeFeeRsPerKWh + 1e-5) }
            }
        }
        // Cheap MG1 sells and expensive MG4 buys.
        #expect(net[0] > 1 && net[3] < -1)
    }

    @Test("Social welfare equals utilities minus costs, computed independently")
    func welfareAccounting() throws {
        let hours = paperMicrogridHours()
        let result = try market.clear(hours)
        let p = market.parameters
        var welfare = 0.0
        for (n, hour) in hours.enumerated() {
            let d = result.dispatch[n]
            welfare += hour.microgrid.demand.utilityRs(demandKW: d.demandKW) - hour.microgrid.diesel.costRs(outputKW: d.dieselKW)
                - p.batteryWearRsPerKWh * (d.chargeKW + d.dischargeKW)
                + p.storedEnergyValueRsPerKWh * (0.95 * d.chargeKW - d.dischargeKW / 0.95)
        }
        for row in result.tradesKW { for t in row { welfare -= p.tradeFeeRsPerKWh * t + p.tradeFeeQuadraticRsPerKW2 * t * t } }
        #expect(abs(welfare - result.socialWelfareRs) < 1e-6)
    }

    @Test("The trade matrix is unique: the same clearing whatever the order the MGs are listed in")
    func tradeMatrixUnique() throws {
        let hours = paperMicrogridHours()
        let order = [2, 0, 3, 1]
        let base = try market.clear(hours)
        let permuted = try market.clear(order.map { hours[$0] })
        for (i, a) in order.enumerated() {
            for (j, b) in order.enumerated() {
                #expect(abs(permuted.tradesKW[i][j] - base.tradesKW[a][b]) < 1e-5)
            }
        }
        // No MG both buys from and sells to the same partner.
        for s in hours.indices { for b in hours.indices where b != s {
            #expect(min(base.tradesKW[s][b], base.tradesKW[b][s]) < 1e-6)
        } }
    }

    @Test("Identical buyers split one seller's surplus equally")
    func symmetricSplit() throws {
        let seller = paperMicrogrid("S", bus: 17, dieselMaxKW: 52, linearCost: 0.079, omega: 0.6)
        let buyer = paperMicrogrid("B", bus: 22, dieselMaxKW: 44, linearCost: 0.5, omega: 1.8)
        let hours = [seller, buyer, buyer].map { MicrogridHour(microgrid: $0, availablePVKW: 5) }
        let result = try market.clear(hours)
        #expect(result.tradesKW[0][1] > 1)
        #expect(abs(result.tradesKW[0][1] - result.tradesKW[0][2]) < 1e-6)
    }

    @Test("Trade caps bound the cleared trades")
    func tradeCaps() throws {
        let hours = paperMicrogridHours()
        let free = try market.clear(hours)
        var caps = Array(repeating: Array(repeating: Double.infinity, count: 4), count: 4)
        let (s, b) = (0, 3)
        #expect(free.tradesKW[s][b] > 2)
        caps[s][b] = free.tradesKW[s][b] / 2
        let capped = try market.clear(hours, tradeCapsKW: caps)
        #expect(capped.tradesKW[s][b] <= caps[s][b] + 1e-7)
        #expect(capped.socialWelfareRs <= free.socialWelfareRs + 1e-9)
    }

    @Test("Invalid inputs are rejected before solving, naming MG and field")
    func validation() {
        var hours = paperMicrogridHours()
        hours[1].microgrid.diesel.linearCostRsPerKWh = .nan
        #expect(throws: MarketError.self) { try market.clear(hours) }
        do { _ = try market.clear(hours) } catch { #expect("\(error)".contains("MG2") && "\(error)".contains("diesel.linearCostRsPerKWh")) }
        #expect(throws: MarketError.tooFewMicrogrids(count: 1)) { try market.clear([paperMicrogridHours()[0]]) }
    }
}

@Test("The clearing QP's derivatives match finite differences at random interior points")
func clearingDerivatives() {
    var generator = SeededGenerator(seed: 7)
    let program = MarketClearingProgram(hours: paperMicrogridHours(), parameters: MarketParameters())
    for _ in 0..<5 {
        let x = zip(program.variableLowerBounds, program.variableUpperBounds).map { lower, upper in
            lower + generator.uniform(0.05, 0.95) * ((upper.isFinite ? upper : lower + 50) - lower)
        }
        let multipliers = (0..<program.constraintCount).map { _ in generator.uniform(-2, 2) }
        let check = DerivativeCheck(program: program, at: x, objectiveFactor: 0.7, multipliers: multipliers)
        #expect(check.maxError < 1e-6)
    }
}

@Test("The dual Newton clearing agrees with Ipopt on the same QP over random scenarios (a second solver)")
func dualNewtonMatchesIpopt() throws {
    let distribution = ScenarioDistribution(
        loadScale: .fixed(1), powerFactor: .fixed(1), solarUncertaintyPercent: ValueRange(0, 30),
        loadSheddingPriceRsPerKW2: .fixed(0), correctionPriceRsPerKW2: .fixed(0), pvIrradianceFactor: ValueRange(0, 1),
        batterySOCFraction: ValueRange(0, 1), microgridLoadScale: ValueRange(0.3, 1.2), perturbedShare: 0,
        perturbationFactor: .fixed(1))
    let base = paperMicrogridHours().map { $0.microgrid.scaled(by: 10) }
    let sampler = ScenarioSampler(distribution: distribution, microgridCount: base.count)
    let market = P2PMarket()
    let ipopt = IpoptSolver()
    for index in 0..<25 {
        let hours = sampler.scenario(seed: 11, index: index).microgridHours(for: base)
        let fast = try market.clear(hours)
        let program = MarketClearingProgram(hours: hours, parameters: market.parameters)
        let start = zip(program.variableLowerBounds, program.variableUpperBounds).map { $1.isFinite ? 0.5 * ($0 + $1) : $0 }
        let reference = ipopt.solve(program, from: IpoptStartPoint(x: start))
        #expect(reference.status == .optimal)
        let offset = hours.count * MarketClearingProgram.variablesPerMicrogrid
        for (k, pair) in program.tradePairs.enumerated() {
            #expect(abs(fast.tradesKW[pair.seller][pair.buyer] - max(0, reference.x[offset + k])) < 1e-3)
        }
        for n in hours.indices { #expect(abs(fast.pricesRsPerKWh[n] + reference.constraintMultipliers[n]) < 1e-5) }
        #expect(abs(fast.socialWelfareRs + reference.objective) < 1e-3)
    }
}
