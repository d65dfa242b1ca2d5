import Grid

/// A limit of the branch-flow OPF that holds the solution where it is
/// (DESIGN.md §4): relaxing it would lower the cost. Detected by primal
/// activity — the solution lies within a stated band of the limit — and
/// corroborated by the limit's multiplier, so a limit the solution merely
/// touches without pushing against it (a degenerate, zero-multiplier
/// contact) is not reported.
///
/// Tolerances, all on the solution Ipopt returns at `tol = 1e-9`:
/// - voltage: |V| within `voltageTolerancePU` = 1e-4 p.u. of `Vmin` or `Vmax`.
///   An interior-point solution stops ~1e-8 p.u. short of an active bound, so
///   the band is loose enough for warm-started and "acceptable" solves, while
///   1e-4 p.u. (1.3 V on a 12.66 kV feeder) is below any meter's accuracy:
///   a voltage that close is operationally at its limit. Non-binding voltages
///   on the shipped feeders sit at least 1e-3 p.u. away.
/// - thermal: terminal apparent power ≥ (1 − `loadingTolerance`) · rateA, 1e-4.
/// - generator: P or Q within `generatorToleranceMW` = 1e-4 MW (0.1 kW) of a limit.
/// - shedding: some bus sheds more than `sheddingToleranceKW` = 0.01 kW.
/// - multiplier: the bound's or row's multiplier exceeds `multiplierTolerance`
///   = 1e-6 × (1 + |objective|) in the objective's units per unit of the
///   constrained quantity (p.u.² for voltages and apparent power, p.u. for
///   dispatch). Relative to the objective so it does not depend on the
///   currency; inactive bounds of an interior-point solution carry multipliers
///   of order µ / slack ≈ 1e-7 and below.
///
/// Limits collapsed onto a set-point (`Vmin = Vmax`, as the trade check does at
/// the substation, or `Pmin = Pmax`) are equalities, not limits, and are never reported.
public struct BindingConstraint: Sendable, Hashable, CustomStringConvertible {
    /// The kind of limit.
    public enum Family: String, Sendable, CaseIterable {
        /// A bus voltage limit (`Vmin` or `Vmax`).
        case voltage
        /// A branch apparent-power limit (`rateA`).
        case thermal
        /// A generator's P or Q limit.
        case generator
        /// Load shedding: some bus sheds load.
        case shedding
    }

    /// The kind of limit.
    public var family: Family
    /// Which limit, in one of the forms `"bus 32 Vmin"`, `"bus 18 Vmax"`,
    /// `"branch 6-26 rateA"`, `"gen 18 Pmax"` (also `Pmin`, `Qmax`, `Qmin`;
    /// generators are named by their bus id) or `"shedding"`.
    public var description: String

    /// A binding limit of `family` named `description`.
    public init(family: Family, description: String) {
        self.family = family
        self.description = description
    }

    /// Band around a voltage limit inside which |V| counts as at the limit (p.u.).
    public static let voltageTolerancePU = 1e-4
    /// Loading above `1 − loadingTolerance` of rateA counts as at the limit.
    public static let loadingTolerance = 1e-4
    /// Band around a generator limit (MW or MVAr).
    public static let generatorToleranceMW = 1e-4
    /// Shed load above this at some bus (kW) reports `"shedding"`.
    public static let sheddingToleranceKW = 0.01
    /// Multiplier threshold relative to `1 + |objective|`.
    public static let relativeMultiplierTolerance = 1e-6
}

extension BranchFlowModel {
    /// The binding limits at `solution`, in the order voltages (bus order), branches
    /// (branch order), generators, shedding; `residual` holds the constraint values at
    /// `solution.x` (`QuadraticProgram.constraints(at:into:)`), which the caller has already.
    func bindingConstraints(at solution: IpoptSolution, residual: [Double]) -> [BindingConstraint] {
        let x = solution.x, zL = solution.lowerBoundMultipliers, zU = solution.upperBoundMultipliers
        let lambda = solution.constraintMultipliers
        let multiplierFloor = BindingConstraint.relativeMultiplierTolerance * (1 + abs(solution.objective))
        var binding: [BindingConstraint] = []

        for (i, bus) in buses.enumerated() where bus.vminPU < bus.vmaxPU {
            let voltage = x[v[i]].squareRoot()
            if voltage - bus.vminPU <= BindingConstraint.voltageTolerancePU, zL[v[i]] > multiplierFloor {
                binding.append(BindingConstraint(family: .voltage, description: "bus \(bus.id) Vmin"))
            }
            if bus.vmaxPU - voltage <= BindingConstraint.voltageTolerancePU, zU[v[i]] > multiplierFloor {
                binding.append(BindingConstraint(family: .voltage, description: "bus \(bus.id) Vmax"))
            }
        }

        for rows in apparentPowerRows {
            let limitSquared = program.constraintUpperBounds[rows.from]
            let atLimit = [rows.from, rows.to].contains { row in
                residual[row].squareRoot() >= (1 - BindingConstraint.loadingTolerance) * limitSquared.squareRoot()
                    && abs(lambda[row]) > multiplierFloor
            }
            if atLimit {
                let branch = branches[rows.branch]
                binding.append(BindingConstraint(family: .thermal, description: "branch \(branch.fromBus)-\(branch.toBus) rateA"))
            }
        }

        let band = BindingConstraint.generatorToleranceMW / baseMVA
        for (g, entry) in generators.enumerated() {
            for (variable, name) in [(pg[g], "P"), (qg[g], "Q")] {
                let lower = program.variableLowerBounds[variable], upper = program.variableUpperBounds[variable]
                guard lower < upper else { continue }
                if x[variable] - lower <= band, zL[variable] > multiplierFloor {
                    binding.append(BindingConstraint(family: .generator, description: "gen \(entry.generator.bus) \(name)min"))
                }
                if upper - x[variable] <= band, zU[variable] > multiplierFloor {
                    binding.append(BindingConstraint(family: .generator, description: "gen \(entry.generator.bus) \(name)max"))
                }
            }
        }

        let sheds = buses.indices.contains { i in
            shed[i].map { x[$0] * buses[i].pdMW * 1000 > BindingConstraint.sheddingToleranceKW } ?? false
        }
        if sheds { binding.append(BindingConstraint(family: .shedding, description: "shedding")) }
        return binding
    }
}
