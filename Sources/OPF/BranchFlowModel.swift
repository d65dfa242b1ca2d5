import Foundation
import Grid
import PortableMath

/// The DSO's branch-flow OPF (DESIGN.md §4), written as PowerModels writes
/// `opf_bf`: variables, objective, then one function per constraint family.
/// Everything inside is per unit on `baseMVA`; every branch `l` is oriented
/// from bus `f` to bus `t` as in the case file, with `P_l`, `Q_l` the power
/// entering its series impedance at the `f` side, `ℓ_l = |I_l|²` and
/// `w_l = v_f / τ_l²` the squared voltage behind the tap. The formulation
/// (`.socp` or `.exact`) only changes the bounds of the current–power rows.
struct BranchFlowModel {
    let specification: BranchFlowSpecification
    let buses: [Bus]
    let branches: [Branch]
    /// In-service generators with their index in `network.generators`.
    let generators: [(index: Int, generator: Generator)]
    let fromBus: [Int], toBus: [Int]
    let generatorBus: [Int]
    var baseMVA: Double { specification.network.baseMVA }

    // Variable indices.
    private(set) var v: [Int] = []
    private(set) var p: [Int] = [], q: [Int] = [], ell: [Int] = []
    private(set) var pg: [Int] = [], qg: [Int] = []
    /// Shed fraction `σ_i ∈ [0, 1]` of each bus's load; nil where the bus cannot shed.
    private(set) var shed: [Int?] = []
    private(set) var alpha: [Int] = []

    // Constraint rows.
    private(set) var activeBalanceRow: [Int] = [], reactiveBalanceRow: [Int] = []
    private(set) var voltageDropRow: [Int] = [], currentRelationRow: [Int] = []
    /// The two `rateA` rows (`f` and `t` end) of every rated branch.
    private(set) var apparentPowerRows: [(branch: Int, from: Int, to: Int)] = []

    private(set) var program = QuadraticProgram()

    /// Builds the model; `specification` must have passed `OPFValidation` (every referenced bus exists).
    init(_ specification: BranchFlowSpecification) {
        self.specification = specification
        let network = specification.network
        buses = network.buses
        let index = Dictionary(uniqueKeysWithValues: buses.enumerated().map { ($1.id, $0) })
        branches = network.branches.filter(\.inService)
        fromBus = branches.map { index[$0.fromBus]! }
        toBus = branches.map { index[$0.toBus]! }
        generators = network.generators.enumerated().filter { $1.inService }.map { ($0, $1) }
        generatorBus = generators.map { index[$0.generator.bus]! }

        addVariables()
        addObjective()
        constrainActivePowerBalance()
        constrainReactivePowerBalance()
        constrainVoltageDrop()
        constrainCurrentPowerRelation()
        constrainBranchApparentPower()
    }

    // MARK: Variables

    private mutating func addVariables() {
        v = buses.map { bus in
            let limits = voltageLimits(bus)
            return program.addVariable(lower: limits.lower, upper: limits.upper)
        }
        p = branches.map { _ in program.addVariable(lower: -.infinity, upper: .infinity) }
        q = branches.map { _ in program.addVariable(lower: -.infinity, upper: .infinity) }
        ell = branches.map { _ in program.addVariable(lower: 0, upper: .infinity) }
        pg = generators.map { program.addVariable(lower: $0.generator.pminMW / baseMVA, upper: $0.generator.pmaxMW / baseMVA) }
        qg = generators.map { program.addVariable(lower: $0.generator.qminMVAr / baseMVA, upper: $0.generator.qmaxMVAr / baseMVA) }
        shed = buses.map { bus in
            specification.shedding != nil && bus.pdMW > 0 ? program.addVariable(lower: 0, upper: 1) : nil
        }
        alpha = specification.trades.map { _ in program.addVariable(lower: 0, upper: 1) }
    }

