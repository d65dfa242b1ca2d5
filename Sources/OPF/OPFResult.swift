import Grid

/// One generator's dispatch.
public struct GeneratorDispatch: Sendable, Equatable {
    /// Index in `Network.generators`.
    public var generator: Int
    /// Bus id of the generator.
    public var bus: Int
    /// Active / reactive output (MW / MVAr).
    public var pMW: Double
    public var qMVAr: Double
}

/// Power flow on one branch at both terminals (MW / MVAr, positive into the branch at `f`,
/// out of it at `t`), with its loading against `rateA`.
public struct BranchFlowResult: Sendable, Equatable {
    /// Bus ids of the branch's ends, as in the case file.
    public var fromBus: Int
    public var toBus: Int
    /// Power entering the branch at the `f` end (MW / MVAr).
    public var pFromMW: Double
    public var qFromMVAr: Double
    /// Power delivered to the `t` bus.
    public var pToMW: Double
    /// Reactive power delivered to the `t` bus (MVAr).
    public var qToMVAr: Double
    /// Series losses `r ℓ` (kW).
    public var lossesKW: Double
    /// Larger terminal apparent power over `rateA` (1 = at the limit); nil when unlimited.
    public var loading: Double?
}

/// The solved OPF, in the units of the case file (MW, MVAr, p.u. voltages,
/// currency of the generator costs), plus solver diagnostics.
public struct OPFResult: Sendable {
    /// How Ipopt finished; the numbers below are meaningful only when `status.hasSolution`.
    public var status: OptimizationStatus
    /// The formulation that was solved.
    public var formulation: OPFFormulation
    /// Total cost (currency per hour): generation, shedding and trade correction.
    public var objective: Double
    /// Dispatch of every in-service generator, in `Network.generators` order.
    public var generators: [GeneratorDispatch]
    /// Bus ids of the in-service buses, the order of every per-bus array below.
    public var busIds: [Int]
    /// Voltage magnitude |V| per bus (p.u.).
    public var voltagesPU: [Double]
    /// Shed active load per bus (MW).
    public var shedMW: [Double]
    /// Flows on the in-service branches, in `Network.branches` order.
    public var branches: [BranchFlowResult]
    /// Σ r ℓ over all branches (kW).
    public var lossesKW: Double
    /// Distribution locational marginal prices: the cost of one more kWh of load at each bus
    /// for one hour (currency/kWh), i.e. the dual of the bus active-power balance.
    public var dlmpPerKWh: [Double]
    /// Reactive-power prices: the dual of the bus reactive balance (currency/kVArh).
    public var reactivePricePerKVArh: [Double]
    /// `max |P² + Q² − v ℓ|` over branches (p.u.²); zero means the SOCP relaxation is exact.
    public var relaxationGap: Double
    /// Largest violation of any constraint or bound at the returned point (unscaled, p.u.).
    public var maxConstraintViolation: Double
    /// The limits that hold the solution where it is (`BindingConstraint`'s tolerances),
    /// voltages first, then branches, generators and shedding; empty without a solution.
    public var binding: [BindingConstraint]
    /// Acceptance fraction `α_k` of each trade (empty for a standard OPF).
    public var tradeAcceptance: [Double]
    /// Largest |V| difference between the OPF and an AC power flow at its injections (p.u.);
    /// nil when no AC check was run.
    public var acCheckMaxVoltageDifferencePU: Double?
    /// Ipopt iterations.
    public var iterations: Int
    /// Wall time inside Ipopt (seconds).
    public var solveSeconds: Double

    /// Lowest bus voltage with its bus id.
    public var minimumVoltage: (bus: Int, voltagePU: Double) {
        let i = voltagesPU.indices.min { voltagesPU[$0] < voltagesPU[$1] } ?? 0
        return (busIds[i], voltagesPU[i])
    }
    /// Highest bus voltage with its bus id.
    public var maximumVoltage: (bus: Int, voltagePU: Double) {
        let i = voltagesPU.indices.max { voltagesPU[$0] < voltagesPU[$1] } ?? 0
        return (busIds[i], voltagesPU[i])
    }

    /// Reads the solution of `model` from Ipopt's result.
    init(model: BranchFlowModel, solution: IpoptSolution) {
        let x = solution.x, base = model.baseMVA
        let program = model.program
        status = solution.status
        formulation = model.specification.formulation
        objective = solution.objective
        generators = model.generators.enumerated().map { g, entry in
            GeneratorDispatch(generator: entry.index, bus: entry.generator.bus, pMW: x[model.pg[g]] * base, qMVAr: x[model.qg[g]] * base)
        }
        busIds = model.buses.map(\.id)
        voltagesPU = model.v.map { x[$0].squareRoot() }
        shedMW = model.buses.indices.map { i in model.shed[i].map { x[$0] * model.buses[i].pdMW } ?? 0 }
        branches = model.branches.indices.map { l in
            let branch = model.branches[l]
            let pl = x[model.p[l]], ql = x[model.q[l]], currentSquared = x[model.ell[l]]
            let w = x[model.v[model.fromBus[l]]] / model.tapSquared(l), vTo = x[model.v[model.toBus[l]]]
            let pFrom = pl, qFrom = ql - branch.bPU / 2 * w
            let pTo = pl - branch.rPU * currentSquared, qTo = ql - branch.xPU * currentSquared + branch.bPU / 2 * vTo
            let apparent = max((pFrom * pFrom + qFrom * qFrom).squareRoot(), (pTo * pTo + qTo * qTo).squareRoot())
            return BranchFlowResult(fromBus: branch.fromBus, toBus: branch.toBus, pFromMW: pFrom * base, qFromMVAr: qFrom * base,
                                    pToMW: pTo * base, qToMVAr: qTo * base, lossesKW: branch.rPU * currentSquared * base * 1000,
                                    loading: branch.rateAMVA > 0 ? apparent * base / branch.rateAMVA : nil)
        }
        lossesKW = branches.reduce(0) { $0 + $1.lossesKW }
        // Ipopt's Lagrangian is f + λᵀg and the balance row is g = (supply − load), so raising a
        // load by ε moves the optimum by −λ ε (currency/h per p.u.); per kWh divide by baseMVA·1000.
        dlmpPerKWh = model.activeBalanceRow.map { -solution.constraintMultipliers[$0] / (base * 1000) }
        reactivePricePerKVArh = model.reactiveBalanceRow.map { -solution.constraintMultipliers[$0] / (base * 1000) }
        var residual = [Double](repeating: 0, count: program.constraintCount)
        program.constraints(at: x, into: &residual)
        relaxationGap = model.currentRelationRow.map { abs(residual[$0]) }.max() ?? 0
        var violation = 0.0
        for i in 0..<program.constraintCount {
            violation = max(violation, program.constraintLowerBounds[i] - residual[i], residual[i] - program.constraintUpperBounds[i])
        }
        for j in 0..<program.variableCount {
            violation = max(violation, program.variableLowerBounds[j] - x[j], x[j] - program.variableUpperBounds[j])
        }
        maxConstraintViolation = violation
        binding = solution.status.hasSolution ? model.bindingConstraints(at: solution, residual: residual) : []
        tradeAcceptance = model.alpha.map { x[$0] }
        acCheckMaxVoltageDifferencePU = nil
        iterations = solution.iterations
        solveSeconds = solution.solveSeconds
    }
}
