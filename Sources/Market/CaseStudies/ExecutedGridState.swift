import Grid
import OPF

/// The feeder at an executed state, by the AC power flow (DESIGN.md §8): the
/// DSO's generator set-points and load shedding from its OPF, every MG
/// injecting the net position of the trades actually executed (reactive
/// power at its power factor, `Q = P tan φ`), the substation (slack) taking
/// the rest. In case 1 the set-points come from an OPF that did not know the
/// trades, so the trades' flows show here and nowhere else.
public struct ExecutedGridState: Sendable {
    /// Voltage magnitude per bus (p.u.), in the network's bus order.
    public var voltagesPU: [Double]
    /// Substation (slack) supply (MW / MVAr).
    public var substationPMW: Double
    public var substationQMVAr: Double
    /// Output of the dispatchable generators away from the substation, summed (MW / MVAr).
    public var generatorPMW: Double
    public var generatorQMVAr: Double
    /// Load shed by the DSO (kW).
    public var shedKW: Double
    /// Buses with |V| outside their limits by more than `voltageTolerancePU`.
    public var voltageViolations: Int
    /// Rated in-service branches whose larger end apparent power exceeds the
    /// rating by more than `thermalToleranceShare`.
    public var thermalViolations: Int
    /// Per branch, in the network's branch order: the larger end apparent power over the
    /// rating (NaN for open or unrated branches).
    public var branchLoading: [Double]
    /// Generation cost of substation import and generators plus the shedding
    /// cost `VOLL shed + c_ls Σ shed_i²` (Rs for the period).
    public var dsoCostRs: Double

    /// Slack on the voltage limits (p.u.): the OPF holds them only to its solver
    /// tolerance and, in the SOCP relaxation, up to its gap, so a state at a
    /// limit must not count as violating it.
    public static let voltageTolerancePU = 1e-3
    /// Relative slack on branch ratings, for the same reason.
    public static let thermalToleranceShare = 0.01

    /// Evaluates the executed state.
    /// - Parameters:
    ///   - powerFlow: a solver built for `network` (the DSO's feeder).
    ///   - response: the DSO response whose generator dispatch and shedding are executed.
    ///   - injectionKW: each MG's executed net position (kW, positive = export), at `microgridBuses`.
    ///   - periodHours: length of the period, for the costs.
    ///   - step: where in the case studies this state is (for error messages).
    public static func evaluate(network: Network, powerFlow: inout RadialPowerFlow, microgridBuses: [Int],
                                scenario: HourScenario, response: DSOResponse, injectionKW: [Double],
                                periodHours: Double, step: String) throws -> ExecutedGridState {
        let opf = response.opf
        let shedByBus = Dictionary(uniqueKeysWithValues: zip(opf.busIds, opf.shedMW))
        var p = [Double](repeating: 0, count: network.buses.count), q = p
        var shedSquaresKW2 = 0.0, shedKW = 0.0
        for (i, bus) in network.buses.enumerated() {
            let loadMW = bus.pdMW * scenario.loadScale, loadMVAr = bus.qdMVAr * scenario.loadScale
            let shedMW = shedByBus[bus.id] ?? 0
            let kept = loadMW > 0 ? 1 - shedMW / loadMW : 1
            p[i] = loadMW * kept
            q[i] = loadMVAr * kept
            shedKW += shedMW * 1000
            shedSquaresKW2 += shedMW * 1000 * shedMW * 1000
        }
        let slackBuses = Set(network.buses.filter { $0.type == .slack }.map(\.id))
        var generatorP = 0.0, generatorQ = 0.0, generationCostRs = 0.0
        for dispatch in opf.generators where !slackBuses.contains(dispatch.bus) {
            guard let i = powerFlow.topology.busIndex[dispatch.bus] else { continue }
            p[i] -= dispatch.pMW
            q[i] -= dispatch.qMVAr
            generatorP += dispatch.pMW
            generatorQ += dispatch.qMVAr
            generationCostRs += costRsPerHour(network.generators[dispatch.generator], pMW: dispatch.pMW)
        }
        for (n, bus) in microgridBuses.enumerated() {
            guard let i = powerFlow.topology.busIndex[bus] else {
                throw MarketError.powerFlowFailed(step: step, reason: "microgrid \(n + 1) bus \(bus) is not in \(network.name)")
            }
            let tanPhi = (1 / (scenario.powerFactors[n] * scenario.powerFactors[n]) - 1).squareRoot()
            p[i] -= injectionKW[n] / 1000
            q[i] -= injectionKW[n] * tanPhi / 1000
        }
        let flow: PowerFlowSolution
        do {
            flow = try powerFlow.solve(netDemandMW: p, netDemandMVAr: q)
        } catch {
            throw MarketError.powerFlowFailed(step: step, reason: "\(error)")
        }
        if let substation = network.generators.first(where: { $0.inService && slackBuses.contains($0.bus) }) {
            generationCostRs += costRsPerHour(substation, pMW: flow.substationPMW)
        }
        let tolerance = voltageTolerancePU
        let voltageViolations = zip(network.buses, flow.voltageMagnitudePU).filter { bus, v in
            v < bus.vminPU - tolerance || v > bus.vmaxPU + tolerance
        }.count
        var thermalViolations = 0
        var branchLoading = [Double](repeating: .nan, count: network.branches.count)
        for (k, branch) in network.branches.enumerated() where branch.inService && branch.rateAMVA > 0 {
            let from = (flow.branchFromPMW[k] * flow.branchFromPMW[k] + flow.branchFromQMVAr[k] * flow.branchFromQMVAr[k]).squareRoot()
            let to = (flow.branchToPMW[k] * flow.branchToPMW[k] + flow.branchToQMVAr[k] * flow.branchToQMVAr[k]).squareRoot()
            branchLoading[k] = max(from, to) / branch.rateAMVA
            if max(from, to) > branch.rateAMVA * (1 + thermalToleranceShare) { thermalViolations += 1 }
        }
        let sheddingCostRs = response.vollRsPerKWh * shedKW + scenario.loadSheddingPriceRsPerKW2 * shedSquaresKW2
        return ExecutedGridState(voltagesPU: flow.voltageMagnitudePU, substationPMW: flow.substationPMW,
                                 substationQMVAr: flow.substationQMVAr, generatorPMW: generatorP, generatorQMVAr: generatorQ,
                                 shedKW: shedKW, voltageViolations: voltageViolations, thermalViolations: thermalViolations,
                                 branchLoading: branchLoading, dsoCostRs: (generationCostRs + sheddingCostRs) * periodHours)
    }

    /// A generator's polynomial cost (Rs/h, P in MW as in MATPOWER); zero without a cost.
    static func costRsPerHour(_ generator: Generator, pMW: Double) -> Double {
        guard case let .polynomial(coefficients)? = generator.cost?.model else { return 0 }
        return coefficients.reduce(0) { $0 * pMW + $1 }
    }
}
