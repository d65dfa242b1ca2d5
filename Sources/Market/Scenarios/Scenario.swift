import SeededRandom

/// One sample's scenario: everything that varies between OPF runs apart from
/// the fixed system (DESIGN.md §5). Per-MG arrays follow the system's MG order.
public struct Scenario: Sendable, Equatable, Codable {
    public var loadScale: Double
    public var powerFactors: [Double]
    public var solarUncertaintyPercent: Double
    /// Relative PV forecast error per MG, within ±solarUncertaintyPercent/100.
    public var solarErrors: [Double]
    public var loadSheddingPriceRsPerKW2: Double
    public var correctionPriceRsPerKW2: Double
    public var pvIrradianceFactor: Double
    public var batterySOCFractions: [Double]
    public var microgridLoadScales: [Double]
    /// Multipliers `[seller][buyer]` applied to the cleared trades; nil when the
    /// proposal is the market's own clearing.
    public var perturbation: [[Double]]?
}

/// Draws scenarios from a `ScenarioDistribution`. Sample `i` of a dataset
/// uses its own generator, derived from the dataset seed and `i`, so a
/// sample's scenario never depends on which thread draws it or in what order.
public struct ScenarioSampler: Sendable {
    public let distribution: ScenarioDistribution
    public let microgridCount: Int

    public init(distribution: ScenarioDistribution, microgridCount: Int) {
        self.distribution = distribution
        self.microgridCount = microgridCount
    }

    /// The scenario of sample `index` of the dataset with seed `seed`.
    public func scenario(seed: UInt64, index: Int) -> Scenario {
        var random = SeededGenerator(seed: seed, stream: UInt64(index))
        let d = distribution
        func draw(_ range: ValueRange) -> Double { random.uniform(range.lower, range.upper) }
        let n = microgridCount
        let loadScale = draw(d.loadScale)
        let powerFactors = (0..<n).map { _ in draw(d.powerFactor) }
        let uncertainty = draw(d.solarUncertaintyPercent)
        let solarErrors = (0..<n).map { _ in random.uniform(-uncertainty, uncertainty) / 100 }
        let cLs = draw(d.loadSheddingPriceRsPerKW2)
        let lambdaCorr = draw(d.correctionPriceRsPerKW2)
        let irradiance = draw(d.pvIrradianceFactor)
        let soc = (0..<n).map { _ in draw(d.batterySOCFraction) }
        let mgLoad = (0..<n).map { _ in draw(d.microgridLoadScale) }
        let perturbed = random.nextUnit() < d.perturbedShare
        let perturbation: [[Double]]? = perturbed
            ? (0..<n).map { s in (0..<n).map { b in s == b ? 0 : draw(d.perturbationFactor) } }
            : nil
        return Scenario(loadScale: loadScale, powerFactors: powerFactors, solarUncertaintyPercent: uncertainty,
                        solarErrors: solarErrors, loadSheddingPriceRsPerKW2: cLs, correctionPriceRsPerKW2: lambdaCorr,
                        pvIrradianceFactor: irradiance, batterySOCFractions: soc, microgridLoadScales: mgLoad,
                        perturbation: perturbation)
    }
}

extension Scenario {
    /// The market's view of the hour: each MG (already scaled by κ) with this
    /// scenario's battery state, demand bounds and PV availability applied.
    public func microgridHours(for microgrids: [Microgrid]) -> [MicrogridHour] {
        precondition(microgrids.count == batterySOCFractions.count, "scenario drawn for another number of MGs")
        return microgrids.enumerated().map { n, base in
            var mg = base
            let battery = mg.battery
            mg.battery.socKWh = battery.minimumSOCKWh + batterySOCFractions[n] * (battery.maximumSOCKWh - battery.minimumSOCKWh)
            mg.demand.minimumKW *= microgridLoadScales[n]
            mg.demand.maximumKW *= microgridLoadScales[n]
            let pv = mg.photovoltaic.availableKW(irradianceFactor: pvIrradianceFactor, forecastError: solarErrors[n])
            return MicrogridHour(microgrid: mg, availablePVKW: pv)
        }
    }

    /// The proposal submitted to the DSO: the cleared trades, times the
    /// perturbation factors when this sample is a perturbed one.
    public func proposedTrades(fromCleared tradesKW: [[Double]]) -> [[Double]] {
        guard let factors = perturbation else { return tradesKW }
        return tradesKW.indices.map { s in tradesKW[s].indices.map { b in tradesKW[s][b] * factors[s][b] } }
    }
}
