import Testing
@testable import Market

/// Central finite difference of a scalar function.
private func derivative(_ f: (Double) -> Double, at x: Double, step h: Double = 1e-5) -> Double {
    (f(x + h) - f(x - h)) / (2 * h)
}

@Suite("Microgrid device models")
struct DeviceModelTests {
    let demand = FlexibleDemand(omegaRsPerKWh: 6, alphaRsPerKW2: 0.1, minimumKW: 5, maximumKW: 50)
    let diesel = DieselGenerator(maximumKW: 52, quadraticCostRsPerKW2: 0.002, linearCostRsPerKWh: 0.079)
    let battery = BatteryStorage(ratedPowerKW: 10, minimumSOCKWh: 4, maximumSOCKWh: 20,
                                 chargeEfficiency: 0.95, dischargeEfficiency: 0.95, socKWh: 12)

    @Test("Samadi utility: marginal utility is the derivative, and U is continuous at satiation")
    func samadiUtility() {
        for d in stride(from: 1.0, through: 59.0, by: 7.0) where abs(d - demand.satiationKW) > 1e-3 {
            let fd = derivative({ demand.utilityRs(demandKW: $0) }, at: d)
            #expect(abs(fd - demand.marginalUtilityRsPerKWh(demandKW: d)) < 1e-6)
        }
        let s = demand.satiationKW
        #expect(abs(demand.utilityRs(demandKW: s - 1e-9) - demand.utilityRs(demandKW: s + 1e-9)) < 1e-6)
        #expect(demand.utilityRs(demandKW: s + 10) == demand.omegaRsPerKWh * demand.omegaRsPerKWh / (2 * demand.alphaRsPerKW2))
    }

    @Test("Diesel marginal cost is the derivative of the quadratic cost")
    func dieselMarginalCost() {
        for g in [0.5, 10, 30, 51.5] {
            let fd = derivative({ diesel.costRs(outputKW: $0) }, at: g)
            #expect(abs(fd - diesel.marginalCostRsPerKWh(outputKW: g)) < 1e-8)
        }
    }

    @Test("Battery limits keep the SOC inside its bounds and energy is counted with efficiencies")
    func batteryEnergyBalance() {
        let full = battery.after(chargeKW: battery.maximumChargeKW(), dischargeKW: 0)
        #expect(abs(full.socKWh - min(20, 12 + 0.95 * 10)) < 1e-12)
        let empty = battery.after(chargeKW: 0, dischargeKW: battery.maximumDischargeKW())
        // 8 kWh above the minimum deliver 8 × 0.95 = 7.6 kW for one hour.
        #expect(abs(battery.maximumDischargeKW() - 7.6) < 1e-12)
        #expect(abs(empty.socKWh - 4) < 1e-12)
        // A round trip loses (1 − η_ch η_dis) of the energy charged.
        let charged = battery.after(chargeKW: 5, dischargeKW: 0)
        let back = charged.after(chargeKW: 0, dischargeKW: 5 * 0.95 * 0.95)
        #expect(abs(back.socKWh - battery.socKWh) < 1e-12)
    }

    @Test("Scaling by κ multiplies capacities and keeps marginal prices at proportional points")
    func kappaScaling() {
        let kappa = 10.0
        let d = demand.scaled(by: kappa), g = diesel.scaled(by: kappa), b = battery.scaled(by: kappa)
        #expect(d.maximumKW == 500 && g.maximumKW == 520 && b.ratedPowerKW == 100 && b.maximumSOCKWh == 200)
        #expect(abs(d.marginalUtilityRsPerKWh(demandKW: 200) - demand.marginalUtilityRsPerKWh(demandKW: 20)) < 1e-12)
        #expect(abs(g.marginalCostRsPerKWh(outputKW: 300) - diesel.marginalCostRsPerKWh(outputKW: 30)) < 1e-12)
        #expect(abs(g.costRs(outputKW: 300) - kappa * diesel.costRs(outputKW: 30)) < 1e-9)
        #expect(abs(b.maximumDischargeKW() - kappa * battery.maximumDischargeKW()) < 1e-12)
        #expect(PhotovoltaicUnit(nominalKW: 10).scaled(by: kappa).availableKW(irradianceFactor: 0.5) == 50)
    }
}
