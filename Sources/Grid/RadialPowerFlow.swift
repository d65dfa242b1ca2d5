import Foundation
import PortableMath

/// AC power flow for radial feeders by backward/forward sweep (current
/// summation), with constant-PQ loads and bus shunts (`Gs`, `Bs`) as constant
/// impedances. Branches use MATPOWER's π model: series `r + jx`, charging
/// `jb/2` at each end, and an ideal transformer of ratio `τ e^{jθ}` at the
/// from end (so the admittance matrix of the solution is MATPOWER's `Ybus`).
///
/// Build one solver per topology and reuse it: the ordering and branch data
/// are precomputed, and a solve allocates only its result arrays. Generators
/// at non-slack buses are constant PQ injections (radial sweeps have no PV
/// buses); slack buses hold their voltage.
public struct RadialPowerFlow: Sendable {
    /// The network the solver was built for.
    public let network: Network
    /// Its radial ordering.
    public let topology: RadialTopology
    /// Tolerance and iteration cap.
    public var options: PowerFlowOptions

    // Per sweep position p (bus topology.order[p]); roots occupy the first positions.
    private let rootCount: Int
    private let parentPosition: [Int]
    private let seriesR: [Double], seriesX: [Double], halfChargingB: [Double]
    private let tapRe: [Double], tapIm: [Double]
    private let parentIsFrom: [Bool]
    private let shuntG: [Double], shuntB: [Double]
    private let rootOfPosition: [Int]
    private let defaultSlackMagnitudePU: [Double], slackAngleRad: [Double]
    private let fromBusBaseKV: [Double]
    // Iteration state, kept between solves so a solve allocates nothing inside its loop.
    private var vRe: [Double], vIm: [Double]
    private var drawnRe: [Double], drawnIm: [Double]
    private var seriesRe: [Double], seriesIm: [Double]
    private var loadP: [Double], loadQ: [Double]

    /// Validates `network`, orders it from its slack buses and precomputes the sweep.
    /// - Throws: the validation and topology errors of `Network.validate` and `RadialTopology`.
    public init(network: Network, options: PowerFlowOptions = PowerFlowOptions(), source: String? = nil) throws(GridError) {
        try network.validate(source: source ?? network.name)
        let topology = try RadialTopology(network: network, source: source)
        self.network = network
        self.topology = topology
        self.options = options
        let n = topology.busCount
        var position = [Int](repeating: 0, count: n)
        for (p, bus) in topology.order.enumerated() { position[bus] = p }
        rootCount = topology.roots.count
        var parentPosition = [Int](repeating: -1, count: n)
        var r = [Double](repeating: 0, count: n), x = r, halfB = r, tapRe = [Double](repeating: 1, count: n), tapIm = r
        var parentIsFrom = [Bool](repeating: true, count: n)
        var g = r, b = r, rootOf = parentPosition, slackMagnitude = r, slackAngle = r, fromKV = r
        for (p, bus) in topology.order.enumerated() {
            g[p] = network.buses[bus].gsMW / network.baseMVA
            b[p] = network.buses[bus].bsMVAr / network.baseMVA
            guard let parent = topology.parentBus[bus], let k = topology.parentBranch[bus] else {
                rootOf[p] = p
                let id = network.buses[bus].id
                slackMagnitude[p] = network.generators.first { $0.inService && $0.bus == id }?.vgPU ?? network.buses[bus].vmPU
                slackAngle[p] = network.buses[bus].vaDeg * .pi / 180
                continue
            }
            let branch = network.branches[k]
            parentPosition[p] = position[parent]
            rootOf[p] = rootOf[position[parent]]
            fromKV[p] = network.buses[topology.parentIsFromBus[bus] ? parent : bus].baseKV
            r[p] = branch.rPU; x[p] = branch.xPU; halfB[p] = branch.bPU / 2
            let ratio = branch.tapRatio == 0 ? 1 : branch.tapRatio
            let shift = branch.shiftDeg * .pi / 180
            tapRe[p] = ratio * Portable.cos(shift); tapIm[p] = ratio * Portable.sin(shift)
            parentIsFrom[p] = topology.parentIsFromBus[bus]
        }
        self.parentPosition = parentPosition
        seriesR = r; seriesX = x; halfChargingB = halfB; self.tapRe = tapRe; self.tapIm = tapIm
        self.parentIsFrom = parentIsFrom; shuntG = g; shuntB = b
        rootOfPosition = rootOf; defaultSlackMagnitudePU = slackMagnitude; slackAngleRad = slackAngle; fromBusBaseKV = fromKV
        vRe = [Double](repeating: 1, count: n); vIm = [Double](repeating: 0, count: n)
        drawnRe = [Double](repeating: 0, count: n); drawnIm = drawnRe
        seriesRe = drawnRe; seriesIm = drawnRe; loadP = drawnRe; loadQ = drawnRe
    }

