import Foundation
import Testing
import Grid

/// Independent check of the sweep: build MATPOWER's bus admittance matrix
/// (series admittance, line charging, taps and phase shifts, bus shunts) and
/// verify `S_i = V_i conj(Σ_j Y_ij V_j)` against the scheduled injections at
/// every bus of every reference case.
@Suite struct AdmittanceBalanceTests {
    /// Complex numbers spelled out, so the test shares no arithmetic with the solver.
    struct Complex {
        var re: Double, im: Double
        static func + (a: Complex, b: Complex) -> Complex { Complex(re: a.re + b.re, im: a.im + b.im) }
        static func * (a: Complex, b: Complex) -> Complex { Complex(re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re) }
        static func / (a: Complex, b: Complex) -> Complex {
            let d = b.re * b.re + b.im * b.im
            return Complex(re: (a.re * b.re + a.im * b.im) / d, im: (a.im * b.re - a.re * b.im) / d)
        }
        var conjugate: Complex { Complex(re: re, im: -im) }
        static func polar(_ magnitude: Double, _ angleRad: Double) -> Complex { Complex(re: magnitude * cos(angleRad), im: magnitude * sin(angleRad)) }
    }

    /// Dense `Ybus` as MATPOWER's makeYbus defines it.
    static func admittanceMatrix(_ network: Network) -> [[Complex]] {
        let n = network.buses.count
        let index = Dictionary(uniqueKeysWithValues: network.buses.enumerated().map { ($1.id, $0) })
        var y = Array(repeating: Array(repeating: Complex(re: 0, im: 0), count: n), count: n)
        for branch in network.branches where branch.inService {
            let f = index[branch.fromBus]!, t = index[branch.toBus]!
            let ys = Complex(re: 1, im: 0) / Complex(re: branch.rPU, im: branch.xPU)
            let charging = Complex(re: 0, im: branch.bPU / 2)
            let tap = Complex.polar(branch.tapRatio == 0 ? 1 : branch.tapRatio, branch.shiftDeg * .pi / 180)
            let tapSquared = tap.re * tap.re + tap.im * tap.im
            y[f][f] = y[f][f] + (ys + charging) / Complex(re: tapSquared, im: 0)
            y[t][t] = y[t][t] + ys + charging
            y[f][t] = y[f][t] + Complex(re: -1, im: 0) * ys / tap.conjugate
            y[t][f] = y[t][f] + Complex(re: -1, im: 0) * ys / tap
        }
        for (i, bus) in network.buses.enumerated() {
            y[i][i] = y[i][i] + Complex(re: bus.gsMW / network.baseMVA, im: bus.bsMVAr / network.baseMVA)
        }
        return y
    }

    /// Largest bus power mismatch (p.u.) of `solution` on `network` by the
    /// admittance form, counting the reported substation power as the slack
    /// buses' generation.
    static func largestMismatchPU(_ network: Network, _ solution: PowerFlowSolution, loadScale: Double = 1) -> Double {
        let y = admittanceMatrix(network)
        let v = zip(solution.voltageMagnitudePU, solution.voltageAngleDeg).map { Complex.polar($0, $1 * .pi / 180) }
        var slackInjection = Complex(re: 0, im: 0)
        var slackLoad = Complex(re: 0, im: 0)
        var worst = 0.0
        for i in network.buses.indices {
            var current = Complex(re: 0, im: 0)
            for j in network.buses.indices where y[i][j].re != 0 || y[i][j].im != 0 { current = current + y[i][j] * v[j] }
            let injection = v[i] * current.conjugate
            let bus = network.buses[i]
            let load = Complex(re: loadScale * bus.pdMW / network.baseMVA, im: loadScale * bus.qdMVAr / network.baseMVA)
            if bus.type == .slack {
                slackInjection = slackInjection + injection
                slackLoad = slackLoad + load
            } else {
                worst = max(worst, abs(injection.re + load.re), abs(injection.im + load.im))
            }
        }
        // The slack buses supply exactly what the sweep reports as substation power.
        worst = max(worst, abs(slackInjection.re + slackLoad.re - solution.substationPMW / network.baseMVA),
                    abs(slackInjection.im + slackLoad.im - solution.substationQMVAr / network.baseMVA))
        return worst
    }

    @Test(.enabled(if: ReferenceCases.available), arguments: ReferenceCases.all)
    func sweepSatisfiesBusPowerBalance(caseName: String) throws {
        let network = try ReferenceCases.load(caseName)
        var solver = try RadialPowerFlow(network: network)
        let solution = try solver.solve(loadScale: 1.0)
        let worst = Self.largestMismatchPU(network, solution)
        #expect(worst <= 1e-6, "\(caseName): largest bus mismatch \(worst) p.u.")
        // Energy balance: substation = load + shunt consumption + losses.
        let shuntP = zip(network.buses, solution.voltageMagnitudePU).reduce(0.0) { $0 + $1.0.gsMW * $1.1 * $1.1 }
        let loadP = network.buses.reduce(0.0) { $0 + $1.pdMW }
        #expect(abs(solution.substationPMW - loadP - shuntP - solution.lossesMW) <= 1e-6 * network.baseMVA)
    }

    @Test(.enabled(if: ReferenceCases.available))
    func allReferenceCasesArePresent() {
        #expect(ReferenceCases.all.count == 25)
    }
}