    /// Voltage limits on `v = |V|²`: `Vmin² ≤ v ≤ Vmax²`.
    private func voltageLimits(_ bus: Bus) -> (lower: Double, upper: Double) {
        (bus.vminPU * bus.vminPU, bus.vmaxPU * bus.vmaxPU)
    }

    // MARK: Objective

    /// `Σ_g C_g(p_g) + Σ_i (VOLL shed_i + c_ls shed_i²) + Σ_k (π_curt C_k + λ_corr C_k²)` with
    /// `C_k = (1 − α_k) t_k` (DESIGN.md §4, version 2). The linear `π_curt` term makes the first
    /// curtailed kW cost more than the marginal losses it saves, so trades are cut only where a limit binds.
    private mutating func addObjective() {
        for (g, entry) in generators.enumerated() {
            guard case let .polynomial(highestFirst)? = entry.generator.cost?.model else { continue }
            // C(P_MW) = Σ c_k P_MW^k with P_MW = baseMVA · p, so the p^k coefficient is c_k baseMVA^k.
            let perUnit = highestFirst.reversed().enumerated().map { k, c in c * Portable.pow(baseMVA, k) }
            program.addObjective(polynomial: perUnit, of: pg[g])
        }
        if let cost = specification.shedding {
            for (i, bus) in buses.enumerated() {
                guard let sigma = shed[i] else { continue }
                let loadPU = bus.pdMW / baseMVA
                program.addObjective(polynomial: [0, cost.linearPerPU * loadPU, cost.quadraticPerPU2 * loadPU * loadPU],
                                     of: sigma)
            }
        }
        for (k, trade) in specification.trades.enumerated() {
            // π (1 − α) t + λ ((1 − α) t)², expanded in powers of α.
            let linear = specification.curtailmentCostPerPU * trade.powerPU
            let quadratic = specification.correctionCostPerPU2 * trade.powerPU * trade.powerPU
            program.addObjective(polynomial: [linear + quadratic, -linear - 2 * quadratic, quadratic], of: alpha[k])
        }
    }

    // MARK: Constraints

    /// Active balance at every bus:
    /// `Σ p_g + Σ trade injections − (1 − σ) Pd − Gs v = Σ_{l: f=i} P_l − Σ_{l: t=i} (P_l − r_l ℓ_l)`.
    private mutating func constrainActivePowerBalance() {
        activeBalanceRow = buses.indices.map { i in
            var balance = QuadraticExpression()
            let loadPU = buses[i].pdMW / baseMVA
            balance.constant = -loadPU
            if let sigma = shed[i] { balance.add(loadPU, sigma) }
            balance.add(-buses[i].gsMW / baseMVA, v[i])
            for g in generators.indices where generatorBus[g] == i { balance.add(1, pg[g]) }
            for (k, trade) in specification.trades.enumerated() {
                if trade.sellerBus == i { balance.add(trade.powerPU, alpha[k]) }
                if trade.buyerBus == i { balance.add(-trade.powerPU, alpha[k]) }
            }
            for l in branches.indices {
                if fromBus[l] == i { balance.add(-1, p[l]) }
                if toBus[l] == i {
                    balance.add(1, p[l])
                    balance.add(-branches[l].rPU, ell[l])
                }
            }
            return program.constrain(balance, lower: 0, upper: 0)
        }
    }