    /// Net demand per bus index of the case itself (MW, MVAr): `scale × (Pd, Qd)`
    /// minus the dispatch (`Pg`, `Qg`) of in-service generators at non-slack buses.
    public func caseNetDemand(loadScale: Double = 1) -> (pMW: [Double], qMVAr: [Double]) {
        var p = network.buses.map { $0.pdMW * loadScale }
        var q = network.buses.map { $0.qdMVAr * loadScale }
        for generator in network.generators where generator.inService {
            guard let i = topology.busIndex[generator.bus], network.buses[i].type != .slack else { continue }
            p[i] -= generator.pgMW
            q[i] -= generator.qgMVAr
        }
        return (p, q)
    }

    /// Power flow of the case with its demand multiplied by `loadScale`.
    public mutating func solve(loadScale: Double = 1) throws(GridError) -> PowerFlowSolution {
        let demand = caseNetDemand(loadScale: loadScale)
        return try solve(netDemandMW: demand.pMW, netDemandMVAr: demand.qMVAr)
    }

    /// Power flow for explicit net demand per bus index (load minus generation,
    /// MW / MVAr; negative means net injection). Demand at slack buses is served
    /// by the slack and appears in `substationPMW`.
    ///
    /// - Parameter slackVoltagePU: magnitude held at every slack bus; nil uses
    ///   each slack bus's default: the set-point `Vg` of its first in-service
    ///   generator, else its stored `Vm`. Slack angles are the buses' stored `Va`.
    /// - Throws: `GridError.invalidPowerFlowInput` for wrong lengths or
    ///   non-finite values; `.powerFlowDidNotConverge` when the sweep fails.
    public mutating func solve(netDemandMW: [Double], netDemandMVAr: [Double],
                               slackVoltagePU: Double? = nil) throws(GridError) -> PowerFlowSolution {
        let n = topology.busCount
        guard netDemandMW.count == n, netDemandMVAr.count == n else {
            throw .invalidPowerFlowInput(message: "net demand has \(netDemandMW.count) / \(netDemandMVAr.count) entries for \(n) buses")
        }
        guard netDemandMW.allSatisfy(\.isFinite), netDemandMVAr.allSatisfy(\.isFinite) else {
            throw .invalidPowerFlowInput(message: "net demand contains NaN or infinite values")
        }
        if let v = slackVoltagePU, !(v.isFinite && v > 0) {
            throw .invalidPowerFlowInput(message: "slack voltage \(v) p.u. must be positive and finite")
        }
        for (p, bus) in topology.order.enumerated() {
            loadP[p] = netDemandMW[bus] / network.baseMVA
            loadQ[p] = netDemandMVAr[bus] / network.baseMVA
        }
        // Flat start: every bus at its slack's voltage.
        for p in 0..<n {
            let root = rootOfPosition[p]
            let magnitude = slackVoltagePU ?? defaultSlackMagnitudePU[root]
            vRe[p] = magnitude * Portable.cos(slackAngleRad[root]); vIm[p] = magnitude * Portable.sin(slackAngleRad[root])
        }
        var iterations = 0
        var change = Double.infinity
        while iterations < options.maxIterations {
            iterations += 1
            backwardSweep()
            change = forwardSweep()
            if !(change.isFinite) { break }
            if change <= options.tolerancePU { break }
        }
        guard change <= options.tolerancePU else {
            throw .powerFlowDidNotConverge(iterations: iterations, lastVoltageChangePU: change, tolerancePU: options.tolerancePU)
        }
        backwardSweep()
        return solution(iterations: iterations, change: change)
    }

