/// The modified test system of DESIGN.md §2 as written in a system spec
/// (`Datasets/systems/*.yaml`): a feeder file plus the substation, extra
/// generators, voltage limits, the branch-rating rule and the microgrids.
/// Field names in the YAML are the property names below; units are in the names.
public struct SystemSpec: Sendable, Equatable, Decodable {
    /// Short name; becomes `Network.name`.
    public var name: String
    /// MATPOWER case file of the feeder, relative to the spec file.
    public var feeder: String
    public var substation: SubstationSpec
    /// Dispatchable generators added to the feeder (the paper's bus-18 unit).
    public var generators: [GeneratorSpec]
    public var voltageLimits: VoltageLimitsSpec
    public var branchRatings: BranchRatingRule
    public var microgrids: MicrogridFleetSpec
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
    public var pMinMW: Double
    public var pMaxMW: Double
    public var qMinMVAr: Double
    public var qMaxMVAr: Double
    public var importCost: QuadraticCostSpec
}

/// A dispatchable generator on a load bus.
public struct GeneratorSpec: Sendable, Equatable, Decodable {
    public var bus: Int
    public var pMinMW: Double
    public var pMaxMW: Double
    public var qMinMVAr: Double
    public var qMaxMVAr: Double
    public var cost: QuadraticCostSpec
}

/// Bus voltage limits applied to every bus (p.u.).
public struct VoltageLimitsSpec: Sendable, Equatable, Decodable {
    public var minPU: Double
    public var maxPU: Double
}

/// Branch apparent-power limits, which the feeder data lack:
/// `rateA = max(floorMVA, multipleOfBaseFlow × |S_from|)` with `|S_from|` the
/// from-end apparent power of the branch in the power flow of the spec's
/// network at `baseLoadScale`, all generators but the slack at zero output.
/// Open tie switches carry no base flow and get `floorMVA`.
public struct BranchRatingRule: Sendable, Equatable, Decodable {
    /// The rule in words, kept in the file for readers.
    public var rule: String
    public var multipleOfBaseFlow: Double
    public var floorMVA: Double
    public var baseLoadScale: Double
}

/// The microgrids (DESIGN.md §2, paper Table II). Capacities are given at
/// κ = 1; `scaleKappa` is the factor the market applies to every capacity.
public struct MicrogridFleetSpec: Sendable, Equatable, Decodable {
    public var scaleKappa: Double
    public var list: [MicrogridSpec]
}

/// One microgrid at a feeder bus, in kW / kWh / Rs.
public struct MicrogridSpec: Sendable, Equatable, Decodable {
    public var name: String
    /// Case-file id of the bus it connects to.
    public var bus: Int
    /// Nominal PV output (kW).
    public var pvNominalKW: Double
    public var battery: BatterySpec
    public var diesel: DieselSpec
    public var demand: FlexibleDemandSpec
}

/// Battery energy storage.
public struct BatterySpec: Sendable, Equatable, Decodable {
    public var ratedPowerKW: Double
    public var socMinKWh: Double
    public var socMaxKWh: Double
    public var initialSOCKWh: Double
    /// Charge / discharge efficiency (fraction, 0 < η ≤ 1).
    public var chargeEfficiency: Double
    public var dischargeEfficiency: Double
}

/// Diesel generator with cost `a g² + b g` (g in kW, Rs per hour).
public struct DieselSpec: Sendable, Equatable, Decodable {
    public var maxKW: Double
    public var aRsPerKW2h: Double
    public var bRsPerKWh: Double
}

/// Flexible demand with the utility of Samadi et al. (2010):
/// `U(d) = ω d − (α/2) d²` for `d ≤ ω/α`, `ω²/(2α)` beyond (d in kW, U in Rs per hour).
public struct FlexibleDemandSpec: Sendable, Equatable, Decodable {
    public var omegaRsPerKWh: Double
    public var alphaRsPerKW2h: Double
}
