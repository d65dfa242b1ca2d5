/// The independent distributions the dataset generator draws each sample's
/// scenario from (DESIGN.md §5, paper Fig. 8), all uniform on their ranges.
public struct ScenarioDistribution: Sendable, Equatable, Codable {
    /// Multiplier on every feeder bus load (network load scale s).
    public var loadScale: ValueRange
    /// Power factor of each MG's exchange with the feeder (lagging, drawn per MG).
    public var powerFactor: ValueRange
    /// Solar forecast uncertainty (%): each MG's PV availability is perturbed by a
    /// relative error drawn uniformly from ±u, where u is drawn from this range per sample.
    public var solarUncertaintyPercent: ValueRange
    /// DSO load-shedding price c_ls (Rs/kW²).
    public var loadSheddingPriceRsPerKW2: ValueRange
    /// DSO trade-correction price λ_corr (Rs/kW²).
    public var correctionPriceRsPerKW2: ValueRange
    /// The hour's PV output as a share of nominal (irradiance), drawn per sample.
    public var pvIrradianceFactor: ValueRange
    /// Each battery's state of charge as a share of its [min, max] SOC window.
    public var batterySOCFraction: ValueRange
    /// Multiplier on each MG's demand bounds (its load this hour), drawn per MG.
    public var microgridLoadScale: ValueRange
    /// Share of samples whose cleared proposal is perturbed, so the data also
    /// covers non-optimal proposals, in [0, 1].
    public var perturbedShare: Double
    /// Factor each trade of a perturbed proposal is multiplied by.
    public var perturbationFactor: ValueRange

    public init(loadScale: ValueRange, powerFactor: ValueRange, solarUncertaintyPercent: ValueRange,
                loadSheddingPriceRsPerKW2: ValueRange, correctionPriceRsPerKW2: ValueRange,
                pvIrradianceFactor: ValueRange, batterySOCFraction: ValueRange, microgridLoadScale: ValueRange,
                perturbedShare: Double, perturbationFactor: ValueRange) {
        self.loadScale = loadScale
        self.powerFactor = powerFactor
        self.solarUncertaintyPercent = solarUncertaintyPercent
        self.loadSheddingPriceRsPerKW2 = loadSheddingPriceRsPerKW2
        self.correctionPriceRsPerKW2 = correctionPriceRsPerKW2
        self.pvIrradianceFactor = pvIrradianceFactor
        self.batterySOCFraction = batterySOCFraction
        self.microgridLoadScale = microgridLoadScale
        self.perturbedShare = perturbedShare
        self.perturbationFactor = perturbationFactor
    }

    /// Every range with its name and the interval it must lie in, for validation.
    public var namedRanges: [(name: String, range: ValueRange, allowed: ClosedRange<Double>)] {
        [("loadScale", loadScale, 0...10), ("powerFactor", powerFactor, 0.01...1),
         ("solarUncertaintyPercent", solarUncertaintyPercent, 0...100),
         ("loadSheddingPriceRsPerKW2", loadSheddingPriceRsPerKW2, 0...1e6),
         ("correctionPriceRsPerKW2", correctionPriceRsPerKW2, 0...1e6),
         ("pvIrradianceFactor", pvIrradianceFactor, 0...1.5), ("batterySOCFraction", batterySOCFraction, 0...1),
         ("microgridLoadScale", microgridLoadScale, 0...100), ("perturbationFactor", perturbationFactor, 0...100)]
    }
}