    /// Currents drawn by each subtree at its bus, from the leaves up, at the present voltages.
    private mutating func backwardSweep() {
        let n = topology.busCount
        for p in 0..<n {
            let vr = vRe[p], vi = vIm[p]
            let m2 = vr * vr + vi * vi
            // conj(S / V) for constant power, plus Y V for the shunt.
            drawnRe[p] = (loadP[p] * vr + loadQ[p] * vi) / m2 + shuntG[p] * vr - shuntB[p] * vi
            drawnIm[p] = (loadP[p] * vi - loadQ[p] * vr) / m2 + shuntG[p] * vi + shuntB[p] * vr
        }
        var p = n - 1
        while p >= rootCount {
            let parent = parentPosition[p]
            let hb = halfChargingB[p], nr = tapRe[p], ni = tapIm[p]
            let jr = drawnRe[p], ji = drawnIm[p]
            if parentIsFrom[p] {
                // Series current toward the child (to) end, then the internal node behind the transformer.
                let sr = jr - hb * vIm[p], si = ji + hb * vRe[p]
                seriesRe[p] = sr; seriesIm[p] = si
                let (ur, ui) = divide(vRe[parent], vIm[parent], by: nr, ni)
                let ir = sr - hb * ui, ii = si + hb * ur
                // I_from = I_internal / conj(N)
                let (fr, fi) = divide(ir, ii, by: nr, -ni)
                drawnRe[parent] += fr; drawnIm[parent] += fi
            } else {
                // The child is the from bus: its current passes the transformer first (I_internal = conj(N) I_from).
                let (ur, ui) = divide(vRe[p], vIm[p], by: nr, ni)
                let sr = nr * jr + ni * ji - hb * ui
                let si = nr * ji - ni * jr + hb * ur
                seriesRe[p] = sr; seriesIm[p] = si
                drawnRe[parent] += sr - hb * vIm[parent]
                drawnIm[parent] += si + hb * vRe[parent]
            }
            p -= 1
        }
    }

    /// Voltages from the roots down; returns the largest phasor change (p.u.).
    private mutating func forwardSweep() -> Double {
        var change = 0.0
        var diverged = false
        for p in rootCount..<topology.busCount {
            let parent = parentPosition[p]
            let r = seriesR[p], x = seriesX[p], nr = tapRe[p], ni = tapIm[p]
            let dr = r * seriesRe[p] - x * seriesIm[p], di = r * seriesIm[p] + x * seriesRe[p]
            let newRe: Double, newIm: Double
            if parentIsFrom[p] {
                let (ur, ui) = divide(vRe[parent], vIm[parent], by: nr, ni)
                newRe = ur - dr; newIm = ui - di
            } else {
                let ur = vRe[parent] - dr, ui = vIm[parent] - di
                newRe = nr * ur - ni * ui; newIm = nr * ui + ni * ur
            }
            let delta = max(abs(newRe - vRe[p]), abs(newIm - vIm[p]))
            if !(delta <= change) { change = delta }
            if !delta.isFinite { diverged = true }
            vRe[p] = newRe; vIm[p] = newIm
        }
        // A NaN anywhere must not hide behind later finite changes.
        return diverged ? .infinity : change
    }

