/// The modified test system of DESIGN.md §2 as written in a system spec
/// (`Datasets/systems/*.yaml`): a feeder file plus the substation, extra
/// generators, voltage limits, the branch-rating rule and the microgrids.
/// Field names in the YAML are the property names below; units are in the names.
public struct SystemSpec: Sendable, Equatable, Decodable {
    /// Short name; becomes `Network.name`.
    public var name: String
    /// MATPOWER case file of the feeder, relative to the spec file.
    public var feeder: String
    /// The slack bus and its import cost.
    public var substation: SubstationSpec
    /// Dispatchable generators added to the feeder (the paper's bus-18 unit).
    public var generators: [GeneratorSpec]
    /// Voltage limits applied to every bus.
    public var voltageLimits: VoltageLimitsSpec
    /// How branch ratings are derived.
    public var branchRatings: BranchRatingRule
    /// The microgrids and their scale κ.
    public var microgrids: MicrogridFleetSpec
    /// The DSO's prices for curtailing trades and shedding load; absent fields
    /// take the defaults of DESIGN.md §4 (10 × and 50 × the import price).
    public var dsoPrices: DSOPricesSpec?
}

/// The two system constants of the DSO's trade check (DESIGN.md §4), in Rs/kWh.
/// Each is optional: nil means its default multiple of the import price (the
/// substation's linear cost `bRsPerMWh`, in Rs/kWh).
public struct DSOPricesSpec: Sendable, Equatable, Decodable {
    /// `π_curt`: linear price of curtailing one kWh of a proposed trade (default 10 × import price).
    public var curtailmentPriceRsPerKWh: Double?
    /// Value of lost load (default 50 × import price).
    public var vollRsPerKWh: Double?
}

/// Quadratic cost `C(p) = a p² + b p` of a grid-side source, with p in MW and C in Rs per hour.
public struct QuadraticCostSpec: Sendable, Equatable, Decodable {
    /// Quadratic coefficient a (Rs/MW²h).
    public var aRsPerMW2h: Double
    /// Linear coefficient b (Rs/MWh).
    public var bRsPerMWh: Double
}

/// The substation: slack bus, its voltage and the cost of importing power.
public struct SubstationSpec: Sendable, Equatable, Decodable {
    /// Case-file id of the slack bus.
    public var bus: Int
    /// Voltage magnitude held at the slack (p.u.).
    public var voltagePU: Double
    /// Active-power limits (MW); a negative minimum allows reverse flow.
    public var pMinMW: Double
    /// Upper active-power limit (MW).
    public var pMaxMW: Double
    /// Reactive-power limits (MVAr).
    public var qMinMVAr: Double
    /// Upper reactive-power limit (MVAr).
    public var qMaxMVAr: Double
    /// Cost of power drawn from the upstream grid.
    public var importCost: QuadraticCostSpec
}

/// A dispatchable generator on a load bus.
public struct GeneratorSpec: Sendable, Equatable, Decodable {
    /// Case-file id of its bus.
    public var bus: Int
    /// Active-power limits (MW).
    public var pMinMW: Double
    /// Upper active-power limit (MW).
    public var pMaxMW: Double
    /// Reactive-power limits (MVAr).
    public var qMinMVAr: Double
    /// Upper reactive-power limit (MVAr).
    public var qMaxMVAr: Double
    /// Generation cost.
    public var cost: QuadraticCostSpec
}

/// Bus voltage limits applied to every bus (p.u.).
public struct VoltageLimitsSpec: Sendable, Equatable, Decodable {
    /// Lower voltage limit (p.u.).
    public var minPU: Double
    /// Upper voltage limit (p.u.).
    public var maxPU: Double
}

/// Branch apparent-power limits, which the feeder data lack:
/// `rateA = max(floorMVA, multipleOfBaseFlow × |S_from|)` with `|S_from|` the
/// from-end apparent power of the branch in the power flow of the spec's
/// network at `baseLoadScale`, all generators but the slack at zero output.
/// An open tie switch carries no base flow: it is rated by the same rule on its
/// flows in the feeder's loss-minimising radial configuration at `baseLoadScale`
/// (branch exchange from the case's), or gets `floorMVA` when that leaves it open.
public struct BranchRatingRule: Sendable, Equatable, Decodable {
    /// The rule in words, kept in the file for readers.
    public var rule: String
    /// Rating as a multiple of the base-case from-end apparent power (dimensionless).
    public var multipleOfBaseFlow: Double
    /// Smallest rating any branch gets (MVA).
    public var floorMVA: Double
    /// Load scale of the base-case power flow (dimensionless).
    public var baseLoadScale: Double
}

/// The microgrids (DESIGN.md §2, paper Table II). Capacities are given at
/// κ = 1; `scaleKappa` is the factor the market applies to every capacity.
public struct MicrogridFleetSpec: Sendable, Equatable, Decodable {
    /// MG scale factor κ (dimensionless): the market multiplies every MG capacity by it.
    public var scaleKappa: Double
    /// The microgrids, in MG order (MG1 first).
    public var list: [MicrogridSpec]
}

/// One microgrid at a feeder bus, in kW / kWh / Rs.
public struct MicrogridSpec: Sendable, Equatable, Decodable {
    /// Label, e.g. `MG1`.
    public var name: String
    /// Case-file id of the bus it connects to.
    public var bus: Int
    /// Nominal PV output (kW).
    public var pvNominalKW: Double
    /// Battery energy storage at κ = 1.
    public var battery: BatterySpec
    /// Diesel generator at κ = 1.
    public var diesel: DieselSpec
    /// Flexible demand and its utility.
    public var demand: FlexibleDemandSpec
}

/// Battery energy storage.
public struct BatterySpec: Sendable, Equatable, Decodable {
    /// Charge / discharge power limit (kW).
    public var ratedPowerKW: Double
    /// Lowest allowed state of charge (kWh).
    public var socMinKWh: Double
    /// Highest allowed state of charge (kWh).
    public var socMaxKWh: Double
    /// State of charge at the start of a day (kWh).
    public var initialSOCKWh: Double
    /// Charge efficiency (fraction, 0 < η ≤ 1).
    public var chargeEfficiency: Double
    /// Discharge efficiency (fraction, 0 < η ≤ 1).
    public var dischargeEfficiency: Double
}

/// Diesel generator with cost `a g² + b g` (g in kW, Rs per hour).
public struct DieselSpec: Sendable, Equatable, Decodable {
    /// Output limit (kW).
    public var maxKW: Double
    /// Quadratic coefficient a (Rs/kW²h).
    public var aRsPerKW2h: Double
    /// Linear coefficient b (Rs/kWh).
    public var bRsPerKWh: Double
}

/// Flexible demand with the utility of Samadi et al. (2010):
/// `U(d) = ω d − (α/2) d²` for `d ≤ ω/α`, `ω²/(2α)` beyond (d in kW, U in Rs per hour).
public struct FlexibleDemandSpec: Sendable, Equatable, Decodable {
    /// Marginal utility at zero demand ω (Rs/kWh).
    public var omegaRsPerKWh: Double
    /// Satiation rate α (Rs/kW²h); demand beyond ω/α adds no utility.
    public var alphaRsPerKW2h: Double
}
