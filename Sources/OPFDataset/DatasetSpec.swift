import Market

/// A dataset spec (`Datasets/specs/*.yaml`): which system, at which MG scale,
/// under which scenario distribution, with which features, and the named
/// out-of-distribution variants (DESIGN.md §5). Keys are camelCase with units,
/// like the system specs.
public struct DatasetSpec: Sendable, Equatable, Decodable {
    /// Short name, recorded in every file generated from the spec.
    public var name: String
    /// System spec path, relative to this file.
    public var system: String
    /// MG scale factor κ (DESIGN.md §2): 1 = paper Table II, 10 = stressed.
    /// Replaces the system spec's `microgrids.scaleKappa` when given.
    public var scaleKappa: Double?
    /// OPF formulation the DSO uses: "socp" or "exact".
    public var formulation: String
    /// Who solves the SOCP relaxation: "radial-ipm" (`RadialIPMSolver`, the default) or "ipopt". Only
    /// "ipopt" with `formulation: exact`; the exact re-solve of an inexact relaxation is always Ipopt's.
    public var solver: String?
    /// Iteration limit of the DSO's OPF solver (Ipopt's `max_iter`; default 500). A sample
    /// whose OPF reaches it is kept, with status `iteration_limit`.
    public var opfIterationLimit: Int?
    public var market: MarketParameters
    /// Each MG's must-serve demand as a share of its hourly maximum, in [0, 1].
    public var demandMinimumShare: Double
    public var scenario: ScenarioDistribution
    /// Feature set name: "paper" (Table III) or "extended".
    public var features: String
    /// Named variants; the in-distribution data uses the spec as written.
    public var splits: [DatasetSplitSpec]
}

/// One named variant of a dataset spec: every field left out keeps the base value.
public struct DatasetSplitSpec: Sendable, Equatable, Decodable {
    public var name: String
    /// What the variant changes, for the report.
    public var description: String
    /// Replacement scenario ranges (only the keys given).
    public var scenario: ScenarioOverrides?
    /// Multiplier on every MG's PV capacity ("higher PV").
    public var pvScale: Double?
    /// MGs moved to these buses (one per MG, in MG order).
    public var microgridBuses: [Int]?
    /// A branch exchange: close the open tie switch between `close` buses and open the branch between `open` buses.
    public var reconfiguration: ReconfigurationSpec?
    /// Another system spec (another feeder), relative to the dataset spec file.
    public var system: String?
}

/// A reconfiguration as bus pairs: `close: [from, to]` names an open tie switch,
/// `open: [from, to]` a closed branch on the loop it creates.
public struct ReconfigurationSpec: Sendable, Equatable, Decodable {
    public var close: [Int]
    public var open: [Int]
}

/// Scenario ranges a split replaces; nil keeps the base range.
public struct ScenarioOverrides: Sendable, Equatable, Decodable {
    public var loadScale: ValueRange?
    public var powerFactor: ValueRange?
    public var solarUncertaintyPercent: ValueRange?
    public var loadSheddingPriceRsPerKW2: ValueRange?
    public var correctionPriceRsPerKW2: ValueRange?
    public var pvIrradianceFactor: ValueRange?
    public var batterySOCFraction: ValueRange?
    public var microgridLoadScale: ValueRange?

    /// `base` with these overrides applied.
    public func applied(to base: ScenarioDistribution) -> ScenarioDistribution {
        var d = base
        d.loadScale = loadScale ?? d.loadScale
        d.powerFactor = powerFactor ?? d.powerFactor
        d.solarUncertaintyPercent = solarUncertaintyPercent ?? d.solarUncertaintyPercent
        d.loadSheddingPriceRsPerKW2 = loadSheddingPriceRsPerKW2 ?? d.loadSheddingPriceRsPerKW2
        d.correctionPriceRsPerKW2 = correctionPriceRsPerKW2 ?? d.correctionPriceRsPerKW2
        d.pvIrradianceFactor = pvIrradianceFactor ?? d.pvIrradianceFactor
        d.batterySOCFraction = batterySOCFraction ?? d.batterySOCFraction
        d.microgridLoadScale = microgridLoadScale ?? d.microgridLoadScale
        return d
    }
}