    @inline(__always)
    private func divide(_ ar: Double, _ ai: Double, by br: Double, _ bi: Double) -> (Double, Double) {
        let d = br * br + bi * bi
        return ((ar * br + ai * bi) / d, (ai * br - ar * bi) / d)
    }

    /// Bus voltages, branch end flows and totals from the converged state.
    private func solution(iterations: Int, change: Double) -> PowerFlowSolution {
        let n = topology.busCount, m = network.branches.count, base = network.baseMVA
        var magnitude = [Double](repeating: 0, count: n), angle = magnitude
        for (p, bus) in topology.order.enumerated() {
            magnitude[bus] = (vRe[p] * vRe[p] + vIm[p] * vIm[p]).squareRoot()
            angle[bus] = Portable.atan2(vIm[p], vRe[p]) * 180 / .pi
        }
        var fromP = [Double](repeating: 0, count: m), fromQ = fromP, toP = fromP, toQ = fromP, currentPU = fromP, currentKA = fromP
        for p in rootCount..<n {
            let bus = topology.order[p], parent = parentPosition[p]
            guard let k = topology.parentBranch[bus] else { continue }
            // Current the branch takes from the parent bus, and the child's subtree current it delivers.
            var parentRe = seriesRe[p], parentIm = seriesIm[p]
            if parentIsFrom[p] {
                let (ur, ui) = divide(vRe[parent], vIm[parent], by: tapRe[p], tapIm[p])
                (parentRe, parentIm) = divide(parentRe - halfChargingB[p] * ui, parentIm + halfChargingB[p] * ur, by: tapRe[p], -tapIm[p])
            } else {
                parentRe -= halfChargingB[p] * vIm[parent]; parentIm += halfChargingB[p] * vRe[parent]
            }
            let parentP = (vRe[parent] * parentRe + vIm[parent] * parentIm) * base
            let parentQ = (vIm[parent] * parentRe - vRe[parent] * parentIm) * base
            let childP = -(vRe[p] * drawnRe[p] + vIm[p] * drawnIm[p]) * base
            let childQ = -(vIm[p] * drawnRe[p] - vRe[p] * drawnIm[p]) * base
            let fromCurrent = parentIsFrom[p] ? (parentRe * parentRe + parentIm * parentIm).squareRoot()
                                              : (drawnRe[p] * drawnRe[p] + drawnIm[p] * drawnIm[p]).squareRoot()
            if parentIsFrom[p] {
                fromP[k] = parentP; fromQ[k] = parentQ; toP[k] = childP; toQ[k] = childQ
            } else {
                fromP[k] = childP; fromQ[k] = childQ; toP[k] = parentP; toQ[k] = parentQ
            }
            currentPU[k] = fromCurrent
            currentKA[k] = fromBusBaseKV[p] > 0 ? fromCurrent * base / (3.0.squareRoot() * fromBusBaseKV[p]) : .nan
        }
        var lossesP = 0.0, lossesQ = 0.0
        for k in 0..<m { lossesP += fromP[k] + toP[k]; lossesQ += fromQ[k] + toQ[k] }
        var slackP = 0.0, slackQ = 0.0
        for p in 0..<rootCount {
            slackP += (vRe[p] * drawnRe[p] + vIm[p] * drawnIm[p]) * base
            slackQ += (vIm[p] * drawnRe[p] - vRe[p] * drawnIm[p]) * base
        }
        return PowerFlowSolution(
            busIDs: topology.busIDs, voltageMagnitudePU: magnitude, voltageAngleDeg: angle,
            branchFromPMW: fromP, branchFromQMVAr: fromQ, branchToPMW: toP, branchToQMVAr: toQ,
            branchCurrentPU: currentPU, branchCurrentKA: currentKA,
            lossesMW: lossesP, lossesMVAr: lossesQ, substationPMW: slackP, substationQMVAr: slackQ,
            iterations: iterations, lastVoltageChangePU: change)
    }
}