    /// Reactive balance at every bus, with line charging `b/2` at both ends of each branch
    /// (the `f` side behind the tap) and the bus shunt `Bs` injecting `Bs v`.
    private mutating func constrainReactivePowerBalance() {
        reactiveBalanceRow = buses.indices.map { i in
            var balance = QuadraticExpression()
            let loadPU = buses[i].qdMVAr / baseMVA
            balance.constant = -loadPU
            if let sigma = shed[i] { balance.add(loadPU, sigma) }
            balance.add(buses[i].bsMVAr / baseMVA, v[i])
            for g in generators.indices where generatorBus[g] == i { balance.add(1, qg[g]) }
            for (k, trade) in specification.trades.enumerated() {
                if trade.sellerBus == i { balance.add(trade.powerPU * trade.sellerTanPhi, alpha[k]) }
                if trade.buyerBus == i { balance.add(-trade.powerPU * trade.buyerTanPhi, alpha[k]) }
            }
            for l in branches.indices {
                let halfCharging = branches[l].bPU / 2
                if fromBus[l] == i {
                    balance.add(-1, q[l])
                    balance.add(halfCharging / tapSquared(l), v[i])
                }
                if toBus[l] == i {
                    balance.add(1, q[l])
                    balance.add(-branches[l].xPU, ell[l])
                    balance.add(halfCharging, v[i])
                }
            }
            return program.constrain(balance, lower: 0, upper: 0)
        }
    }

    /// Voltage drop along every branch: `v_t = v_f/τ² − 2(r P + x Q) + (r² + x²) ℓ`.
    private mutating func constrainVoltageDrop() {
        voltageDropRow = branches.indices.map { l in
            let r = branches[l].rPU, x = branches[l].xPU
            var drop = QuadraticExpression()
            drop.add(1, v[toBus[l]])
            drop.add(-1 / tapSquared(l), v[fromBus[l]])
            drop.add(2 * r, p[l])
            drop.add(2 * x, q[l])
            drop.add(-(r * r + x * x), ell[l])
            return program.constrain(drop, lower: 0, upper: 0)
        }
    }

    /// Current–power relation `P² + Q² − (v_f/τ²) ℓ`: `≤ 0` in the SOCP relaxation, `= 0` in the exact model.
    private mutating func constrainCurrentPowerRelation() {
        currentRelationRow = branches.indices.map { l in
            program.constrain(currentPowerResidual(l), lower: specification.formulation == .exact ? 0 : -.infinity, upper: 0)
        }
    }

    /// The expression `P² + Q² − w ℓ` whose sign the current–power relation fixes.
    func currentPowerResidual(_ l: Int) -> QuadraticExpression {
        var residual = QuadraticExpression()
        residual.add(1, p[l], times: p[l])
        residual.add(1, q[l], times: q[l])
        residual.add(-1 / tapSquared(l), v[fromBus[l]], times: ell[l])
        return residual
    }

    /// `rateA` limits on the apparent power at both terminals (MATPOWER's flow limit type 'S'):
    /// `P² + (Q − b/2 w)² ≤ S²` at `f`, `(P − rℓ)² + (Q − xℓ + b/2 v_t)² ≤ S²` at `t`.
    private mutating func constrainBranchApparentPower() {
        for l in branches.indices where branches[l].rateAMVA > 0 {
            let limit = branches[l].rateAMVA / baseMVA
            let halfCharging = branches[l].bPU / 2
            var fromEnd = QuadraticExpression()
            fromEnd.addSquare(of: [(p[l], 1)])
            fromEnd.addSquare(of: [(q[l], 1), (v[fromBus[l]], -halfCharging / tapSquared(l))])
            let fromRow = program.constrain(fromEnd, lower: -.infinity, upper: limit * limit)
            var toEnd = QuadraticExpression()
            toEnd.addSquare(of: [(p[l], 1), (ell[l], -branches[l].rPU)])
            toEnd.addSquare(of: [(q[l], 1), (ell[l], -branches[l].xPU), (v[toBus[l]], halfCharging)])
            let toRow = program.constrain(toEnd, lower: -.infinity, upper: limit * limit)
            apparentPowerRows.append((l, fromRow, toRow))
        }
    }

    /// `τ²` of a branch; MATPOWER writes 0 for "no transformer", meaning τ = 1.
    func tapSquared(_ l: Int) -> Double {
        let tau = branches[l].tapRatio == 0 ? 1 : branches[l].tapRatio
        return tau * tau
    }
}
